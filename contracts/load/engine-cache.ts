// Runs the engine bundle through V8's code cache: a one-off diff otherwise compiles each engine function the first time
// it runs, on the main thread (Node 20 has no `module.enableCompileCache`, and its ES module loader takes no cache).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** What became of the cache file: used, refused by V8 (another Node, other V8 flags), made for another bundle, or absent. */
export type EngineCacheState = 'accepted' | 'rejected' | 'stale' | 'absent';

export interface LoadedEngine {
  exports: Record<string, unknown>;
  cache: EngineCacheState;
  script: vm.Script;
  /** The SHA-256 the bundle's first line names (contracts/build-engine-bundle.mjs), which a cache file starts with. */
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
 * Compiles and runs the engine bundle, with the cache file's code where V8 takes it; without it the engine is the same.
 * `packages` are what the bundle's `require` returns for those names: npm packages the caller loaded as ES modules.
 */
export function loadEngineBundle(bundleUrl: URL, cacheUrl: URL, packages: Record<string, unknown> = {}): LoadedEngine {
  const file = fileURLToPath(bundleUrl);
  const source = readFileSync(file, 'utf8');
  const digest = digestOf(source, file);
  const cached = readCache(fileURLToPath(cacheUrl), digest);
  const script = new vm.Script(`(function (${WRAPPER.join(', ')}) {${source}\n})`, {
    filename: file,
    cachedData: cached && cached.length > 0 ? cached : undefined,
  });
  const module = { exports: {} as Record<string, unknown> };
  const importFromBundle = (specifier: string) => import(specifier.startsWith('.') ? new URL(specifier, bundleUrl).href : specifier);
  const nodeRequire = createRequire(file);
  const require = (name: string) => (Object.hasOwn(packages, name) ? packages[name] : nodeRequire(name));
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file), pathToFileURL(file).href, importFromBundle);
  return { exports: module.exports, cache: stateOf(cached, script), script, digest };
}

/**
 * Writes the code V8 holds for the bundle now, functions compiled by the runs so far included, behind the bundle's
 * digest. Written beside and renamed, so a reader never meets half a file.
 */
export function writeEngineCache(engine: LoadedEngine, cacheUrl: URL): number {
  const file = fileURLToPath(cacheUrl);
  const data = Buffer.concat([engine.digest, engine.script.createCachedData()]);
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
  return data.length;
}
