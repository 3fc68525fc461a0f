// The diff between two published versions of a service, judged against its consumers by the engine:
// the same steps as `overseer diff --service S --consumers ...` (diff, version bump, judge), minus the
// policy files, which live in repositories and not in the registry; the waivers published with a version may be applied.

import {
  addVersionFinding,
  applyWaivers,
  checkVersionBump,
  type DiffReport,
  diffContracts,
  judgeDiff,
  type LoadedContract,
  listUsesByConsumer,
  type Manifest,
  type Waiver,
} from '../../contracts/index.js';
import type { ConsumerUse } from '../store/store.js';

interface VersionSide {
  version: string;
  contract: LoadedContract;
}

interface VersionDiffInput {
  service: string;
  from: VersionSide;
  to: VersionSide;
  /** The consumers to judge against: their declarations of `service`. */
  consumers: readonly ConsumerUse[];
  /** Owners of each consumer, shown beside the consumers a change breaks. */
  ownersOf?: ReadonlyMap<string, string[]>;
  /** Today as `YYYY-MM-DD`, for sunset dates (default: the current date). */
  today?: string;
  /** The newer version's waivers, applied as `overseer diff --waivers` applies them: what they accept blocks nothing. */
  waivers?: readonly Waiver[];
}

/**
 * The most text two contracts may hold together for the dashboard to diff them (UTF-16 units, about bytes): a pair of
 * large contracts takes a worker thread seconds, and the pages that ask are open to anyone. The CLI diffs any size.
 */
export const DASHBOARD_DIFF_MAX_CHARS = 8 * 1024 * 1024;

/** Pure: the report the CLI would print for these two contracts and these consumers. */
export function diffVersions(input: VersionDiffInput): DiffReport {
  const { from, to } = input;
  const diff = diffContracts(from.contract, to.contract, input.today ? { today: input.today } : {});
  const manifests: Manifest[] = input.consumers
    .filter((use) => use.declaration.provider === input.service && use.consumer !== input.service)
    .map((use) => ({ service: use.consumer, owners: input.ownersOf?.get(use.consumer) ?? [], declarations: [use.declaration] }));
  const report = judgeDiff({
    diff,
    base: { file: `${input.service}@${from.version}`, version: from.contract.doc.info?.version },
    revision: { file: `${input.service}@${to.version}`, version: to.contract.doc.info?.version },
    failOn: 'breaking',
    consumers: { provider: input.service, manifests },
    baseContract: from.contract,
  });

  // Judged and waived first, as `overseer diff` does: the advice names the consumers a change breaks, not those that
  // accepted it by a waiver.
  const waivers = input.waivers ?? [];
  const now = new Date().toISOString();
  const usesBy = waivers.length > 0 ? listUsesByConsumer(diff, input.service, manifests) : undefined;
  const bump = checkVersionBump({
    base: from.contract.doc.info?.version,
    revision: to.contract.doc.info?.version,
    changes: waivers.length > 0 ? applyWaivers(report, waivers, now, usesBy, diff).changes : report.changes,
    line: to.contract.locate('/info/version').line,
  });
  const found = addVersionFinding(report, bump, bump?.change);
  // After the version finding, as `overseer diff --waivers` applies them.
  if (waivers.length === 0) return found;
  return applyWaivers(found, waivers, now, usesBy, diff);
}

/** Every consumer at least one change breaks that the newer version's waivers do not accept for it, by name. */
export function findBrokenConsumers(report: DiffReport): string[] {
  const names = new Set<string>();
  for (const change of report.changes) {
    if (change.waived) continue;
    for (const name of change.consumers ?? []) if (!change.waivedFor?.includes(name)) names.add(name);
  }
  return [...names].sort();
}

/** The consumers whose every break the newer version's waivers accept: the gate lets the version through for them. */
export function findWaivedConsumers(report: DiffReport): string[] {
  const broken = new Set(findBrokenConsumers(report));
  const names = new Set<string>();
  for (const change of report.changes) for (const name of change.waived ? (change.consumers ?? []) : (change.waivedFor ?? [])) names.add(name);
  return [...names].filter((name) => !broken.has(name)).sort();
}
