// A service's versions a page at a time, in version order, without reading and sorting every row for each page: a CI
// job that publishes every commit gives a service 10,000, and each anonymous page cost the loop ~60 ms of reads.
// The order is kept per service and read again only when the service's versions change (their count or largest id:
// rows are never updated, and ids only grow); a page reads the full rows of its own versions.

import type { VersionPageQuery } from './records.js';
import { sortVersions, type VersionOrderKey } from './version-order.js';

/**
 * What the kept orders may hold, estimated as below. Bounded by services alone (64), a CI job's services of 10,000
 * versions with 200-character names held ~157 MB (measured); by size, most recently read first, one entry at least.
 */
const KEPT_BYTES = 32 * 1024 * 1024;

/** A kept name's cost, on the side of caution: two bytes a character (a name past Latin-1) and a string's and slot's overhead. */
const bytesOf = (names: readonly string[]) => names.reduce((sum, name) => sum + 2 * name.length + 64, 0);

/** The order of a store's services' versions, each under the stamp it was read at. */
export function createVersionOrders(maxBytes = KEPT_BYTES) {
  const kept = new Map<string, { stamp: string; names: string[]; bytes: number }>();
  let bytes = 0;
  const forget = (service: string) => {
    bytes -= kept.get(service)?.bytes ?? 0;
    kept.delete(service);
  };
  return {
    /** The names in version order, if kept under this stamp. */
    recall(service: string, stamp: string): string[] | undefined {
      const known = kept.get(service);
      if (known?.stamp !== stamp) return undefined;
      kept.delete(service);
      kept.set(service, known);
      return known.names;
    },
    /** Sorts `keys` (in publish order) and keeps the names under `stamp`. */
    remember(service: string, stamp: string, keys: readonly VersionOrderKey[]): string[] {
      const names = sortVersions(keys).map((k) => k.version);
      forget(service);
      const entry = { stamp, names, bytes: bytesOf(names) };
      kept.set(service, entry);
      bytes += entry.bytes;
      for (const oldest of kept.keys()) {
        if (bytes <= maxBytes || oldest === service) break;
        forget(oldest);
      }
      return names;
    },
    /** What the kept orders are estimated to hold, and of how many services. */
    get size() {
      return { services: kept.size, bytes };
    },
  };
}

/**
 * The page's names and where it starts: after the version the query names, or, when that one is gone, after its old
 * place; or at the place asked (none past the end).
 */
export function locateVersionPage(names: readonly string[], query: VersionPageQuery): { start: number; page: string[] } {
  const asked = query.start ?? 0;
  const at = Math.min(Math.max(0, asked < 0 ? names.length + asked : asked), names.length);
  const start = query.after === undefined ? at : startAfter(names, query.after);
  return { start, page: names.slice(start, start + query.limit) };
}

function startAfter(names: readonly string[], { version, index }: { version: string; index: number }): number {
  if (names[index] === version) return index + 1;
  const found = names.indexOf(version);
  return found === -1 ? Math.min(index + 1, names.length) : found + 1;
}
