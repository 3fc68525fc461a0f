// An esbuild plugin for the action's bundle (action/build.mjs): the rule table goes in as its rows, one blob of deflated JSON, instead
// of as source. The table is ~820 rows whose ids and descriptions repeat the same positions and changes (`request
// property inside a parameter schema: ...`): about 195 KB of object literals, 16 KB packed, and one inflate at start
// costs what compiling the literals did. The source files stay as they are, one row per line, so that grepping an
// id finds its declaration.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { transform } from 'esbuild';

// esbuild filters are Go regular expressions (no lookahead): row.ts, which holds types only, is passed over below.
const TABLE_FILE = /[\\/]contracts[\\/]rules[\\/]table[\\/][^\\/]+\.ts$/;
const ROWS_MODULE = 'overseer-packed-rule-rows';
const isRowTypes = (file) => path.basename(file) === 'row.ts';

/** Evaluates one table file (its imports are types only) and returns its exports. */
async function readRows(file) {
  const { code } = await transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm', sourcefile: file });
  if (/^\s*import\s/m.test(code)) throw new Error(`${file}: a rule table file may import types only, to be packed`);
  const exports = { ...(await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) };
  for (const [name, value] of Object.entries(exports)) {
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) throw new Error(`${file}: ${name} is not plain JSON data, so it cannot be packed`);
  }
  return exports;
}

export const packRuleTable = {
  name: 'pack-rule-table',
  setup(build) {
    // Every table file's exports, read once: each file asks for its own names, the blob holds them all.
    const tables = new Map();
    const rowsOf = (file) => {
      if (!tables.has(file)) tables.set(file, readRows(file));
      return tables.get(file);
    };
    build.onLoad({ filter: TABLE_FILE }, async (args) => {
      if (isRowTypes(args.path)) return undefined;
      const names = Object.keys(await rowsOf(args.path));
      const lines = names.map((name) => `export const ${name} = ROWS[${JSON.stringify(name)}];`);
      return { contents: [`import { ROWS } from '${ROWS_MODULE}';`, ...lines].join('\n'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
    build.onResolve({ filter: new RegExp(`^${ROWS_MODULE}$`) }, (args) => ({ path: args.resolveDir, namespace: ROWS_MODULE }));
    build.onLoad({ filter: /.*/, namespace: ROWS_MODULE }, async (args) => {
      const files = (await readdir(args.path)).filter((f) => f.endsWith('.ts') && !isRowTypes(f)).sort();
      const all = {};
      for (const file of files) Object.assign(all, await rowsOf(path.join(args.path, file)));
      const blob = deflateRawSync(JSON.stringify(all), { level: 9 }).toString('base64');
      return {
        contents: `import { inflateRawSync } from 'node:zlib';\nexport const ROWS = JSON.parse(inflateRawSync(Buffer.from('${blob}', 'base64')).toString());`,
        loader: 'js',
      };
    });
  },
};
