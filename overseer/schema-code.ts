// Route validators and serializers as code generated at build time (overseer/build-schema-code.mjs): compiling
// every route's schemas with ajv and fast-json-stringify was about half of what `overseer serve` spent starting.
// Each function is kept under a hash of everything its compile depends on, so a schema changed since the build
// finds no code and is compiled at start as before: the table can make a start slower, never a check different.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** What fastify hands a validator or serializer compiler for one part of one route. */
export interface RoutePart {
  schema: object;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}

/** Who compiles the function: the coercing (query strings, URL parameters) or strict (bodies) validator, or the serializer. */
export type CompiledKind = 'loose' | 'strict' | 'serializer';

/** Called by the build with each function's key and standalone CommonJS source. */
export type SchemaCodeRecorder = (kind: CompiledKind, key: string, source: string) => void;

interface Table {
  has(kind: CompiledKind, key: string): boolean;
  load(kind: CompiledKind, key: string): unknown;
}

/**
 * The generated index of keys, beside this module in dist/ (absent when the sources run directly, as in the route
 * tests); each function's code is a file of its own in the folder of the same name, read at its first call.
 */
export const SCHEMA_CODE_FILE = 'schema-code.cjs';

let table: Table | null | undefined;

function loadTable(): Table | null {
  if (table !== undefined) return table;
  try {
    table = createRequire(import.meta.url)(`./${SCHEMA_CODE_FILE}`) as Table;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    table = null;
  }
  return table;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** What a compile shares with every route of an app: the shared schemas and the compiler's options (hashed once). */
export function sharedKey(externalSchemas: unknown, options: unknown): string {
  return hash(JSON.stringify([externalSchemas, options]));
}

/** The key of one compiled function: what it shares with the other routes, the part it checks or writes, its schema. */
export function schemaCodeKey(kind: CompiledKind, shared: string, part: RoutePart): string {
  return hash(JSON.stringify([kind, shared, part.httpPart, part.httpStatus, part.contentType, part.schema]));
}

/**
 * The function generated for this key at build time, or undefined (no build, or a schema changed since). Its code runs
 * at its first call, not here: a start asks for every route's functions, and running them all (a serializer with
 * alternatives builds an ajv instance of its own) was ~70 ms of the main thread before the first answer. `now` loads
 * it at once: a 5xx answer's serializer is needed when the registry is short of file descriptors (EMFILE), the one
 * moment it could not open the file, and a failed load turned its 503 into fastify's 500 without our code.
 */
export function findCompiled(kind: CompiledKind, key: string, now = false): unknown {
  const found = loadTable();
  if (!found?.has(kind, key)) return undefined;
  if (!now) return deferred(() => found.load(kind, key) as Compiled);
  // Every route answers its 5xx with the same schema: one function serves them all.
  let call = loadedNow.get(key);
  if (!call) {
    call = deferred(() => found.load(kind, key) as Compiled);
    call.load();
    loadedNow.set(key, call);
  }
  return call;
}

const loadedNow = new Map<string, Deferred>();

type Compiled = ((...args: unknown[]) => unknown) & { errors?: unknown };
type Deferred = Compiled & { load(): Compiled };

let loaded = 0;

/** How many generated functions have run their code in this process (tests: a start runs only the 5xx serializers). */
export function loadedSchemaCode(): number {
  return loaded;
}

/** Calls through to the function once loaded; a validator's `errors`, which fastify reads after a call, are copied over. */
function deferred(load: () => Compiled): Deferred {
  let real: Compiled | undefined;
  const once = (): Compiled => {
    if (real === undefined) {
      real = load();
      loaded++;
    }
    return real;
  };
  const call = ((...args: unknown[]) => {
    const fn = once();
    const out = fn(...args);
    call.errors = fn.errors;
    return out;
  }) as Deferred;
  call.load = once;
  return call;
}
