// The pull request's changes to one contract, judged: the same pure steps as `overseer diff` (diff, version
// bump, judge against consumers or a level), so the action and the CLI never disagree about a change.

import {
  addVersionFinding,
  applyWaivers,
  type Change,
  checkVersionBump,
  type DiffReport,
  diffContracts,
  type FailOn,
  judgeDiff,
  keyOfLabel,
  type LoadedContract,
  listUsesByConsumer,
  locateOperations,
  locateRemovals,
  type Manifest,
  type Notice,
  type UsesByConsumer,
  type VerdictReason,
  type Waiver,
} from '../contracts/index.js';

interface ReportInput {
  /** Undefined when the contract is new in the pull request. */
  base?: LoadedContract;
  revision: LoadedContract;
  failOn: FailOn;
  /** With a registry: the provider's name and the consumers deployed in the environment. */
  consumers?: { provider: string; manifests: Manifest[] };
  /** The `waivers` input's file, parsed: a waived change is shown, marked, and does not block. */
  waivers?: readonly Waiver[];
  /** An ISO 8601 instant, or a UTC day read as its first moment: a waiver that expired before it waives nothing. */
  today?: string;
}

/** Per consumer, the keys (`GET /users/{}`) of the operations it uses, or `*`: a change in a shared schema is shown under the consumer's own operation. */
type UsedOperations = Record<string, string[] | '*'>;

export function buildReport(input: ReportInput): { report: DiffReport; usedOperations: UsedOperations } {
  const { revision, failOn } = input;
  // A new contract is compared with itself: no changes, while consumers' declarations are still checked against it.
  const base = input.base ?? revision;
  const diff = diffContracts(base, revision);
  const version = checkVersionBump({
    base: base.doc.info?.version,
    revision: revision.doc.info?.version,
    changes: diff.changes,
    line: revision.locate('/info/version').line,
  });
  const judged = judgeDiff({
    diff,
    base: { file: base.file, version: base.doc.info?.version },
    revision: { file: revision.file, version: revision.doc.info?.version },
    failOn,
    // A contract new at its path is judged as the gate judges it: consumers deployed there that use what it lacks block.
    ...(input.consumers ? { consumers: input.consumers, baseContract: base, revisionContract: revision } : {}),
    // The base's own spec problems are not this pull request's doing.
    notices: revision.warnings,
  });
  // Waivers last, as in `overseer diff`: a change that breaks a consumer is waived for that consumer, through the
  // operations it uses, its field read from there (a change in a shared schema is filed under another operation).
  const today = input.today ?? new Date().toISOString();
  const usesBy = input.consumers && listUsesByConsumer(diff, input.consumers.provider, input.consumers.manifests);
  const report = {
    ...applyWaivers(addVersionFinding(judged, version, version?.change), input.waivers ?? [], today, usesBy, diff),
    operationLines: locateOperations(revision),
    removalLines: locateRemovals(revision, diff.changes),
  };
  return { report, usedOperations: usesBy ? toUsedOperations(usesBy) : {} };
}

// The operations each consumer uses, read once for the waivers (usesBy) and shown in the comment from the same map.
function toUsedOperations(usesBy: UsesByConsumer): UsedOperations {
  return Object.fromEntries([...usesBy].map(([consumer, keys]) => [consumer, keys === undefined ? '*' : [...keys]]));
}

/** The operations of a change that a consumer uses, as the contract writes them; the change's own when none is known. */
export function describeOperationFor(change: Change, used: string[] | '*' | undefined): string {
  return listOperationsFor(change, used).join(', ');
}

/** As describeOperationFor, one operation an entry (`Document` for a change to no operation). */
export function listOperationsFor(change: Change, used: string[] | '*' | undefined): string[] {
  const all = [...new Set([...(change.operation ? [change.operation] : []), ...(change.operations ?? [])])];
  if (all.length === 0) return ['Document'];
  if (used === undefined || all.length === 1) return all.slice(0, 1);
  const mine = used === '*' ? all : all.filter((label) => used.includes(keyOfLabel(label)));
  return mine.length > 0 ? mine : all.slice(0, 1);
}

/**
 * The registry judges the contract against what runs in the environment; the pull request answers for its own changes
 * (base to head), as with declared consumers: a reason is kept with the changes this diff makes too, a miss when this
 * diff changes its operation. Otherwise every pull request would be blocked by a change already on the base branch.
 */
export function keepMadeHere(reasons: VerdictReason[], changes: readonly Change[]): VerdictReason[] {
  const keyOf = (c: Change) => `${c.id}|${c.message}`;
  const reached = (c: Change) => c.operations ?? (c.operation ? [c.operation] : []);
  // A change to a schema several operations share is named by the first operation reaching it in the action's diff and
  // by the consumer's own one in the gate's: the same change when it reaches that operation too.
  const made = new Map<string, Set<string>>();
  for (const c of changes) made.set(keyOf(c), new Set([...(made.get(keyOf(c)) ?? []), ...reached(c), c.operation ?? '']));
  const isMade = (c: Change) => [c.operation ?? '', ...reached(c)].some((op) => made.get(keyOf(c))?.has(op));
  const touched = new Set(changes.flatMap(reached));
  return reasons.flatMap((r) => {
    if (r.changes === undefined) return r.operation !== undefined && touched.has(r.operation) ? [r] : [];
    const mine = r.changes.filter(isMade);
    return mine.length > 0 ? [{ ...r, changes: mine }] : [];
  });
}

/** The action's answer: the report, what this service's providers lack, and whether anything blocks. */
export interface Outcome {
  contract: string;
  service?: string;
  /** Present when judged against a registry. */
  environment?: string;
  report: DiffReport;
  usedOperations: UsedOperations;
  ownReasons: VerdictReason[];
  /** What the contract breaks for consumers the registry counts from calls seen in traces (none offline). */
  observedReasons: VerdictReason[];
  /** What the contract breaks for consumers whose manifests misspell the service's name, which the gate counts (none offline). */
  misdirectedReasons: VerdictReason[];
  /** The registry gate's notices on this contract but waivers' and environment-empty (none offline): grouped by comment-notices.ts. */
  registryNotices: Notice[];
  /** The registry's note that nothing is recorded as deployed in the environment: its "safe" judged nobody. */
  judgedNobody?: Notice;
  /** True when the contract does not exist at the base commit, under its name or an earlier one. */
  isNew: boolean;
  /** The pull request deletes the contract: judged as a contract with no operation. */
  deleted?: true;
  /** The contract's path at the base commit, when the pull request moved it. */
  movedFrom?: string;
  /** No base in the pull request: the service's version live in the environment, whose contract was compared instead. */
  comparedWith?: { version: string };
  baseSha: string;
  headSha: string;
  /** `https://github.com/acme/users-service`: where the comment's permalinks point. */
  repositoryUrl?: string;
  /** The consumers read from the registry, with where each version's manifest was published from (comment-declared.ts). */
  consumerManifests?: readonly Manifest[];
  manifest?: string;
  /** The `waivers` input: the file the advice tells the author to edit. */
  waivers?: string;
  /** The registry does not know the service yet (its first pull request): judged with no consumers. */
  newService?: true;
  /** Judged offline for a pull request from this fork: its run has no secrets or variables, so `registry` was empty. */
  offlineFork?: string;
}

export function countBlocking(outcome: Outcome): number {
  const { own, observed, misdirected } = countRegistryBlocking(outcome);
  return outcome.report.summary.blocking + own + observed + misdirected;
}

/** The blocking reasons the registry gave: what the service misses as a consumer, what breaks observed callers and misspelled ones. */
export function countRegistryBlocking(outcome: Outcome): { own: number; observed: number; misdirected: number } {
  if (outcome.report.failOn === 'never') return { own: 0, observed: 0, misdirected: 0 };
  const own = outcome.ownReasons.filter((r) => r.severity === 'error').length;
  return { own, observed: outcome.observedReasons.length, misdirected: outcome.misdirectedReasons.length };
}
