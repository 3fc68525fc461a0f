// Run by `npm run build` after tsc: writes the whole engine as one file, dist/contracts/engine.cjs, and
// dist/contracts/index.js as the module that runs it. Node resolves and evaluates ~70 small ES modules one by one at
// every start of the CLI; one file cuts ~70 ms of CPU from a small diff. npm packages stay outside it, but for js-yaml,
// carried edited (yaml-patches.mjs), and so do the build-time validators, which are loaded only for the OpenAPI version
// at hand. The Swagger 2.0 converter is bundled beside it without the YAML parser it would otherwise load
// (build-converter.mjs).
// The bundle is CommonJS so that it can be compiled with V8's code cache (load/engine-cache.ts), which Node 20's ES
// module loader does not take; the cache is made here, by a child that runs the engine on fixture pairs
// (warm-engine-cache.mjs), so that an install that cannot write beside itself has it too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildConverter } from './build-converter.mjs';
import { VALIDATOR_MODULES } from './load/build-validators.mjs';
import { patchYaml } from './yaml-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// `import('./validators/openapi-3-0.js')` in load/validate.ts, seen from dist/contracts/engine.cjs.
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

// A script V8 compiles with a cache has no `import()` of its own in Node 20 (the callback is lost when the cache is
// taken): the engine's dynamic imports call the loader's `__engineImport`, paths made relative to the bundle.
const IMPORT_CALLS = /\bawait import\((['"])(\.\/validators\/)?/g;
const importThroughLoader = {
  name: 'import-through-loader',
  setup(b) {
    b.onLoad({ filter: /[\\/]contracts[\\/]load[\\/](validate|external)\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (source.search(IMPORT_CALLS) < 0) throw new Error(`${args.path} has no \`await import(\` left: update build-engine-bundle.mjs`);
      const rewritten = source.replace(IMPORT_CALLS, (_, quote, local) => `await __engineImport(${quote}${local ? './load/validators/' : ''}`);
      return { contents: `declare const __engineImport: (specifier: string) => Promise<any>;\n${rewritten}`, loader: 'ts' };
    });
  },
};

await buildConverter('dist/contracts/swagger2openapi.cjs', { absWorkingDir: root, minify: true, logLevel: 'warning' });

// The bundle's first line names its own SHA-256 (taken with zeros in its place, which keeps the source map's lines), so
// that a cache file can say which bundle it was made from without the CLI hashing 700 KB at every start.
const DIGEST_LINE = '// engine bundle sha256 ';
async function stampDigest(file) {
  const text = await readFile(file, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  await writeFile(file, text.replace(`${DIGEST_LINE}${'0'.repeat(64)}`, `${DIGEST_LINE}${digest}`));
}

// The engine's exports, by name, for the module that re-exports them (an ES module's exports are written out).
const surface = await build({
  absWorkingDir: root,
  entryPoints: ['contracts/index.ts'],
  outdir: 'dist/contracts',
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  write: false,
  metafile: true,
  plugins: [keepValidatorsApart],
  logLevel: 'warning',
});
const exportNames = Object.values(surface.metafile.outputs).flatMap((output) => output.exports);
// The packages it imports at its top, loaded as ES modules and handed to the bundle's `require`: none today. js-yaml is
// bundled, edited (yaml-patches.mjs), from its ES build, one file where its CommonJS entry is twenty.
const packageNames = [
  ...new Set(
    Object.values(surface.metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith('node:') && i.path !== 'js-yaml').map((i) => i.path),
    ),
  ),
];

await build({
  absWorkingDir: root,
  entryPoints: ['contracts/index.ts'],
  outfile: 'dist/contracts/engine.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  define: { 'import.meta.url': '__engineUrl' },
  banner: { js: `${DIGEST_LINE}${'0'.repeat(64)}` },
  plugins: [keepValidatorsApart, useConverterFile, importThroughLoader, patchYaml],
  logLevel: 'warning',
});
await stampDigest(`${root}dist/contracts/engine.cjs`);

// Each OpenAPI validator as CommonJS too, beside its ES module, so that the engine's import of it runs with a code cache
// of its own (load/engine-cache.ts); the ES modules stay for the code outside the bundle.
for (const name of VALIDATOR_MODULES) {
  const outfile = `dist/contracts/load/validators/${name}.cjs`;
  await build({
    absWorkingDir: root,
    entryPoints: [`contracts/load/validators/${name}.ts`],
    outfile,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': '__engineUrl' },
    banner: { js: `${DIGEST_LINE}${'0'.repeat(64)}` },
    logLevel: 'warning',
  });
  await stampDigest(`${root}${outfile}`);
}

await writeFile(
  `${root}dist/contracts/index.js`,
  `// Written by contracts/build-engine-bundle.mjs: the engine (engine.cjs), compiled with its code cache where V8 takes it.
import { loadEngineBundle } from './load/engine-cache.js';
${packageNames.map((name, i) => `import * as package${i} from '${name}';`).join('\n')}
const packages = { ${packageNames.map((name, i) => `'${name}': package${i}`).join(', ')} };
const engine = loadEngineBundle(new URL('./engine.cjs', import.meta.url), new URL('./engine.cache', import.meta.url), packages).exports;
export const { ${exportNames.join(', ')} } = engine;
`,
);

// No NODE_OPTIONS: flags of the build's own would make a cache V8 refuses in a plain `node`.
const { NODE_OPTIONS: _, ...env } = process.env;
const warm = spawnSync(process.execPath, [`${root}contracts/warm-engine-cache.mjs`], { env, encoding: 'utf8' });
if (warm.status !== 0) throw new Error(`warm-engine-cache.mjs failed:\n${warm.stderr}`);
process.stdout.write(warm.stdout);
