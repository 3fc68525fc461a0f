// Bundles the action into one ESM file with every dependency inlined: a runner downloads the repository
// without node_modules. Deterministic (fixed working directory, no timestamps, no source maps), so a test
// can rebuild it and compare it with the committed action/dist/index.js.
//
//   node action/build.mjs [--outfile FILE]

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

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

await build({
  absWorkingDir: root,
  entryPoints: ['action/index.ts'],
  outfile: values.outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // CommonJS dependencies call require() for Node's own modules; an ESM file has no require of its own.
  banner: { js: "import { createRequire as __overseerCreateRequire } from 'node:module';\nconst require = __overseerCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  plugins: [inlineCreateRequire],
  logLevel: 'warning',
});
