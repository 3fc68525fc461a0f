// Observed calls at the gate: an operation a deployed consumer was seen calling counts as used by it, as a whole,
// beside (or instead of) what it declares; reasons that rest on such a call say so, with when it was last seen.

import { keyOfLabel } from '../format/annotate.js';
import type { GateVersion } from '../gate.js';
import type { LoadedContract, OpenApiDocument } from '../load/load.js';
import type { Change, Declaration, Notice, ObservedCall, OperationUsage, VerdictReason } from '../model.js';
import { checkSatisfies, findOperation, operationsOf } from '../satisfy.js';
import { NO_SERVER_BASES, serverPaths } from './server-bases.js';

export const USAGE_POLICIES = ['declared', 'observed', 'both'] as const;
export type UsagePolicy = (typeof USAGE_POLICIES)[number];

/**
 * Per consumer: the operation keys (`GET /users/{}`) it was observed calling and did not declare, with the last time
 * seen, and the keys it declares that count (none under `observed`): a reason reaching both rests on both.
 */
type ObservedOnly = Map<string, { calls: Map<string, { operation: string; lastSeen: string }>; declared: ReadonlySet<string> }>;

function declaredKeys(declaration: Declaration | undefined, doc: OpenApiDocument | undefined): Set<string> | '*' {
  if (!declaration) return new Set();
  if (declaration.uses === '*') return '*';
  const keys = new Set<string>();
  const operations = doc && operationsOf(doc);
  const bases = doc ? serverPaths(doc) : NO_SERVER_BASES;
  for (const usage of declaration.uses) {
    const entry = operations && findOperation(usage.operation, operations, bases);
    keys.add(entry ? entry.key : keyOfLabel(usage.operation));
  }
  return keys;
}

/** The calls of `calls` to operations `declaration` does not name: those the gate counts as observed use beside it. */
export function selectUndeclaredCalls(declaration: Declaration | undefined, calls: readonly ObservedCall[], doc: OpenApiDocument): ObservedCall[] {
  const declared = declaredKeys(declaration, doc);
  return declared === '*' ? [] : calls.filter((c) => !declared.has(keyOfLabel(c.operation)));
}

/**
 * The deployed versions with the provider's observed calls added as whole-operation declarations (policy `both`),
 * or in place of their declarations of it (`observed`); `declared` leaves them as they are. Calls of consumers
 * not among `deployed` are ignored: only what runs in the environment counts.
 */
export function addObservedUses(
  deployed: GateVersion[],
  provider: string,
  observed: readonly ObservedCall[],
  policy: UsagePolicy,
  contract?: LoadedContract,
): { deployed: GateVersion[]; observedOnly: ObservedOnly } {
  const observedOnly: ObservedOnly = new Map();
  // Under `both`, a consumer seen making no call keeps its declarations as they are: with no calls at all (most asks),
  // a hub's hundreds of consumers are not walked.
  const callsOf = groupCalls(observed, provider);
  if (policy === 'declared' || (policy === 'both' && callsOf.size === 0)) return { deployed, observedOnly };
  const asked: CountAsked = { observed, policy, provider, doc: contract?.doc };
  const next = deployed.map((version) => {
    if (version.service === provider) return version;
    const calls = callsOf.get(version.service) ?? NO_CALLS;
    if (calls.length === 0 && policy === 'both') return version;
    const counted = findCounted(version, asked) ?? keepCounted(version, asked, countVersion(version, calls, asked));
    if (counted.added) observedOnly.set(version.service, { calls: counted.added, declared: counted.declared ?? NO_KEYS });
    return counted.version;
  });
  return { deployed: next, observedOnly };
}

interface CountAsked {
  observed: readonly ObservedCall[];
  policy: UsagePolicy;
  provider: string;
  doc: OpenApiDocument | undefined;
}
interface Counted extends CountAsked {
  version: GateVersion;
  added?: Map<string, { operation: string; lastSeen: string }>;
  declared?: ReadonlySet<string>;
}

// A thread keeps a listing's versions and a read's calls (overseer/work/), so a hub's next ask meets the same objects:
// given back the same counted version, its declaration is one `readSatisfies` has answered already, instead of a new
// object whose answer is looked up again by its JSON text. A few entries per version cover the policies `check` asks.
const countedByVersion = new WeakMap<GateVersion, Counted[]>();
const COUNTED_PER_VERSION = 4;

function findCounted(version: GateVersion, asked: CountAsked): Counted | undefined {
  return countedByVersion
    .get(version)
    ?.find((c) => c.observed === asked.observed && c.policy === asked.policy && c.provider === asked.provider && c.doc === asked.doc);
}

function keepCounted(version: GateVersion, asked: CountAsked, counted: Pick<Counted, 'version' | 'added' | 'declared'>): Counted {
  const kept = countedByVersion.get(version) ?? [];
  if (kept.length >= COUNTED_PER_VERSION) kept.shift();
  const entry = { ...asked, ...counted };
  kept.push(entry);
  countedByVersion.set(version, kept);
  return entry;
}

/** One consumer's version with its observed calls of the provider counted as the policy says. */
function countVersion(
  version: GateVersion,
  calls: readonly ObservedCall[],
  { policy, provider, doc }: CountAsked,
): Pick<Counted, 'version' | 'added' | 'declared'> {
  const own = version.declarations.find((d) => d.provider === provider);
  const declared = policy === 'observed' ? new Set<string>() : declaredKeys(own, doc);
  if (declared === '*') return { version };
  const added = new Map<string, { operation: string; lastSeen: string }>();
  for (const call of calls) {
    const key = keyOfLabel(call.operation);
    const seen = added.get(key);
    if (!declared.has(key) && (!seen || call.lastSeen > seen.lastSeen)) added.set(key, { operation: call.operation, lastSeen: call.lastSeen });
  }
  const extra: OperationUsage[] = [...added.values()].map((a) => ({ operation: a.operation }));
  const kept = policy === 'both' && own && own.uses !== '*' ? own.uses : [];
  const uses = [...kept, ...extra];
  const others = version.declarations.filter((d) => d.provider !== provider);
  const declarations = uses.length > 0 ? [...others, { consumer: version.service, provider, uses }] : others;
  return { version: { ...version, declarations }, ...(added.size > 0 && { added, declared }) };
}

const NO_CALLS: readonly ObservedCall[] = [];
const NO_KEYS: ReadonlySet<string> = new Set();

// A thread keeps a read's calls (overseer/work/), so a hub asked again meets the same list: its grouping is kept
// with it instead of walking every call of the environment again at each ask.
const groupedByRead = new WeakMap<readonly ObservedCall[], Map<string, Map<string, ObservedCall[]>>>();

/** The calls of `provider` by consumer, in the order seen. */
function groupCalls(observed: readonly ObservedCall[], provider: string): Map<string, ObservedCall[]> {
  let byProvider = groupedByRead.get(observed);
  if (!byProvider) groupedByRead.set(observed, (byProvider = new Map()));
  let grouped = byProvider.get(provider);
  if (!grouped) byProvider.set(provider, (grouped = groupCallsOf(observed, provider)));
  return grouped;
}

function groupCallsOf(observed: readonly ObservedCall[], provider: string): Map<string, ObservedCall[]> {
  const byConsumer = new Map<string, ObservedCall[]>();
  for (const call of observed) {
    if (call.provider !== provider) continue;
    const list = byConsumer.get(call.consumer);
    if (list) list.push(call);
    else byConsumer.set(call.consumer, [call]);
  }
  return byConsumer;
}

/**
 * Marks the reasons about `provider` that rest on observed-only operations: `basis: "observed"` and the last time seen.
 * One that also reaches an operation the consumer declares (a shared field it reads, removed) rests on both: `both`,
 * saying each, so that its owners look in their manifest as well as in their calls.
 */
export function markObservedBasis(
  reasons: VerdictReason[],
  provider: string,
  observedOnly: ObservedOnly,
  declaredBreaks: (consumer: string, version: string | undefined) => Change[],
): VerdictReason[] {
  if (observedOnly.size === 0) return reasons;
  return reasons.map((reason) => {
    const consumer = reason.consumer !== undefined && reason.provider === provider ? observedOnly.get(reason.consumer) : undefined;
    if (!consumer) return reason;
    const labels = new Set([
      ...(reason.operation ? [reason.operation] : []),
      ...(reason.changes ?? []).flatMap((c) => c.operations ?? (c.operation ? [c.operation] : [])),
    ]);
    const seen = [...labels].map((label) => consumer.calls.get(keyOfLabel(label))).filter((s) => s !== undefined);
    if (seen.length === 0) return reason;
    // The changes' operations are all those reaching a shared schema: which break what the consumer declares is judged
    // again from its declarations alone, only for such a consumer (one seen calling beyond them) and such a reason.
    const changes = reason.changes ?? [];
    const mine = consumer.declared.size === 0 || changes.length === 0 ? [] : declaredBreaks(reason.consumer!, reason.consumerVersion);
    const declared = [
      ...new Set(mine.filter((c) => changes.some((r) => r.id === c.id && r.location === c.location)).flatMap((c) => (c.operation ? [c.operation] : []))),
    ];
    const lastSeen = seen
      .map((s) => s.lastSeen)
      .sort()
      .at(-1)!;
    const what = [...new Set(seen.map((s) => s.operation))].join(', ');
    const observed = `observed: ${reason.consumer} calls ${what}, last seen ${lastSeen}, without declaring it`;
    if (declared.length === 0) return { ...reason, basis: 'observed', lastSeen, message: `${reason.message} (${observed})` };
    const both = `declared: ${reason.consumer} declares ${declared.join(', ')}; ${observed}`;
    return { ...reason, basis: 'both', lastSeen, message: `${reason.message} (${both})` };
  });
}

/**
 * `findUndeclaredCalls` of the gate's candidate, its providers' contracts taken from the versions live beside it. A call
 * to an operation no live version of its provider offers is no use to declare: the candidate's own version's is refused
 * by `judgeOwnCalls` when calls count (`counted`), and another version's is said as what it is, evidence, not proof.
 */
export function findUndeclaredCallsAmong(
  candidate: { service: string; version: string; declarations: readonly Declaration[] },
  calls: readonly ObservedCall[],
  versions: readonly GateVersion[],
  counted: boolean,
): Notice[] {
  const contracts = new Map<string, LoadedContract>();
  for (const v of versions) if (v.contract) contracts.set(v.service, v.contract);
  const gone = new Map<string, Notice>();
  const offered: ObservedCall[] = [];
  for (const call of calls) {
    const live = versions.filter((v) => v.service === call.provider && v.contract);
    const asIs = call.consumer !== candidate.service || call.provider === candidate.service || live.length === 0;
    if (asIs || live.some((v) => offers(v.contract!.doc, call.operation))) {
      offered.push(call);
      continue;
    }
    // A declared use no live version offers is refused as declared already.
    const declared = declaredKeys(
      candidate.declarations.find((d) => d.provider === call.provider),
      live[0]!.contract!.doc,
    );
    if (declared === '*' || declared.has(keyOfLabel(call.operation))) continue;
    if (!(counted && call.consumerVersion === candidate.version)) noticeGoneCall(gone, candidate, call, live);
  }
  return [...findUndeclaredCalls(candidate.service, candidate.declarations, offered, contracts), ...gone.values()];
}

function offers(doc: OpenApiDocument, operation: string): boolean {
  return findOperation(operation, operationsOf(doc), serverPaths(doc)) !== undefined;
}

/** An older (or unnamed) version's call to an operation gone from every live version of its provider: a warning to look, not a refusal. */
function noticeGoneCall(notices: Map<string, Notice>, candidate: { service: string; version: string }, call: ObservedCall, live: GateVersion[]) {
  const key = `${call.provider} ${keyOfLabel(call.operation)}`;
  if (notices.has(key)) return;
  const by = call.consumerVersion ? `${candidate.service} ${call.consumerVersion}` : `${candidate.service} (version not named)`;
  const providers = live.map((v) => `${v.service} ${v.version}`).join(', ');
  const why =
    call.consumerVersion === candidate.version
      ? 'observed calls do not count under OVERSEER_USAGE=declared'
      : "another version's calls are evidence, not proof, so they do not refuse";
  notices.set(key, {
    code: 'undeclared-call',
    consumer: candidate.service,
    message: `${by} was observed calling ${call.provider} ${call.operation} in ${call.environment} (last seen ${call.lastSeen}), which ${providers} live there does not offer: if ${candidate.service} ${candidate.version} still makes this call, it fails (${why})`,
  });
}

/**
 * The candidate's own calls (those naming its version) beyond what it declares, judged against each live version of
 * their provider as whole-operation uses: the trust the provider side gives a live consumer's calls. A rollback to a
 * version seen calling an operation removed since is refused here, with the provider's side already past.
 */
export function judgeOwnCalls(candidate: GateVersion, calls: readonly ObservedCall[], deployed: readonly GateVersion[]): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  const own = calls.filter((c) => c.consumer === candidate.service && c.consumerVersion === candidate.version && c.provider !== candidate.service);
  for (const provider of new Set(own.map((c) => c.provider))) {
    const declared = candidate.declarations.find((d) => d.provider === provider);
    const mine = own.filter((c) => c.provider === provider);
    for (const live of deployed) {
      if (live.service !== provider || !live.contract) continue;
      const lastSeen = new Map<string, string>();
      for (const c of selectUndeclaredCalls(declared, mine, live.contract.doc)) {
        if ((lastSeen.get(c.operation) ?? '') < c.lastSeen) lastSeen.set(c.operation, c.lastSeen);
      }
      if (lastSeen.size === 0) continue;
      const uses = [...lastSeen.keys()].map((operation) => ({ operation }));
      for (const r of checkSatisfies(live.contract, { consumer: candidate.service, provider, uses })) {
        const seen = (r.operation && lastSeen.get(r.operation)) || [...lastSeen.values()].sort().at(-1)!;
        const said = `observed: ${candidate.service} ${candidate.version} calls ${r.operation ?? [...lastSeen.keys()].join(', ')}, last seen ${seen}, without declaring it`;
        reasons.push({
          ...r,
          consumerVersion: candidate.version,
          providerVersion: live.version,
          basis: 'observed',
          lastSeen: seen,
          message: `${r.message} (${said})`,
        });
      }
    }
  }
  return reasons;
}

/**
 * Calls a consumer was seen making that its declarations do not cover: notices for `check`, so the use gets written
 * down. `contracts` (by provider) resolve declarations by operationId.
 */
export function findUndeclaredCalls(
  consumer: string,
  declarations: readonly Declaration[],
  calls: readonly ObservedCall[],
  contracts: ReadonlyMap<string, LoadedContract>,
): Notice[] {
  const notices = new Map<string, Notice>();
  // Per provider, not per call: resolving declarations indexes the provider's operations (Stripe: ~0.25 ms a call).
  const declaredBy = new Map<string, Set<string> | '*'>();
  for (const call of calls) {
    if (call.consumer !== consumer) continue;
    let declared = declaredBy.get(call.provider);
    if (!declared) {
      const doc = contracts.get(call.provider)?.doc;
      declared = declaredKeys(
        declarations.find((d) => d.provider === call.provider),
        doc,
      );
      declaredBy.set(call.provider, declared);
    }
    const key = `${call.provider} ${keyOfLabel(call.operation)}`;
    if (declared === '*' || declared.has(keyOfLabel(call.operation)) || notices.has(key)) continue;
    notices.set(key, {
      code: 'undeclared-call',
      consumer,
      message: `${consumer} was observed calling ${call.provider} ${call.operation} in ${call.environment} (last seen ${call.lastSeen}) and does not declare it: add it to consumes`,
    });
  }
  return [...notices.values()];
}
