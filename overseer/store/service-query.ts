// The services list's query as both stores read it: the same defaults and bounds, whatever the dialect.
import type { ServiceQuery } from './records.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

interface ServiceFilter {
  /** Lower case; absent when the text typed is blank. */
  needle?: string;
  names?: string[];
  liveOr?: string[];
  offset: number;
  limit: number;
}

export function readServiceQuery(query: ServiceQuery = {}): ServiceFilter {
  const needle = (query.text ?? '').trim().toLowerCase();
  const whole = (n: number | undefined, fallback: number) => (n === undefined || !Number.isFinite(n) ? fallback : Math.floor(n));
  return {
    ...(needle !== '' && { needle }),
    ...(query.names !== undefined && { names: [...new Set(query.names)] }),
    ...(query.liveOr !== undefined && { liveOr: [...new Set(query.liveOr)] }),
    offset: Math.max(0, whole(query.offset, 0)),
    limit: Math.min(MAX_LIMIT, Math.max(1, whole(query.limit, DEFAULT_LIMIT))),
  };
}
