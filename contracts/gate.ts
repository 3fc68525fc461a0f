// The deploy gate: can version V of service S go to environment E, given every version live there now.
// A pure function of what the store holds; the registry and the CLI gather it and act on the verdict.
// Several versions of one service may be live at once (a rollout, a canary, released apps): each is judged.

import { breaksConsumer, warnPathMoved, warnsConsumer } from './gate/consumer-reasons.js';
import { judgeAsConsumer } from './gate/consumer-side.js';
import { sayWhereDeclared } from './gate/declared-at.js';
import { noteFieldsRead, repeatsChange } from './gate/fold-repeats.js';
import { describeUnknownCandidate, type UnknownCandidateHint } from './gate/unknown-candidate.js';
import { withWayOut } from './gate/way-out.js';
import { compareText } from './impact.js';
import type { LoadedContract } from './load/load.js';
import type { Change, Decision, Declaration, LiveKind, ObservedCall, Verdict, VerdictReason } from './model.js';
import { readChangesIn } from './policy/field-reading.js';
import { createWaiverLedger, listUsedOperations, type WaiverLedger } from './policy/gate-waivers.js';
import type { Waiver } from './policy/waivers.js';
import { readSatisfies } from './satisfy.js';
import { missesInAddedSuccesses } from './usage/added-successes.js';
import { lookUpAlreadyUnmet, markAlreadyUnmet, sayUnmetBefore } from './usage/already-unmet.js';
import { followBasePath, type MovedUse } from './usage/base-path-uses.js';
import { breakingForAll, diffOnce } from './usage/consumer-breaks.js';
import { noticeDroppedUses } from './usage/dropped-uses.js';
import { type EmptyEnvironment, noticeEmptyEnvironment } from './usage/empty-environment.js';
import { type LeftOutCalls, noticeLeftOutCalls, noticeStillSeenCalls } from './usage/left-out-calls.js';
import { sayMisdirected } from './usage/misdirected.js';
import { addObservedUses, findUndeclaredCallsAmong, markObservedBasis, type UsagePolicy } from './usage/observed-gate.js';
import { contractMissing } from './usage/provider-missing.js';
import { findRemovedWhileUsed } from './usage/removed-while-used.js';
import { explainPlacedUses, type PlacedOperation, placeRenamedUses } from './usage/renamed-uses.js';
import { judgeSelfUses, noticeSelfUsesInRollout } from './usage/self-uses.js';
import { noticeUncountedUses } from './usage/uncounted-uses.js';
import { findUnknownBases, noticeUnjudgedUses, refuseUnseenUse, warnUnknownBases } from './usage/unknown-base.js';
import { nameInBase } from './usage/unmet-offline.js';

export interface GateVersion {
  service: string;
  version: string;
  contract?: LoadedContract;
  declarations: Declaration[];
  /** How it is live in the environment, when it is; absent for the candidate and outside environments. */
  live?: LiveKind;
  /** Published with the version: the changes it makes that they accept do not refuse its deployment. */
  waivers?: Waiver[];
}

export interface GateInput {
  service: string;
  version: string;
  environment: string;
  /**
   * What `environment` names: an environment (the default), the latest versions on a branch (`branch main`), or the
   * latest version of every service. A provider missing there was not deployed, or was never published.
   */
  against?: 'environment' | 'branch' | 'latest';
  /** The version asked about; undefined when the registry does not know it. */
  candidate?: GateVersion;
  /** Every version live in the environment now, several per service where several run (possibly `service` itself). */
  deployed: GateVersion[];
  /** Today as `YYYY-MM-DD`, for sunset dates. */
  today?: string;
  /** Now as an ISO 8601 instant, for waivers ending at a time (policy/expiry.ts); without it, today's first moment. */
  now?: string;
  /** Calls of the service seen in traces within the window, in this environment: they count as uses (issue 20). */
  observed?: ObservedCall[];
  /** Which uses count: `declared`, `observed` or `both` (default). */
  usage?: UsagePolicy;
  /** Providers the candidate declares under a name no service has, by the service a typo away: the refusal names it. */
  meantProviders?: Record<string, string>;
  /** OperationIds consumers use that no live version nor the candidate has, placed by the provider's history (usage/renamed-uses.ts). */
  placed?: PlacedOperation[];
  /** Calls left out of `observed` because the caller's version is live there no more: the verdict says so. */
  observedLeftOut?: LeftOutCalls[];
  /** Calls of a version replaced there but seen calling since, counted in `observed`: the verdict says why. */
  observedStillSeen?: LeftOutCalls[];
  /**
   * Calls the candidate was seen making in the environment: those its declarations do not cover are named
   * (`undeclared-call`), resolved here against the providers' contracts, which the gate has parsed already.
   */
  candidateCalls?: ObservedCall[];
  /** Set when no deployment was ever recorded in `environment`: a yes there judged nobody, and says so. */
  environmentEmpty?: EmptyEnvironment;
  /** Without a candidate: what the registry has instead (the service meant, the versions published), for the reason's words. */
  unknownCandidate?: UnknownCandidateHint;
}

export function decideDeploy(asked: GateInput): Verdict {
  const placed = asked.placed ?? [];
  const decided = placed.length === 0 ? decideJudged(asked) : decideJudged({ ...asked, deployed: placeRenamedUses(asked.deployed, asked.service, placed) });
  const explained = placed.length === 0 ? { reasons: decided.reasons, notices: [] } : explainPlacedUses(decided.reasons, asked.deployed, asked.service, placed);
  // Under `declared` no call counts, so none was left out of what counts.
  const leftOut =
    asked.usage === 'declared' ? [] : [...noticeLeftOutCalls(asked.observedLeftOut ?? []), ...noticeStillSeenCalls(asked.observedStillSeen ?? [])];
  const { candidate, candidateCalls } = asked;
  const undeclared = candidate && candidateCalls ? findUndeclaredCallsAmong(candidate, candidateCalls, asked.deployed, asked.usage !== 'declared') : [];
  const empty = asked.environmentEmpty && decided.decision === 'deployable' ? [noticeEmptyEnvironment(asked.environment, asked.environmentEmpty)] : [];
  const notices = [...(decided.notices ?? []), ...explained.notices, ...leftOut, ...undeclared, ...empty];
  return notices.length === 0 ? { ...decided, reasons: explained.reasons } : { ...decided, reasons: explained.reasons, notices };
}

function decideJudged(input: GateInput): Verdict {
  const verdict = (reasons: VerdictReason[]): Verdict => ({
    decision: decisionOf({ reasons }),
    deployable: decisionOf({ reasons }) === 'deployable',
    service: input.service,
    version: input.version,
    environment: input.environment,
    reasons: sortReasons(reasons),
  });
  const candidate = input.candidate;
  if (!candidate) {
    const message = describeUnknownCandidate(input.service, input.version, input.unknownCandidate);
    return verdict([{ code: 'version-unknown', severity: 'error', message, provider: input.service, providerVersion: input.version }]);
  }
  const { judged, observedOnly } = withObservedUses(input);
  const waivers = candidate.waivers ?? [];
  const ledger = createWaiverLedger(waivers, input);
  const reasons = [...judgeAsProvider(judged, candidate, ledger), ...judgeAsConsumer(input, candidate), ...judgeSelfUses(candidate)];
  const declaredBreaks = (consumer: string, version: string | undefined) =>
    breaksDeclared(
      input,
      candidate,
      input.deployed.find((v) => v.service === consumer && v.version === version),
    );
  const marked = sayMisdirected(markObservedBasis(reasons, input.service, observedOnly, declaredBreaks), input.deployed, input.service);
  const decided = verdict(sayWhereDeclared(marked, [candidate, ...input.deployed]));
  const uncounted = [
    ...noticeUncounted(input, candidate),
    ...noticeUnjudgedUses(input, candidate),
    ...noticeDroppedUses(input, candidate),
    ...noticeSelfUsesInRollout(input, candidate),
  ];
  if (waivers.length === 0) return uncounted.length > 0 ? { ...decided, notices: uncounted } : decided;
  const outcome = ledger.outcome(input.environment, new Set(input.deployed.map((v) => v.service)));
  return { ...decided, ...outcome, notices: [...outcome.notices, ...uncounted] };
}

/** Uses left out of the verdict (by the policy, or callers live nowhere there), judged alone with a ledger of their own. */
function noticeUncounted(input: GateInput, candidate: GateVersion) {
  if (!input.observed?.length && input.usage !== 'observed') return [];
  const own = input.deployed.filter((v) => v.service === input.service);
  const judge = (consumers: GateVersion[]) =>
    judgeAsProvider({ ...input, deployed: [...own, ...consumers] }, candidate, createWaiverLedger(candidate.waivers ?? [], input));
  const contract = own.find((v) => v.contract)?.contract;
  const uncounted = { service: input.service, environment: input.environment, deployed: input.deployed, observed: input.observed ?? [] };
  return noticeUncountedUses({ ...uncounted, policy: input.usage ?? 'both', ...(contract && { contract }) }, judge);
}

/** The consumers' uses of the service as the policy counts them: declared, observed, or both. */
function withObservedUses(input: GateInput) {
  const current = input.deployed.find((v) => v.service === input.service)?.contract;
  const { deployed, observedOnly } = addObservedUses(input.deployed, input.service, input.observed ?? [], input.usage ?? 'both', current);
  return { judged: { ...input, deployed }, observedOnly };
}

/** The changes that break what `consumer` declares of the service, then the warnings reaching it, its calls seen in traces left out. */
function breaksDeclared(input: GateInput, candidate: GateVersion, consumer: GateVersion | undefined): Change[] {
  const declarations = consumer?.declarations.filter((d) => d.provider === input.service) ?? [];
  if (!candidate.contract || declarations.length === 0) return [];
  const bases = input.deployed.filter((v) => v.service === input.service && v.contract && v.contract !== candidate.contract);
  const diffs = bases.map((v) => diffOnce(v.contract!, candidate.contract!, input.today));
  const warned: Change[] = [];
  const breaking = breakingForAll(diffs, declarations, (diff, i) => findRemovedWhileUsed(diff, bases[i]!.contract!, declarations), warned);
  return [...breaking, ...warned];
}

/** The decision a set of reasons means: an unknown version cannot be judged, so it is neither a yes nor a refusal. */
export function decisionOf(verdict: { reasons: readonly VerdictReason[] }): Decision {
  if (verdict.reasons.some((r) => r.code === 'version-unknown')) return 'undecided';
  return verdict.reasons.some((r) => r.severity === 'error') ? 'refused' : 'deployable';
}

/** Every deployed consumer of the service must keep working with the candidate's contract. */
function judgeAsProvider(input: GateInput, candidate: GateVersion, ledger: WaiverLedger): VerdictReason[] {
  const consumers = listConsumers(input);
  if (consumers.length === 0) return [];
  const provided = candidate.contract;
  if (!provided) return consumers.map((c) => contractMissing(candidate, c.version));
  // Consumers work against every live version of the service now; the candidate is diffed from each of them.
  // No contract of the service runs there yet (first deploy): there is nothing to diff against.
  const live = input.deployed.filter((v) => v.service === input.service && v.contract);
  // By contract, not by name: `check --version 1.0.0` names a working tree, which may differ from the 1.0.0 deployed.
  const bases = live.filter((v) => v.contract !== provided);
  const diffs = bases.map((v) => diffOnce(v.contract!, provided, input.today));
  // A live version without a contract is no base: what consumers name is judged against the candidate alone, and said.
  const unknown = findUnknownBases(input);
  const reasons: VerdictReason[] = unknown.length === 0 ? [] : [warnUnknownBases(input, candidate, unknown)];
  let asBaseNames: ReturnType<typeof nameInBase> | undefined;
  const readFields = readChangesIn(diffs);
  const baseContracts = bases.map((v) => v.contract!);
  const liveContracts = live.map((v) => v.contract!);
  // A hub has hundreds of consumers, most of them untouched: each costs a lookup or two, not a round of copies.
  for (const { version, declarations } of consumers) {
    if (unknown.length > 0 && live.length === 0 && declarations.some((d) => d.uses === '*')) {
      const unseen = refuseUnseenUse(input, candidate, unknown, version);
      if (!ledger.waivesUnseen(unseen, version)) reasons.push(unseen);
    }
    const warned: Change[] = [];
    const changed = breakingForAll(diffs, declarations, (diff, i) => findRemovedWhileUsed(diff, bases[i]!.contract!, declarations), warned);
    const breaking = changed.length === 0 ? changed : ledger.keepUnwaived(changed, version, () => listUsedOperations(diffs, declarations), readFields);
    const breakAt = breaking.length > 0 ? reasons.length : -1;
    if (breaking.length > 0) reasons.push(withWayOut(breaksConsumer(candidate, version, breaking), input, declarations));
    if (warned.length > 0) reasons.push(warnsConsumer(candidate, version, warned));
    // What a waiver accepted (a removed field this consumer reads) is not refused again as a missing field.
    const stamp = { consumerVersion: version.version, providerVersion: candidate.version };
    // An operation named by its id and removed is one fault: the removal that breaks the consumer says it. Folded here,
    // since the doors' fold matches operations by method and path, which the id the consumer wrote is not; a miss
    // written as the base writes it is left for the doors, as before.
    if (breaking.length > 0) asBaseNames ??= nameInBase(...bases.map((v) => v.contract!));
    const repeated = (r: VerdictReason) => {
      const named = breaking.length > 0 && r.code === 'operation-missing' ? asBaseNames?.(r) : undefined;
      return named !== undefined && named.operation !== r.operation && repeatsChange(named, breaking);
    };
    const moved: MovedUse[] = [];
    const misses: VerdictReason[] = [];
    for (const written of declarations) {
      const d = followBasePath(written, baseContracts, provided, moved);
      // A success response the candidate adds is read too by a use naming no statuses (usage/added-successes.ts): added
      // when no live version answers it, the candidate's own contract among them.
      const added = missesInAddedSuccesses(liveContracts, provided, d);
      const offered = readSatisfies(provided, d);
      const shortfalls = (added.length === 0 ? offered : [...offered, ...added]).filter((r) => !repeated(r));
      if (shortfalls.length === 0) continue;
      const unmetBefore = lookUpAlreadyUnmet(live, d, written);
      // Object.assign, not `{ ...r, consumerVersion }`: V8 builds a spread followed by keys on its slow path, about a
      // hundred times dearer, and a hub's verdict stamps hundreds of these.
      for (const r of shortfalls) {
        const before = unmetBefore(r);
        // A change waived took away only what a live version still had: a use none met is no change's, and stays.
        if (before.length === 0 && ledger.excuses(r, readFields)) continue;
        const reason = Object.assign({}, r, stamp);
        // A use no live version met is the consumer's to correct: a waiver naming it lets the provider deploy meanwhile.
        if (before.length > 0 && ledger.waivesUnmet(reason, sayUnmetBefore(before, input.against), version, readFields)) continue;
        reasons.push(before.length > 0 ? markAlreadyUnmet(reason, before, input.against) : reason);
        if (breakAt >= 0 && reason.field !== undefined) misses.push(reason);
      }
    }
    // The doors fold a miss the removal states by the field as its operation reads it: written on the changes here.
    if (misses.length > 0) reasons[breakAt] = { ...reasons[breakAt]!, changes: noteFieldsRead(breaking, misses, readFields) };
    for (const use of moved) reasons.push(warnPathMoved(candidate, version, use));
  }
  return reasons;
}

/** The consumers of the service among the deployed versions, each with its declarations of it alone. */
function listConsumers(input: GateInput): { version: GateVersion; declarations: Declaration[] }[] {
  const consumers: { version: GateVersion; declarations: Declaration[] }[] = [];
  for (const version of input.deployed) {
    if (version.service === input.service) continue;
    // A listed consumer declares nothing but the service (most of a hub's): its own array serves.
    const all = version.declarations;
    const declarations = all.every((d) => d.provider === input.service) ? all : all.filter((d) => d.provider === input.service);
    if (declarations.length > 0) consumers.push({ version, declarations });
  }
  return consumers;
}

// Each reason's key is written once, not at every comparison: a hub's verdict may hold hundreds of reasons.
function sortReasons(reasons: VerdictReason[]): VerdictReason[] {
  const keyOf = (r: VerdictReason) =>
    [r.code, r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.operation, r.field, r.message].map((v) => v ?? '');
  const keyed = reasons.map((reason) => ({ reason, key: keyOf(reason) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareText(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  for (let i = 0; i < keyed.length; i++) reasons[i] = keyed[i]!.reason;
  return reasons;
}
