// Bundles the action into one ESM file with every dependency inlined: a runner downloads the repository
// without node_modules. Deterministic (fixed working directory, no timestamps, no source maps), so a test
// can rebuild it and compare it with the committed action/dist/index.js. Minified, with the rule table packed;
// the Swagger 2.0 converter and the external-$ref bundler sit in files of their own beside it: every run parses
// index.js, few need the converter, none bundles external refs. Contracts, manifests and waiver files are all read
// with js-yaml, inside index.js; the converter's file carries no YAML parser of its own.
//
//   node action/build.mjs [--outfile FILE]

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildConverter } from '../contracts/build-converter.mjs';
import { packRuleTable } from './pack-rule-table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outfile: { type: 'string', default: 'action/dist/index.js' } } });

// The engine loads some packages with `createRequire(import.meta.url)` (lazily, or for JSON schemas). A bundle has
// no node_modules beside it, so those calls become plain `require`s, which esbuild follows and inlines.
const inlineCreateRequire = {
  name: 'inline-create-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]contracts[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/^const require = createRequire\(import\.meta\.url\);$/m, ''), loader: 'ts' };
    });
  },
};

// Packages the engine loads lazily (require or import()), each bundled into its own CommonJS file next to index.js
// and loaded from there. js-yaml is loaded lazily too (by the manifest reader), but the contract loader imports it:
// it is in index.js already.
const SIDE_FILES = { swagger2openapi: 'swagger2openapi.cjs', '@apidevtools/swagger-parser': 'swagger-parser.cjs' };

const requireSideFiles = {
  name: 'require-side-files',
  setup(build) {
    const names = Object.keys(SIDE_FILES).map((name) => name.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./${SIDE_FILES[args.path]}`, external: true }));
  },
};

// The OpenAPI validators are generated code, about 650 KB: each goes in an ES module of its own beside index.js,
// imported only when a contract of that version is read.
const VALIDATORS = ['openapi-2-0', 'openapi-3-0', 'openapi-3-1'];

// The engine asks a yes/no validator first (contracts/load/yes-no.mjs); here the full one answers it too, so that the
// Action carries one file per version.
const importValidatorFiles = {
  name: 'import-validator-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/validators\/openapi-[0-9]-[0-9](-valid)?\.js$/ }, (args) => ({
      path: `./${path.basename(args.path, '.js').replace(/-valid$/, '')}.mjs`,
      external: true,
    }));
  },
};

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', legalComments: 'eof', minify: true, logLevel: 'warning' };

for (const [name, file] of Object.entries(SIDE_FILES)) {
  const outfile = path.join(path.dirname(values.outfile), file);
  // The converter without its unused YAML parser and fetch client, as in dist/contracts.
  if (name === 'swagger2openapi') await buildConverter(outfile, common);
  else
    await build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
      outfile,
      format: 'cjs',
    });
}

// CommonJS dependencies call require() for Node's own modules; an ESM file has no require of its own.
const banner = { js: "import { createRequire as __overseerCreateRequire } from 'node:module';\nconst require = __overseerCreateRequire(import.meta.url);" };

for (const name of VALIDATORS) {
  await build({
    ...common,
    entryPoints: [`contracts/load/validators/${name}.ts`],
    outfile: path.join(path.dirname(values.outfile), `${name}.mjs`),
    format: 'esm',
    banner,
    plugins: [inlineCreateRequire],
  });
}

await build({
  ...common,
  entryPoints: ['action/index.ts'],
  outfile: values.outfile,
  format: 'esm',
  banner,
  plugins: [packRuleTable, inlineCreateRequire, requireSideFiles, importValidatorFiles],
});
