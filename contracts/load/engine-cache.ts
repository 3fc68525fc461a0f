// Runs the engine bundle through V8's code cache: a one-off diff otherwise compiles each engine function the first time
// it runs, on the main thread (Node 20 has no `module.enableCompileCache`, and its ES module loader takes no cache).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** What became of a cache file: used, refused by V8 (another Node, other V8 flags), made for another bundle, or absent. */
export type EngineCacheState = 'accepted' | 'rejected' | 'stale' | 'absent';

export interface LoadedEngine extends LoadedScript {
  /** The validators the engine imported so far, each run from its CommonJS copy with a cache of its own. */
  validators: Map<string, LoadedScript>;
}

interface LoadedScript {
  exports: Record<string, unknown>;
  cache: EngineCacheState;
  script: vm.Script;
  /** The SHA-256 the file's first line names (contracts/build-engine-bundle.mjs), which a cache file starts with. */
  digest: Buffer;
}

/**
 * The bundle is CommonJS, wrapped as Node wraps a module, plus the two things an ES module had: its own URL
 * (`import.meta.url`, for `createRequire`) and `import()` (esbuild rewrites both: contracts/build-engine-bundle.mjs).
 */
const WRAPPER = ['exports', 'require', 'module', '__filename', '__dirname', '__engineUrl', '__engineImport'];

const DIGEST_BYTES = 32;
const DIGEST_LINE = /^\/\/ engine bundle sha256 ([0-9a-f]{64})\n/;

/** Hashing the bundle here would cost ~10 ms of every start: the build wrote its digest on its first line. */
function digestOf(source: string, file: string): Buffer {
  const stamp = DIGEST_LINE.exec(source)?.[1];
  if (!stamp) throw new Error(`${file} does not start with its digest: rebuild with contracts/build-engine-bundle.mjs`);
  return Buffer.from(stamp, 'hex');
}

/**
 * V8 checks a cache against its own version, its flags and the length of the source, not the source's content: a cache
 * left by an earlier build of the same length would be taken. So a cache file starts with the digest of the bundle it
 * was made from, and is passed to V8 only when that is the one this bundle names.
 */
function readCache(cacheFile: string, digest: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, DIGEST_BYTES).equals(digest) ? data.subarray(DIGEST_BYTES) : Buffer.alloc(0);
}

function stateOf(cached: Buffer | undefined, script: vm.Script): EngineCacheState {
  if (cached === undefined) return 'absent';
  if (cached.length === 0) return 'stale';
  return script.cachedDataRejected ? 'rejected' : 'accepted';
}

/**
 * The OpenAPI validators (~300 KB of generated code each), imported by the engine when a document of their version is
 * read. An ES module takes no cache in Node 20: compiled at each start, one cost ~12 ms of CPU to import and ~6 ms more
 * in its first run, against ~7 for both from a CommonJS copy with its cache (a small pair's whole diff is ~110 ms).
 */
const VALIDATOR = /^\.\/load\/validators\/([\w-]+)\.js$/;

/** A validator's cache sits beside the engine's: `engine.cache` -> `engine.openapi-3-0.cache`. */
function validatorCacheUrl(cacheUrl: URL, name: string): URL {
  return new URL(cacheUrl.href.replace(/(\.cache)?$/, `.${name}.cache`));
}

/**
 * Compiles and runs the engine bundle, with the cache file's code where V8 takes it; without it the engine is the same.
 * `packages` are what the bundle's `require` returns for those names: npm packages the caller loaded as ES modules.
 */
export function loadEngineBundle(bundleUrl: URL, cacheUrl: URL, packages: Record<string, unknown> = {}): LoadedEngine {
  const validators = new Map<string, LoadedScript>();
  const importFromBundle = (specifier: string) => {
    const validator = VALIDATOR.exec(specifier)?.[1];
    if (validator === undefined) return import(specifier.startsWith('.') ? new URL(specifier, bundleUrl).href : specifier);
    let loaded = validators.get(validator);
    if (loaded === undefined) {
      const url = new URL(`./load/validators/${validator}.cjs`, bundleUrl);
      validators.set(validator, (loaded = runCached(url, validatorCacheUrl(cacheUrl, validator), {}, importFromBundle)));
    }
    return Promise.resolve(loaded.exports);
  };
  return { ...runCached(bundleUrl, cacheUrl, packages, importFromBundle), validators };
}

/** Runs one CommonJS file of the engine through V8's code cache (the cache file's code where V8 takes it). */
function runCached(fileUrl: URL, cacheUrl: URL, packages: Record<string, unknown>, importFromBundle: (specifier: string) => Promise<unknown>): LoadedScript {
  const file = fileURLToPath(fileUrl);
  const source = readFileSync(file, 'utf8');
  const digest = digestOf(source, file);
  const cached = readCache(fileURLToPath(cacheUrl), digest);
  const script = new vm.Script(`(function (${WRAPPER.join(', ')}) {${source}\n})`, {
    filename: file,
    cachedData: cached && cached.length > 0 ? cached : undefined,
  });
  const module = { exports: {} as Record<string, unknown> };
  const nodeRequire = createRequire(file);
  const require = (name: string) => (Object.hasOwn(packages, name) ? packages[name] : nodeRequire(name));
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file), pathToFileURL(file).href, importFromBundle);
  return { exports: module.exports, cache: stateOf(cached, script), script, digest };
}

/**
 * Writes the code V8 holds for the bundle now, functions compiled by the runs so far included, behind the bundle's
 * digest, and the same for each validator it imported. Written beside and renamed, so a reader never meets half a file.
 * Returns the bytes written.
 */
export function writeEngineCache(engine: LoadedEngine, cacheUrl: URL): number {
  let bytes = writeCache(engine, cacheUrl);
  for (const [name, validator] of engine.validators) bytes += writeCache(validator, validatorCacheUrl(cacheUrl, name));
  return bytes;
}

function writeCache(loaded: LoadedScript, cacheUrl: URL): number {
  const file = fileURLToPath(cacheUrl);
  const data = Buffer.concat([loaded.digest, loaded.script.createCachedData()]);
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
  return data.length;
}
