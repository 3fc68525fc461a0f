// A service's versions a page at a time, in version order, without reading and sorting every row for each page: a CI
// job that publishes every commit gives a service 10,000, and each anonymous page cost the loop ~60 ms of reads.
// The order is kept per service and read again only when the service's versions change (their count or largest id:
// rows are never updated, and ids only grow); a page reads the full rows of its own versions.

import type { VersionPageQuery } from './records.js';
import { sortVersions, type VersionOrderKey } from './version-order.js';

/** Services whose order is kept at once, most recently read last: ~50 bytes a version. */
const KEPT_SERVICES = 64;

/** The order of a store's services' versions, each under the stamp it was read at. */
export function createVersionOrders() {
  const kept = new Map<string, { stamp: string; names: string[] }>();
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
      kept.delete(service);
      kept.set(service, { stamp, names });
      for (const oldest of kept.keys()) {
        if (kept.size <= KEPT_SERVICES) break;
        kept.delete(oldest);
      }
      return names;
    },
  };
}

/** The page's names and where it starts: after the version the query names, or, when that one is gone, after its old place. */
export function locateVersionPage(names: readonly string[], query: VersionPageQuery): { start: number; page: string[] } {
  const start = query.after === undefined ? 0 : startAfter(names, query.after);
  return { start, page: names.slice(start, start + query.limit) };
}

function startAfter(names: readonly string[], { version, index }: { version: string; index: number }): number {
  if (names[index] === version) return index + 1;
  const found = names.indexOf(version);
  return found === -1 ? Math.min(index + 1, names.length) : found + 1;
}
