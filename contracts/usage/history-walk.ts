// Which of the provider's versions a use by a lost operationId is placed in, and which later versions it is followed
// through, is gate logic: it is decided here, pure, while the registry only fetches and parses the versions it is given.

import type { GateInput } from '../gate.js';
import type { LoadedContract } from '../load/load.js';
import { followMoves, type ProviderVersion } from './moved-operations.js';
import { findUnplacedIds, type PlacedOperation, placeIdsIn } from './renamed-uses.js';

/** The provider's history read newest first, one version at a time, until every lost id is placed. */
interface HistoryWalk {
  /** Every id is placed (or none was lost): no older version need be read, nor fetched. */
  readonly done: boolean;
  /** The next older version of the provider. */
  read(version: string, contract: LoadedContract): void;
  /** What was placed so far, each followed through the moves of the versions after it, up to the newest live one. */
  placed(): PlacedOperation[];
}

/**
 * The walk for the operationIds the gate's consumers name that neither the candidate nor any live version of the provider
 * has; undefined when there is none to place (no candidate contract, or every id is found), so no history is asked for.
 */
export function startHistoryWalk(gate: Pick<GateInput, 'service' | 'candidate' | 'deployed'>): HistoryWalk | undefined {
  const provided = gate.candidate?.contract;
  if (!provided) return undefined;
  const live = gate.deployed.flatMap((v) => (v.service === gate.service && v.contract ? [v.contract] : []));
  const ids = findUnplacedIds(gate.deployed, gate.service, [provided, ...live]);
  if (ids.length === 0) return undefined;
  const liveVersions = new Set(gate.deployed.flatMap((v) => (v.service === gate.service ? [v.version] : [])));
  return walkFrom(ids, liveVersions);
}

function walkFrom(lost: string[], liveVersions: ReadonlySet<string>): HistoryWalk {
  let ids = lost;
  const placed: PlacedOperation[] = [];
  // The versions after the one read, oldest first: where a path that named an id went (moved-operations.ts). Only up to
  // the newest live one: consumers call the paths that run now, and a move the candidate makes is its own change.
  const newer: ProviderVersion[] = [];
  let pastLive = liveVersions.size === 0;
  return {
    get done() {
      return ids.length === 0;
    },
    read(version, contract) {
      if (ids.length === 0) return;
      pastLive ||= liveVersions.has(version);
      // Newest first: an operationId given to two operations over time means the one it named last.
      const found = placeIdsIn(ids, contract, version);
      placed.push(...followMoves(found, contract, newer));
      ids = ids.filter((id) => !found.some((p) => p.operationId === id));
      if (pastLive) newer.unshift({ version, contract });
    },
    placed: () => [...placed],
  };
}
