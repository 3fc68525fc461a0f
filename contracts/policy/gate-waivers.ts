// Waivers published with the deploying version, honoured by the gate: a change they accept refuses nothing, and the
// verdict says which changes were waived and why. Pure: the waivers and the clock come in, the ledger goes out.
// A waiver naming a shortfall's code (`field-missing`...) accepts a use that no live version met before: the one refusal
// the provider cannot answer by changing what it deploys, so without it the provider waits on another team.

import type { ContractDiff } from '../diff.js';
import { compareText, indexReach, matchOperations } from '../impact.js';
import type { Change, Declaration, Manifest, Notice, Target, VerdictReason, WaivedChange } from '../model.js';
import { describeGuess, findNearestName } from '../usage/nearest-name.js';
import {
  type Break,
  coversShortfall,
  describeNearestBreak,
  describeUnnamedOperations,
  isInside,
  namesOperation,
  type UsesByConsumer,
  waiversCoveringFor,
} from './apply.js';
import { endsWithinADay, firstToExpire, isWaiverActive, noticeLastDay, readClock } from './expiry.js';
import type { ChangeReader } from './field-reading.js';
import { adviseUnused, describeWaiverEntry, type Waiver } from './waivers.js';

/** One consumer version, as the gate names it. */
interface ConsumerRef {
  service: string;
  version: string;
}

export interface WaiverLedger {
  /**
   * The changes that still break `consumer`; each one an active waiver accepts is noted as waived instead. `usedOf` gives
   * the keys of the operations the consumer uses (undefined for a consumer of everything), which bound the operations a
   * waiver may name: one naming another operation the change reaches accepted that break, not this one. It is asked only
   * when a waiver is active, since most candidates carry none and a hub judges hundreds of consumers. `read` reads a
   * change's field from an operation other than the one it is named under, as a waiver naming that one writes it.
   */
  keepUnwaived(changes: Change[], consumer: ConsumerRef, usedOf: () => ReadonlySet<string> | undefined, read?: ChangeReader): Change[];
  /** Whether a shortfall of the new contract (an operation or field the consumer uses is gone) is what a waiver accepted for it. */
  excuses(reason: VerdictReason, read?: ChangeReader): boolean;
  /**
   * Whether a waiver accepts this shortfall, which `unmetBefore` says the live versions already had: noted as waived if
   * so. `read` names the operation by a live version's path too, where the base path moved into the paths.
   */
  waivesUnmet(reason: VerdictReason, unmetBefore: string, consumer: ConsumerRef, read?: ChangeReader): boolean;
  /** Whether a waiver accepts this consumer of everything though no live contract shows what it uses (usage/unknown-base.ts). */
  waivesUnseen(reason: VerdictReason, consumer: ConsumerRef): boolean;
  /**
   * What the verdict shows: the waived changes, and a notice for each waiver that expired or waived nothing; `live` (the
   * services live there that the gate read: its consumers, its providers) names a waiver's consumer not among them.
   */
  outcome(environment: string, live?: ReadonlySet<string>): { waived: WaivedChange[]; notices: Notice[] };
}

/** An expired waiver waives nothing: it is active until its `expires` (policy/expiry.ts), read at `at`, as in `diff`. */
export function createWaiverLedger(waivers: readonly Waiver[], at: { now?: string; today?: string }): WaiverLedger {
  const clock = readClock(at.now, at.today);
  const active = waivers.filter((w) => isWaiverActive(w, clock));
  const waived: WaivedChange[] = [];
  // Which consumers each waiver accepted a change for: a shortfall is excused only for those.
  const usedFor = new Map<Waiver, Set<string>>();
  // The waivers that accepted a use unmet before: kept apart, since they excuse no shortfall the candidate causes.
  const usedForUnmet = new Set<Waiver>();
  // What still breaks a consumer, read only with waivers active: an unused one is told the change it most likely meant.
  const breaks: Break[] = [];
  const appliesTo = (w: Waiver, consumer: string) => w.consumer === undefined || w.consumer === consumer;
  return {
    keepUnwaived(changes, consumer, usedOf, read) {
      if (active.length === 0) return changes;
      const used = usedOf();
      return changes.filter((change) => {
        const covering = waiversCoveringFor(
          active.filter((w) => appliesTo(w, consumer.service)),
          change,
          used,
          read,
        );
        if (covering.length === 0) {
          breaks.push({ change, consumer: consumer.service, ...(used && { used }), ...(read && { read }) });
          return true;
        }
        waived.push({ consumer: consumer.service, consumerVersion: consumer.version, change, waiver: describeCovering(covering) });
        for (const w of covering) usedFor.set(w, (usedFor.get(w) ?? new Set()).add(consumer.service));
        return false;
      });
    },
    excuses(reason, read) {
      const { consumer, operation, field } = reason;
      // Asked of every shortfall of every consumer: with nothing waived (most asks) there is nothing to look through.
      if (usedFor.size === 0 || consumer === undefined || operation === undefined) return false;
      return [...usedFor].some(
        ([w, consumers]) =>
          consumers.has(consumer) &&
          namesOperation(w.operation, operation, read) &&
          (w.field === undefined || (field !== undefined && isInside(field, w.field))),
      );
    },
    waivesUnmet(reason, unmetBefore, consumer, read) {
      const waiver = active.find((w) => w.consumer === consumer.service && coversShortfall(w, reason, read));
      if (!waiver) return false;
      const { reason: why, expires, file, line } = waiver;
      waived.push({
        consumer: consumer.service,
        consumerVersion: consumer.version,
        change: describeShortfall(reason, unmetBefore),
        waiver: { reason: why, expires, file, line },
      });
      usedForUnmet.add(waiver);
      return true;
    },
    waivesUnseen(reason, consumer) {
      const waiver = active.find((w) => w.consumer === consumer.service && w.rule === reason.code && w.operation === '*');
      if (!waiver) return false;
      const { reason: why, expires, file, line } = waiver;
      const change: Change = { id: reason.code, level: 'breaking', location: '', side: 'revision', message: reason.message, target: { kind: 'operation' } };
      waived.push({ consumer: consumer.service, consumerVersion: consumer.version, change, waiver: { reason: why, expires, file, line } });
      usedForUnmet.add(waiver);
      return true;
    },
    outcome(environment, live) {
      const expired = waivers.filter((w) => !isWaiverActive(w, clock)).map(noticeExpired);
      const unused = active.filter((w) => !usedFor.has(w) && !usedForUnmet.has(w)).map((w) => noticeUnused(w, environment, live, breaks, active));
      const lastDay = active.filter((w) => endsWithinADay(w, clock) && (usedFor.has(w) || usedForUnmet.has(w))).map(noticeLastDay);
      return { waived: waived.sort(compareWaived), notices: [...expired, ...unused, ...lastDay] };
    },
  };
}

// Several waivers accepting one change (each naming an operation of it): all reasons, and the one that stops holding first.
function describeCovering(covering: Waiver[]): WaivedChange['waiver'] {
  const earliest = firstToExpire(covering.map((w) => w.expires));
  const first = covering.find((w) => w.expires === earliest)!;
  const reason = [...new Set(covering.map((w) => w.reason))].join('; ');
  return { reason, expires: first.expires, file: first.file, line: first.line };
}

/** The keys of the operations the declarations use in any of the diffs, or undefined when one uses everything (`*`). */
export function listUsedOperations(diffs: readonly ContractDiff[], declarations: readonly Declaration[]): ReadonlySet<string> | undefined {
  const used = new Set<string>();
  for (const d of declarations) {
    if (d.uses === '*') return undefined;
    for (const diff of diffs) for (const u of d.uses) for (const op of matchOperations(u.operation, indexReach(diff))) used.add(op.key);
  }
  return used;
}

/** For `diff --consumers` (`applyWaivers`): the operations each consumer of `provider` uses, by the consumer's name. */
export function listUsesByConsumer(diff: ContractDiff, provider: string, manifests: readonly Manifest[]): UsesByConsumer {
  const byConsumer = new Map<string, Declaration[]>();
  for (const m of manifests)
    for (const d of m.declarations) if (d.provider === provider) byConsumer.set(d.consumer, [...(byConsumer.get(d.consumer) ?? []), d]);
  return new Map([...byConsumer].map(([name, declarations]) => [name, listUsedOperations([diff], declarations)]));
}

/**
 * A waived shortfall listed as the waived changes are (so every client shows it the same way): its code as the id, the
 * reason's message saying it was unmet before, and the part of the operation the consumer misses. It is no
 * difference between two documents, so it points at none (`location` empty).
 */
function describeShortfall(reason: VerdictReason, unmetBefore: string): Change {
  const { code, operation } = reason;
  const message = `${reason.message}; ${unmetBefore}`;
  return { id: code, level: 'breaking', ...(operation !== undefined && { operation }), location: '', side: 'revision', message, target: targetOf(reason) };
}

// A parameter the provider never took has no `in` to name, nor does a missing required input: the operation is the part.
function targetOf({ code, field }: VerdictReason): Target {
  if (field !== undefined && code === 'field-missing') return { kind: 'response', field };
  if (field !== undefined && code === 'request-field-rejected') return { kind: 'request-body', field };
  return { kind: 'operation' };
}

function compareWaived(a: WaivedChange, b: WaivedChange): number {
  const keyOf = (w: WaivedChange) => [w.consumer, w.consumerVersion, w.change.operation ?? '', w.change.id, w.change.message];
  const [ka, kb] = [keyOf(a), keyOf(b)];
  for (let i = 0; i < ka.length; i++) {
    const c = compareText(ka[i]!, kb[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function noticeExpired(waiver: Waiver): Notice {
  return {
    code: 'waiver-expired',
    message: `the waiver of ${describeWaiverEntry(waiver)} expired on ${waiver.expires}: it waives nothing (its reason: ${waiver.reason})`,
    file: waiver.file,
    line: waiver.line,
  };
}

function noticeUnused(waiver: Waiver, environment: string, live: ReadonlySet<string> | undefined, breaks: readonly Break[], active: readonly Waiver[]): Notice {
  // A consumer with no version there is the likeliest typo: said first, with the live name it most likely means.
  const absent = waiver.consumer !== undefined && live !== undefined && !live.has(waiver.consumer);
  const unnamed = absent ? undefined : describeUnnamedOperations(waiver, breaks, active);
  if (unnamed !== undefined) {
    const message = `the waiver of ${describeWaiverEntry(waiver)} waives nothing (judged against ${environment}): ${unnamed}`;
    return { code: 'waiver-unused', message, file: waiver.file, line: waiver.line };
  }
  const nearest = describeNearestBreak(waiver, breaks);
  const advice = absent
    ? `no version of ${waiver.consumer} was judged there${describeGuess(findNearestName(waiver.consumer!, live!))}; correct its consumer, or remove it`
    : `${nearest ? `${nearest}; ` : ''}${adviseUnused(waiver)}`;
  return {
    code: 'waiver-unused',
    message: `the waiver of ${describeWaiverEntry(waiver)} matches no change that breaks a consumer (judged against ${environment}): ${advice}`,
    file: waiver.file,
    line: waiver.line,
  };
}
