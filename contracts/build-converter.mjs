// Bundles swagger2openapi into one CommonJS file without the parts Overseer never lets it use: two copies of the
// `yaml` 1.x package (170 KB; the converter is always handed the document and its text, so it never parses or writes
// YAML) and node-fetch-h2 (external references are bundled by the loader, never fetched by the converter).
// Used by the engine bundle (dist/contracts) and the Action (action/dist), so the CLI and the Action load one YAML
// parser, js-yaml, even for Swagger 2.0.
import { build } from 'esbuild';
import { patchConverter } from './converter-patches.mjs';

// If the converter ever reached one of them, the user gets this message rather than a silent wrong answer.
const STUB = (what) =>
  `const refuse = () => { throw new Error(${JSON.stringify(`the Swagger 2.0 converter tried to ${what}, which Overseer does not bundle it for`)}); };
module.exports = refuse; module.exports.default = refuse; module.exports.parse = refuse; module.exports.stringify = refuse;`;

const LEFT_OUT = { yaml: STUB('read or write YAML'), 'node-fetch-h2': STUB('fetch a URL') };

const leaveOut = {
  name: 'leave-out-unused',
  setup(b) {
    b.onResolve({ filter: /^(yaml|node-fetch-h2)$/ }, (args) => ({ path: args.path, namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({ contents: LEFT_OUT[args.path], loader: 'js' }));
  },
};

/** Writes the converter to `outfile`; `options` are the caller's esbuild options (minify, working directory). */
export async function buildConverter(outfile, options) {
  await build({
    ...options,
    stdin: { contents: 'module.exports = require("swagger2openapi");', resolveDir: options.absWorkingDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    plugins: [leaveOut, patchConverter],
  });
}
