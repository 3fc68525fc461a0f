// The one rule for what recording or ending a deployment does to the live versions of a service in an
// environment, shared by both stores so that SQLite and PostgreSQL cannot disagree about what runs where.
import type { DeploymentMode, LiveKind } from '../../contracts/index.js';
import { StoreError } from './errors.js';

interface LiveRow {
  id: number;
  version: string;
  live: LiveKind;
}

type DeploymentPlan = { unchanged: LiveRow } | { end: number[]; insert: LiveKind };

const KIND_OF_MODE: Record<DeploymentMode, LiveKind> = { replace: 'deployed', rolling: 'rolling', release: 'released' };

/** What recording `version` in `mode` does, given the rows of the service live there now. */
export function planDeployment(live: readonly LiveRow[], version: string, mode: DeploymentMode = 'replace'): DeploymentPlan {
  const running = live.filter((row) => row.live !== 'released');
  if (mode === 'release') {
    const same = live.find((row) => row.live === 'released' && row.version === version);
    return same ? { unchanged: same } : { end: [], insert: 'released' };
  }
  if (mode === 'rolling') {
    const same = running.find((row) => row.version === version);
    return same ? { unchanged: same } : { end: [], insert: 'rolling' };
  }
  // A plain deployment ends the rollout: whatever ran before goes, releases stay supported.
  const only = running.length === 1 ? running[0] : undefined;
  if (only && only.version === version && only.live === 'deployed') return { unchanged: only };
  return { end: running.map((row) => row.id), insert: KIND_OF_MODE[mode] };
}

/** Which live row ending `version` ends: its deployment (or rolling version), or its release. */
export function planEnd(live: readonly LiveRow[], service: string, version: string, environment: string, release: boolean): number[] {
  const ended = live.filter((row) => row.version === version && (row.live === 'released') === release);
  if (ended.length === 0) {
    const what = release ? 'a supported release' : 'deployed';
    throw new StoreError('ERR_DEPLOYMENT_UNKNOWN', `${service} ${version} is not ${what} in ${environment}`, { service, version, environment });
  }
  return ended.map((row) => row.id);
}

/**
 * One row per consumer version (and provider): a version both deployed and recorded as a release has two live rows, and
 * is one consumer, counted as running. The first row's place is kept.
 */
export function keepOneRowPerVersion<T extends { consumer: string; version: string; live?: LiveKind; provider?: string }>(rows: T[]): T[] {
  const kept = new Map<string, number>();
  const out: T[] = [];
  for (const row of rows) {
    const key = `${row.consumer}\u0000${row.version}\u0000${row.provider ?? ''}`;
    const at = kept.get(key);
    if (at === undefined) kept.set(key, out.push(row) - 1);
    else if (out[at]!.live === 'released' && row.live !== 'released') out[at] = row;
  }
  return out;
}
