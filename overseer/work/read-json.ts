// The worker's side of a large upload: its bytes checked as UTF-8, parsed as JSON and validated against the route's
// own body schema, with the same refusals and messages as the event loop's parser and fastify's validation.

import { isUtf8 } from 'node:buffer';
import { ApiError } from '../errors.js';
import { describeNulString, findNulString } from '../nul-strings.js';
import { SHARED_SCHEMAS } from '../routes/schemas.js';
import { describeNotUtf8, hasLoneSurrogate } from '../strict-json.js';
import { createSchemaController } from '../validation.js';
import type { ParsedBody } from './wire.js';

/** A large body to read: the route it was sent to (the key its compiled validator is kept by) and that route's body schema. */
export interface JsonUpload {
  route: string;
  schema: unknown;
  bytes: Uint8Array;
  /** How to prepare the contract or manifest it holds: for `service` (else the body's own), with the canonical JSON or not. */
  prepare: { service?: string; maxContractBytes: number; keepCanonical: boolean };
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

const validators = new Map<string, Validate>();

// The app's own compiler and options, as fastify hands them (overseer/app.ts), so that the build's code for the route's
// body is found (validation.ts): no coercion of bodies, unknown fields refused.
function compileValidator(route: string, schema: unknown): Validate {
  const known = validators.get(route);
  if (known) return known;
  const external = Object.fromEntries(SHARED_SCHEMAS.map((s) => [s.$id, s]));
  const build = createSchemaController().compilersFactory?.buildValidator as unknown as (
    external: unknown,
    options: unknown,
  ) => (route: { schema: unknown; method: string; url: string; httpPart: string }) => Validate;
  const [method = 'POST', url = route] = route.split(' ');
  const validate = build(external, { customOptions: { removeAdditional: false }, plugins: [] })({ schema, method, url, httpPart: 'body' });
  validators.set(route, validate);
  return validate;
}

/** Keys that would reach an object's prototype once the body is spread or merged: refused as fastify's parser does. */
function hasForbiddenKey(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const [key, item] of Object.entries(node)) {
      if (key === '__proto__') return true;
      if (key === 'constructor' && item !== null && typeof item === 'object' && Object.hasOwn(item, 'prototype')) return true;
      stack.push(item);
    }
  }
  return false;
}

function mayHoldForbiddenKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

/** Bytes as the strict JSON parser reads them (errors.ts): UTF-8 only, no prototype keys, no lone surrogates. */
export function parseJson(bytes: Uint8Array, readsCompressed = false): unknown {
  if (!isUtf8(bytes)) throw new ApiError('ERR_REQUEST_INVALID', describeNotUtf8(bytes, readsCompressed));
  const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError('ERR_REQUEST_INVALID', "invalid request: Body is not valid JSON but content-type is set to 'application/json'", { cause: error });
  }
  // A key reaches the prototype only when its name is written out or escaped: most bodies hold neither, and skip the walk.
  if (mayHoldForbiddenKey(text) && hasForbiddenKey(value))
    throw new ApiError('ERR_REQUEST_INVALID', 'invalid request: Object contains forbidden prototype property');
  if (/\\u[dD][89a-fA-F]/.test(text) && hasLoneSurrogate(value)) {
    throw new ApiError('ERR_REQUEST_INVALID', 'the body holds a lone surrogate (an unpaired \\ud800-\\udfff escape): it has no UTF-8 form');
  }
  return value;
}

/** The parsed body, valid against the route's schema; a 400 naming the field otherwise, worded as fastify words it. */
export function readJsonBody({ route, schema, bytes }: JsonUpload): ParsedBody {
  const value = parseJson(bytes);
  // Only routes that declare an object body take raw uploads; anything else is refused as fastify would.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ApiError('ERR_REQUEST_INVALID', 'invalid request: body must be object');
  if (schema === undefined) return value as ParsedBody;
  const validate = compileValidator(route, schema);
  if (validate(value)) {
    // After validation, as on the event loop (errors.ts): a field whose pattern refuses control characters names itself.
    const nul = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('\\u0000') ? findNulString(value) : undefined;
    if (nul !== undefined) throw new ApiError('ERR_REQUEST_INVALID', describeNulString(nul));
    return value as ParsedBody;
  }
  const details = (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'}`).join(', ');
  throw new ApiError('ERR_REQUEST_INVALID', `invalid request: ${details}`);
}
