// Declared against observed on the service page: each declared operation marked when traces never showed it within
// the window, and each call no declaration covers added and marked, so the page shows what reality adds.

import { addCallCounts, keyOfLabel, type ObservedCall, type UsagePolicy } from '../../contracts/index.js';
import type { UsageLine, UsageView } from './pages/service-usage.js';

interface Seen {
  count: number;
  lastSeen: string;
}

type Calls = Map<string, Seen & { operation: string }>;

/** Calls summed over environments, per other service, then per operation key (path parameters' names do not matter). */
function sumCalls(calls: readonly ObservedCall[], side: 'consumer' | 'provider'): Map<string, Calls> {
  const out = new Map<string, Calls>();
  for (const call of calls) {
    const other = side === 'consumer' ? call.consumer : call.provider;
    const byKey = out.get(other) ?? new Map();
    out.set(other, byKey);
    const key = keyOfLabel(call.operation);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { operation: call.operation, count: call.count, lastSeen: call.lastSeen });
    else {
      seen.count = addCallCounts(seen.count, call.count);
      if (call.lastSeen > seen.lastSeen) seen.lastSeen = call.lastSeen;
    }
  }
  return out;
}

const undeclared = (seen: Seen & { operation: string }): UsageLine => ({
  operation: seen.operation,
  parts: [],
  declared: false,
  observed: { count: seen.count, lastSeen: seen.lastSeen },
});

/** The line with what traces showed of it; its key is noted as covered by a declaration. */
function markLine(line: UsageLine, calls: Calls | undefined, covered: Set<string>): UsageLine {
  const label = line.name?.label ?? line.operation;
  // An operationId no contract resolved cannot be compared with a call: it gets no mark rather than a guessed one.
  if (!label.includes(' ')) return line;
  const key = keyOfLabel(label);
  covered.add(key);
  const seen = calls?.get(key);
  return { ...line, observed: seen ? { count: seen.count, lastSeen: seen.lastSeen } : null };
}

/**
 * The views with `observed` set on each comparable declared line, undeclared calls appended to their service's (last)
 * view, and a view for each service seen in traces that declares nothing. `side` is what the other services are.
 * Without calls (no observer), the views are returned as they are: no marks.
 */
export function markObserved(views: readonly UsageView[], calls: readonly ObservedCall[] | undefined, side: 'consumer' | 'provider'): UsageView[] {
  if (calls === undefined) return [...views];
  const byService = sumCalls(calls, side);
  const covered = new Map<string, Set<string> | 'everything'>();
  const marked = views.map((view): UsageView => {
    const keys = covered.get(view.service) ?? new Set<string>();
    // "*" declares every operation: every call is declared, and no operation is singled out as never called.
    if (view.everything || keys === 'everything') {
      covered.set(view.service, 'everything');
      return view;
    }
    covered.set(view.service, keys);
    return { ...view, lines: view.lines.map((line) => markLine(line, byService.get(view.service), keys)) };
  });
  const out = [...marked];
  for (const [service, calls] of [...byService.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const keys = covered.get(service);
    if (keys === 'everything') continue;
    const lines = [...calls.entries()].filter(([key]) => !keys?.has(key)).map(([, seen]) => undeclared(seen));
    if (lines.length === 0) continue;
    const last = out.map((v) => v.service).lastIndexOf(service);
    if (last < 0) out.push({ service, everything: false, lines, observedOnly: true });
    else out[last] = { ...out[last], lines: [...out[last].lines, ...lines] };
  }
  return out;
}

/** The consumers seen in traces that declare no use in scope, by name: they are paged after every declared consumer. */
export function observedOnlyConsumers(calls: readonly ObservedCall[], declared: readonly { consumer: string }[]): string[] {
  const declaring = new Set(declared.map((u) => u.consumer));
  const names = new Set(calls.filter((c) => !declaring.has(c.consumer)).map((c) => c.consumer));
  // Sorted as markObserved appends their views, so a page's slice is the order the page shows.
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The calls of a page of consumers: those of the declared consumers and of the observed-only ones listed on it. */
export function pageObservedCalls(calls: readonly ObservedCall[], listed: readonly { consumer: string }[], observedOnly: readonly string[]): ObservedCall[] {
  const onPage = new Set([...listed.map((u) => u.consumer), ...observedOnly]);
  return calls.filter((c) => onPage.has(c.consumer));
}

/**
 * The lines the registry's OVERSEER_USAGE leaves out of the gate (calls seen under `declared`, declarations never seen
 * called under `observed`), marked so: "observed, not declared" would otherwise read as a block that is not one.
 */
export function markUncounted(views: UsageView[], policy: UsagePolicy | undefined): UsageView[] {
  if (policy === undefined || policy === 'both') return views;
  const left = (l: UsageLine) => (policy === 'declared' ? l.declared === false : l.observed === null);
  return views.map((v) => (v.lines.some(left) ? { ...v, lines: v.lines.map((l) => (left(l) ? { ...l, uncounted: policy } : l)) } : v));
}
