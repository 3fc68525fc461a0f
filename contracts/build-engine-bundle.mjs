// Run by `npm run build` after tsc: rewrites dist/contracts/index.js as one module holding the whole
// engine. Node resolves and evaluates ~70 small ES modules one by one at every start of the CLI; one
// file cuts ~70 ms of CPU from a small diff. npm packages stay outside it, and so do the build-time
// validators, which are loaded only for the OpenAPI version at hand.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// `import('./validators/openapi-3-0.js')` in load/validate.ts, seen from dist/contracts/index.js.
const keepValidatorsApart = {
  name: 'keep-validators-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/validators\// }, (args) => ({ path: `./load/${args.path.slice(2)}`, external: true }));
  },
};

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
  plugins: [keepValidatorsApart],
  logLevel: 'warning',
});
