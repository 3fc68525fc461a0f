// Query strings of the pages: every value optional text. An empty field of a submitted form means
// "not given", so forms and hand-written links produce the same URLs and the same pages.

import type { FastifyRequest } from 'fastify';

const MAX_LENGTH = 400;

export function readQuery<K extends string>(request: FastifyRequest, keys: readonly K[]): Partial<Record<K, string>> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const raw = Array.isArray(query[key]) ? (query[key] as unknown[])[0] : query[key];
    if (typeof raw !== 'string') continue;
    const value = raw.trim().slice(0, MAX_LENGTH);
    if (value !== '') out[key] = value;
  }
  return out;
}
