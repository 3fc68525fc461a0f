// Run by `npm run build` after tsc: rewrites dist/contracts/index.js as one module holding the whole
// engine. Node resolves and evaluates ~70 small ES modules one by one at every start of the CLI; one
// file cuts ~70 ms of CPU from a small diff. npm packages stay outside it, and so do the build-time
// validators, which are loaded only for the OpenAPI version at hand. The Swagger 2.0 converter is
// bundled beside it without the YAML parser it would otherwise load (build-converter.mjs).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildConverter } from './build-converter.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// `import('./validators/openapi-3-0.js')` in load/validate.ts, seen from dist/contracts/index.js.
const keepValidatorsApart = {
  name: 'keep-validators-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/validators\// }, (args) => ({ path: `./load/${args.path.slice(2)}`, external: true }));
  },
};

// load/swagger2.ts loads the converter with createRequire, which esbuild leaves alone: point it at the side file.
const CONVERTER_REQUIRE = "require('swagger2openapi')";
const useConverterFile = {
  name: 'use-converter-file',
  setup(b) {
    b.onLoad({ filter: /[\\/]contracts[\\/]load[\\/]swagger2\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(CONVERTER_REQUIRE)) throw new Error(`${args.path} no longer says ${CONVERTER_REQUIRE}: update build-engine-bundle.mjs`);
      return { contents: source.replace(CONVERTER_REQUIRE, "require('./swagger2openapi.cjs')"), loader: 'ts' };
    });
  },
};

await buildConverter('dist/contracts/swagger2openapi.cjs', { absWorkingDir: root, minify: true, logLevel: 'warning' });

await build({
  absWorkingDir: root,
  entryPoints: ['contracts/index.ts'],
  outfile: 'dist/contracts/index.js',
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  plugins: [keepValidatorsApart, useConverterFile],
  logLevel: 'warning',
});
