// Verdict reasons -> the impacts an event lists: one per consumer version, with where it runs and what breaks. Pure.

import { compareText, foldRepeatedReasons, type VerdictReason, type WaivedChange } from '../../contracts/index.js';
import { type EventBreak, type EventImpact, type EventWaived, type EventWarned, MAX_BREAKS_PER_IMPACT } from './events.js';

/** Reasons found in one place (an environment, or `branch main`). */
export interface FoundReasons {
  where: string;
  reasons: VerdictReason[];
  /** The provider version counted there now (deployed, or latest on the branch); absent when none is. */
  running?: string;
}

/** The blocking reasons where `provider` breaks one of its consumers (not the provider's own needs as a consumer). */
export function selectConsumerBreaks(reasons: readonly VerdictReason[], provider: string): VerdictReason[] {
  return reasons.filter((r) => r.severity === 'error' && r.provider === provider && r.consumer !== undefined && r.consumer !== provider);
}

/** Groups reasons by consumer and provider version, merging the places each is found in; sorted by consumer. */
export function groupImpacts(found: readonly FoundReasons[]): EventImpact[] {
  const groups = new Map<string, { impact: EventImpact; breaks: Map<string, EventBreak> }>();
  for (const { where, reasons, running } of found) {
    // Folded as every door folds them (contracts/gate/fold-repeats.ts): a miss a breaking change states is no second break.
    for (const reason of foldRepeatedReasons(reasons)) {
      const consumer = reason.consumer ?? '';
      const provider = reason.provider ?? '';
      const id = [consumer, reason.consumerVersion ?? '', provider, reason.providerVersion ?? ''].join('\u0000');
      let group = groups.get(id);
      if (!group) {
        const impact: EventImpact = {
          consumer,
          ...(reason.consumerVersion !== undefined && { consumerVersion: reason.consumerVersion }),
          provider,
          ...(reason.providerVersion !== undefined && { providerVersion: reason.providerVersion }),
          where: [],
          providerAt: {},
          breaks: [],
        };
        groups.set(id, (group = { impact, breaks: new Map() }));
      }
      if (!group.impact.where.includes(where)) group.impact.where.push(where);
      group.impact.providerAt[where] = running ?? null;
      // Deprecated where any of its places runs it: the consumer was told, and moving off it is the way out.
      if (reason.wayOut && group.impact.wayOut !== 'move-off') {
        group.impact.wayOut = reason.wayOut;
        if (reason.deprecatedIn !== undefined) group.impact.deprecatedIn = reason.deprecatedIn;
      }
      for (const b of describeBreaks(reason)) group.breaks.set([b.code, b.operation ?? '', b.field ?? '', b.message].join('\u0000'), b);
    }
  }
  return [...groups.values()]
    .map(({ impact, breaks }) => limitBreaks(impact, [...breaks.values()]))
    .sort(
      (a, b) => compareText(a.consumer, b.consumer) || compareText(a.provider, b.provider) || compareText(a.consumerVersion ?? '', b.consumerVersion ?? ''),
    );
}

/** The waived changes found in every place, each once (a change waived in two environments is one line). */
export function listWaived(found: readonly { waived?: readonly WaivedChange[] }[]): EventWaived[] {
  const out = new Map<string, EventWaived>();
  for (const w of found.flatMap((f) => f.waived ?? [])) {
    const { consumer, change, waiver } = w;
    const entry = {
      consumer,
      code: change.id,
      ...(change.operation !== undefined && { operation: change.operation }),
      reason: waiver.reason,
      expires: waiver.expires,
    };
    out.set([consumer, change.id, change.operation ?? '', change.message].join('\u0000'), entry);
  }
  return [...out.values()].sort((a, b) => compareText(a.consumer, b.consumer) || compareText(a.operation ?? '', b.operation ?? ''));
}

/** The warnings reaching what consumers use found in every place, each once per consumer (one warned in two places is one line). */
export function listWarned(found: readonly { warned?: readonly VerdictReason[] }[]): EventWarned[] {
  const out = new Map<string, EventWarned>();
  for (const reason of found.flatMap((f) => f.warned ?? [])) {
    for (const b of describeBreaks(reason)) {
      const entry = { consumer: reason.consumer ?? '', code: b.code, ...(b.operation !== undefined && { operation: b.operation }), message: b.message };
      out.set([entry.consumer, entry.code, entry.operation ?? '', entry.message].join('\u0000'), entry);
    }
  }
  return [...out.values()].sort((a, b) => compareText(a.consumer, b.consumer) || compareText(a.operation ?? '', b.operation ?? ''));
}

/** A `breaks-consumer` reason carries its changes: each is one break; other reasons are one break themselves. */
function describeBreaks(reason: VerdictReason): EventBreak[] {
  if (reason.changes && reason.changes.length > 0) {
    return reason.changes.map((c) => ({ code: c.id, ...(c.operation !== undefined && { operation: c.operation }), message: c.message }));
  }
  return [
    {
      code: reason.code,
      ...(reason.operation !== undefined && { operation: reason.operation }),
      ...(reason.field !== undefined && { field: reason.field }),
      message: reason.message,
    },
  ];
}

function limitBreaks(impact: EventImpact, breaks: EventBreak[]): EventImpact {
  const kept = breaks.slice(0, MAX_BREAKS_PER_IMPACT);
  return {
    ...impact,
    where: [...impact.where].sort(compareText),
    breaks: kept,
    ...(breaks.length > kept.length && { moreBreaks: breaks.length - kept.length }),
  };
}

/** `checkout-web`, `checkout-web and billing-worker`, `a, b, c and 2 more`. */
export function listNames(names: readonly string[], max = 3): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique[0] ?? 'nobody';
  if (unique.length <= max) return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
  return `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
