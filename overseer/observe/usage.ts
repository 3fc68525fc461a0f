// Declared against observed, per use: what a service declares it uses (its counted version's declarations) beside
// what it was seen calling within the window; or, as a provider, the same for every consumer of it.

import {
  addCallCounts,
  compareText,
  keyOfLabel,
  type Notice,
  noticeLeftOutCalls,
  noticeStillSeenCalls,
  type ObservedCall,
  type OperationUsage,
  type UsageEntry,
  type UsageListing,
} from '../../contracts/index.js';
import { findMeantProviders, listMisdirectedUses } from '../gather/misdirected-uses.js';
import { versionInScope } from '../operation-labeller.js';
import type { ConsumerUse, Store } from '../store/store.js';
import { type MarkWork, readMarks } from '../ui/read-marks.js';
import type { Observer } from './observer.js';
import { splitReplacedCalls } from './replaced-calls.js';

interface Deps {
  store: Store;
  /** The worker pool, where the providers' contracts name the uses: the loop receives the names, not the contracts. */
  work: MarkWork;
  observer: Observer;
}

interface Pair {
  consumer: string;
  provider: string;
  /** The provider's name as the consumer's manifest misspells it, when the registry took it for `provider`. */
  declaredAs?: string;
}

/** Calls summed over environments (when none was asked for), per consumer, provider and operation key. */
function sumCalls(calls: ObservedCall[]): Map<string, { operation: string; count: number; lastSeen: string } & Pair> {
  const out = new Map<string, { operation: string; count: number; lastSeen: string } & Pair>();
  for (const c of calls) {
    const key = [c.consumer, c.provider, keyOfLabel(c.operation)].join('\u0000');
    const seen = out.get(key);
    if (!seen) out.set(key, { consumer: c.consumer, provider: c.provider, operation: c.operation, count: c.count, lastSeen: c.lastSeen });
    else {
      seen.count = addCallCounts(seen.count, c.count);
      if (c.lastSeen > seen.lastSeen) seen.lastSeen = c.lastSeen;
    }
  }
  return out;
}

/**
 * `METHOD /path` or an operationId -> the label the provider's contract gives it, so both sides compare alike; as
 * declared where the contract lacks it or no longer parses (as the consumers listing does). Each provider's contract
 * names every use declared of it in one ask of the worker pool.
 */
async function labellers(deps: Deps, declared: ConsumerUse[], environment: string | undefined) {
  const refs = new Map<string, Set<string>>();
  for (const use of declared) {
    const named = refs.get(use.declaration.provider) ?? new Set<string>();
    refs.set(use.declaration.provider, named);
    if (use.declaration.uses !== '*') for (const u of use.declaration.uses) named.add(u.operation);
  }
  const labels = new Map<string, (operation: string) => string>();
  for (const [provider, named] of refs) {
    const record = await versionInScope(deps.store, provider, environment !== undefined ? { environment } : {});
    const marks = record?.contractHash ? await readMarks(deps, record.contractHash, { refs: [...named] }) : undefined;
    labels.set(provider, (operation) => marks?.names[operation]?.label ?? operation);
  }
  return (provider: string) => labels.get(provider)!;
}

/**
 * The operations each consumer declares of each provider, over all its versions counted (two releases live at once, a
 * rollout): one line per use, with the calls seen, not one per version with the calls on the first alone. Each keeps
 * the declarations naming it, whose statuses and media types the line says.
 */
function groupByPair(declared: ConsumerUse[], labellerOf: (provider: string) => (operation: string) => string) {
  const pairs = new Map<string, { pair: Pair; operations: Map<string, OperationUsage[]> }>();
  for (const use of declared) {
    const { declaredAs } = use.declaration;
    const pair = { consumer: use.consumer, provider: use.declaration.provider, ...(declaredAs !== undefined && { declaredAs }) };
    const key = `${pair.consumer}\u0000${pair.provider}\u0000${declaredAs ?? ''}`;
    const entry = pairs.get(key) ?? { pair, operations: new Map<string, OperationUsage[]>() };
    pairs.set(key, entry);
    const label = labellerOf(pair.provider);
    if (use.declaration.uses === '*') entry.operations.set('*', []);
    else for (const u of use.declaration.uses) entry.operations.set(label(u.operation), [...(entry.operations.get(label(u.operation)) ?? []), u]);
  }
  // A version that uses everything covers what the others name.
  return [...pairs.values()].map(({ pair, operations }) => ({
    pair,
    operations: operations.has('*') ? [['*', []] as const] : [...operations.entries()],
  }));
}

/**
 * What the declarations of one operation narrow its use to, in `overseer consumers`' terms: the statuses read when one
 * is not a success (a 404's body; `2XX` for a declaration naming none, which reads the success responses), and the media types when every declaration names some (one naming none, or a
 * pact's `*\/*`, reads every type, so a list would say less than it uses).
 */
function describeNarrowing(uses: readonly OperationUsage[]): Pick<UsageEntry, 'statuses' | 'requestMediaTypes' | 'responseMediaTypes'> {
  // A declaration naming no status reads the success responses: with a 404 reader beside it, the line says both.
  const statuses = [...new Set(uses.flatMap((u) => u.statuses ?? ['2XX']))].sort(compareText);
  const typesOf = (pick: (u: OperationUsage) => string[] | undefined) => {
    const lists = uses.map(pick);
    if (lists.some((types) => types === undefined || types.length === 0 || types.includes('*/*'))) return undefined;
    return [...new Set(lists.flat() as string[])].sort(compareText);
  };
  const sent = typesOf((u) => u.requestMediaTypes);
  const read = typesOf((u) => u.responseMediaTypes);
  return {
    ...(statuses.some((s) => !s.startsWith('2')) && { statuses }),
    ...(sent && { requestMediaTypes: sent }),
    ...(read && { responseMediaTypes: read }),
  };
}

async function compare(deps: Deps, declared: ConsumerUse[], calls: ObservedCall[], environment: string | undefined, side: 'consumer' | 'provider') {
  const observed = sumCalls(calls);
  const entries: UsageEntry[] = [];
  const labellerOf = await labellers(deps, declared, environment);
  const name = (pair: Pair) =>
    side === 'consumer' ? { provider: pair.provider } : { consumer: pair.consumer, ...(pair.declaredAs !== undefined && { declaredAs: pair.declaredAs }) };
  for (const { pair, operations } of groupByPair(declared, labellerOf)) {
    for (const [operation, uses] of operations) {
      const matching = [...observed.entries()].filter(
        ([, o]) => o.consumer === pair.consumer && o.provider === pair.provider && (operation === '*' || keyOfLabel(o.operation) === keyOfLabel(operation)),
      );
      for (const [key] of matching) observed.delete(key);
      const count = matching.reduce((sum, [, o]) => addCallCounts(sum, o.count), 0);
      const lastSeen = matching
        .map(([, o]) => o.lastSeen)
        .sort()
        .at(-1);
      entries.push({ ...name(pair), operation, ...describeNarrowing(uses), declared: true, observed: lastSeen ? { count, lastSeen } : null });
    }
  }
  for (const o of observed.values()) entries.push({ ...name(o), operation: o.operation, declared: false, observed: { count: o.count, lastSeen: o.lastSeen } });
  const other = (e: UsageEntry) => (side === 'consumer' ? e.provider : e.consumer) ?? '';
  return entries.sort(
    (a, b) => compareText(other(a), other(b)) || compareText(a.declaredAs ?? '', b.declaredAs ?? '') || compareText(a.operation, b.operation),
  );
}

/**
 * The calls the gate counts (a caller's version replaced where it was seen took its calls with it), and the gate's
 * notices of those left out or counted all the same: a listing without a call the traces showed says why.
 */
async function countedCalls(store: Store, calls: ObservedCall[]): Promise<{ calls: ObservedCall[]; notices?: Notice[] }> {
  const { counted, leftOut, stillSeen } = await splitReplacedCalls(store, calls);
  const notices = [...noticeLeftOutCalls(leftOut), ...noticeStillSeenCalls(stillSeen)];
  return { calls: counted, ...(notices.length > 0 && { notices }) };
}

export async function listUsage(deps: Deps, service: string, options: { environment?: string; asProvider?: boolean }): Promise<UsageListing> {
  const { environment } = options;
  const scope = environment !== undefined ? { environment } : {};
  const where = environment !== undefined ? { environment } : {};
  if (options.asProvider) {
    // A consumer whose manifest misspells the service is counted by the gate as its consumer, so it is listed too.
    const declared = [...(await deps.store.listConsumersOf(service, scope)), ...(await listMisdirectedUses(deps.store, service, scope))];
    const { calls, notices } = await countedCalls(deps.store, await deps.observer.listCalls({ provider: service, ...scope }));
    const uses = await compare(deps, declared, calls, environment, 'provider');
    return { provider: service, ...where, uses, ...(notices && { notices }), policy: deps.observer.config.policy };
  }
  const own = (await deps.store.listAllUses(scope)).filter((u) => u.consumer === service);
  const { calls, notices } = await countedCalls(deps.store, await deps.observer.listCalls({ consumer: service, ...scope }));
  const uses = await compare(deps, own, calls, environment, 'consumer');
  // A provider declared under a name no service has is counted by the gate as the service a typo away: the same lookup.
  const meant = await findMeantProviders(deps.store, service, [...new Set(own.map((u) => u.declaration.provider))], []);
  const marked = meant ? uses.map((u) => (u.provider !== undefined && meant[u.provider] ? { ...u, countedAs: meant[u.provider] } : u)) : uses;
  return { consumer: service, ...where, uses: marked, ...(notices && { notices }), policy: deps.observer.config.policy };
}
