// The provider's history for the gate's walk of lost operationIds (contracts/usage/history-walk.ts), read newest first a
// page at a time: the walk stops at the version that places the last lost id, which only the thread can tell. Read
// whole, a service with 5,000 versions had every row, branch and (for a thread lacking them) contract text read per ask.

import { isStoreError, type Store, type VersionRecord } from '../store/store.js';
import type { WireGateInput } from '../work/wire.js';

/** Versions in the first page. Each later page holds as many as all before it: a walk through every version reads each once. */
const FIRST_PAGE = 16;

export interface HistoryRead {
  /** The newest versions read so far that carry a contract, newest first. */
  history: NonNullable<WireGateInput['history']>;
  /** Older versions are left: a walk not done asks again. */
  more: boolean;
  /** How many of the service's newest versions were read, of how many it had at the first page. */
  read: number;
  total: number;
}

const toHistory = (versions: readonly VersionRecord[]): HistoryRead['history'] =>
  versions.flatMap((v) => (v.contractHash === null ? [] : [{ version: v.version, contract: { hash: v.contractHash } }])).reverse();

async function readWhole(store: Store, service: string): Promise<HistoryRead> {
  const versions = await store.listVersions(service);
  return { history: toHistory(versions), more: false, read: versions.length, total: versions.length };
}

/** The first page, or the one older than `previous` added to it; unknown service: none. */
export async function readHistoryPage(store: Store, service: string, previous?: HistoryRead): Promise<HistoryRead> {
  try {
    const done = previous?.read ?? 0;
    const wanted = previous ? Math.min(previous.total, 2 * done) : FIRST_PAGE;
    const page = await store.listVersionPage(service, previous ? { start: previous.total - wanted, limit: wanted - done } : { start: -wanted, limit: wanted });
    // A version published since the first page moves every place: the history is read again whole, as one ask sees it.
    if (previous && page.total !== previous.total) return await readWhole(store, service);
    const read = page.total - page.start;
    return { history: [...(previous?.history ?? []), ...toHistory(page.versions)], more: page.start > 0, read, total: page.total };
  } catch (error) {
    if (isStoreError(error, 'ERR_SERVICE_UNKNOWN')) return { history: [], more: false, read: 0, total: 0 };
    throw error;
  }
}
