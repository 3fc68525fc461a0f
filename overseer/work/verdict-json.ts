// A verdict's JSON written by the thread that decided it, by the same serializer fastify compiles from the route's response
// schema: a hub's verdict (hundreds of reasons) crosses to the event loop as one string, sent as it is, not cloned and written there.

import fastJson from 'fast-json-stringify';
import type { Verdict } from '../../contracts/index.js';
import { ref, SHARED_SCHEMAS } from '../routes/schemas.js';

let write: ((verdict: Verdict) => string) | undefined;

/** The bytes GET /v1/can-i-deploy would send for `verdict`: its schema, with the shared ones by `$id`, as fastify gives them. */
export function writeVerdictJson(verdict: Verdict): string {
  write ??= compileVerdictWriter();
  return write(verdict);
}

function compileVerdictWriter(): (verdict: Verdict) => string {
  // The schemas are read-only `as const` literals, which fast-json-stringify's types do not accept.
  const schema = Object.fromEntries(SHARED_SCHEMAS.map((s) => [s.$id, s])) as unknown as Record<string, fastJson.Schema>;
  return fastJson(ref('Verdict'), { schema });
}
