// An esbuild plugin for the bundles (dist/contracts/index.js, the action): each file of the rule table goes in
// as its rows, JSON compressed with Brotli, instead of as source. The table is ~1,300 rows whose ids and
// descriptions repeat the same positions and changes (`request property inside a parameter schema: ...`), about
// 195 KB of object literals that every start would compile; packed they are a few KB, read in about a millisecond.
// The source files stay as they are, one row per line, so that grepping an id finds its declaration.
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { brotliCompressSync, constants } from 'node:zlib';
import { transform } from 'esbuild';

// esbuild filters are Go regular expressions (no lookahead): row.ts, which holds types only, is passed over below.
const TABLE_FILE = /[\\/]contracts[\\/]rules[\\/]table[\\/][^\\/]+\.ts$/;

/** Evaluates one table file (its imports are types only) and returns its exports. */
async function readRows(file) {
  const { code } = await transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm', sourcefile: file });
  if (/^\s*import\s/m.test(code)) throw new Error(`${file}: a rule table file may import types only, to be packed`);
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

function pack(value, file, name) {
  const json = JSON.stringify(value);
  if (!isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`${file}: ${name} is not plain JSON data, so it cannot be packed`);
  return brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }).toString(
    'base64',
  );
}

export const packRuleTable = {
  name: 'pack-rule-table',
  setup(build) {
    build.onLoad({ filter: TABLE_FILE }, async (args) => {
      if (/[\\/]row\.ts$/.test(args.path)) return undefined;
      const exports = await readRows(args.path);
      const lines = Object.entries(exports).map(([name, value]) => `export const ${name} = unpack(${JSON.stringify(pack(value, args.path, name))});`);
      const unpack = "const unpack = (text) => JSON.parse(brotliDecompressSync(Buffer.from(text, 'base64')).toString());";
      return { contents: ["import { brotliDecompressSync } from 'node:zlib';", unpack, ...lines].join('\n'), loader: 'js' };
    });
  },
};
