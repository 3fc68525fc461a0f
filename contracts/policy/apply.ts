// Team policy over a judged diff: severity files set rule levels, waivers accept known changes
// until they expire. Pure: the CLI reads the files and passes their text and the time.
import { summarize } from '../check.js';
import type { ContractDiff } from '../diff.js';
import { keyOfLabel } from '../format/annotate.js';
import type { Change, DiffReport, JudgedChange, Notice, Target, UnmetUse } from '../model.js';
import { endsWithinADay, firstToExpire, isWaiverActive, noticeLastDay } from './expiry.js';
import { type ChangeReader, fieldAsRead, readChangesIn } from './field-reading.js';
import { adviseUnused, describeWaiverEntry, type Waiver } from './waivers.js';

export { PolicyError } from './error.js';
export { applySeverity, applySeverityToDiff, findUnknownRules, parseSeverityLevels, type SeverityLevels } from './severity.js';
export { explainMissingConsumer, explainUnknownKey, explainWaiverOperation, isCheckedRule, parseWaivers, type Waiver } from './waivers.js';

/** Keys of the operations each consumer uses, by its name; undefined for a consumer of everything (`"*"`). */
export type UsesByConsumer = ReadonlyMap<string, ReadonlySet<string> | undefined>;

/**
 * Marks the changes the waivers cover as waived (still shown, never blocking) and recounts the summary.
 * A waiver is active until its `expires` (through its day, or to its instant); after, it waives nothing and a notice
 * says so; one that waives something and stops within a day is said too (`waiver-last-day`), as the gate says it.
 * `now` is an ISO 8601 instant, or a UTC day read as its first moment.
 * A consumer-scoped waiver covers the change for that consumer only: the change stops blocking
 * when every consumer it breaks is covered, and otherwise lists the covered ones in `waivedFor`.
 * With `usesBy`, a waiver covers a change for a consumer only through an operation that consumer uses, as the gate
 * reads it: a change in a schema two operations share, waived for one, still breaks a consumer of the other.
 * `diff`, the one the report was judged from, reads a change's field from another operation than the one it is filed
 * under (field-reading.ts): without it, a waiver's field is matched only through the operation the change is filed under.
 */
export function applyWaivers(report: DiffReport, waivers: readonly Waiver[], now: string, usesBy?: UsesByConsumer, diff?: ContractDiff): DiffReport {
  if (waivers.length === 0) return report;
  const read = diff && readChangesIn([diff]);
  const clock = Date.parse(now);
  const active = waivers.filter((w) => isWaiverActive(w, clock));
  const expired = waivers.filter((w) => !isWaiverActive(w, clock)).map(noticeExpired);
  const changes = report.changes.map((change) =>
    waiveChange(
      change,
      active.filter((w) => covers(w, change, read)),
      usesBy,
      read,
    ),
  );
  const unmet = report.unmet?.map((use) => waiveUnmet(use, active, read));
  const used = (w: Waiver) => report.changes.some((c) => accepts(w, c, active, usesBy, read)) || (report.unmet ?? []).some((u) => coversUnmet(w, u, read));
  // What still breaks a consumer (or, with no consumers given, any change): an unused waiver is told the nearest.
  const breaks = report.changes.flatMap((change) =>
    change.consumers === undefined ? [{ change, read }] : change.consumers.map((consumer) => ({ change, consumer, used: usesBy?.get(consumer), read })),
  );
  const judged = report.consumers !== undefined || usesBy !== undefined;
  const unused = active.filter((w) => !used(w)).map((w) => noticeUnused(w, breaks, active, judged));
  const lastDay = active.filter((w) => used(w) && endsWithinADay(w, clock)).map(noticeLastDay);
  const notices = [...report.notices, ...expired, ...unused, ...lastDay];
  return { ...report, changes, summary: summarize(changes, unmet), notices, ...(unmet && { unmet }) };
}

// Whether the waiver accepted the change for someone: with the consumers' uses known, only for a consumer through every
// operation of it that consumer uses (a waiver naming one of two leaves the change blocking, and is said to).
function accepts(w: Waiver, change: JudgedChange, active: readonly Waiver[], usesBy: UsesByConsumer | undefined, read: ChangeReader | undefined): boolean {
  if (!covers(w, change, read) || !concerns(w, change)) return false;
  const broken = change.consumers ?? [];
  // Judged for no consumer (none given, or none it breaks), a change is waived by a waiver naming none.
  if (broken.length === 0) return w.consumer === undefined;
  if (usesBy === undefined) return true;
  return broken.some((name) => {
    if (w.consumer !== undefined && w.consumer !== name) return false;
    const mine = active.filter((x) => x.consumer === undefined || x.consumer === name);
    return waiversCoveringFor(mine, change, usesBy.get(name), read).includes(w);
  });
}

// As the gate reads a waiver of a use (its `rule` the reason's code): for that consumer, that operation, that field if named.
function coversUnmet(w: Waiver, use: UnmetUse, read: ChangeReader | undefined): boolean {
  return w.consumer === use.consumer && coversShortfall(w, use, read);
}

// A waiver of the change that removed a response field, naming the consumer and the field, accepts that consumer's loss
// of it: a later version, judged against one that no longer has the field (the branch it was merged to), misses the same
// field, and asking for a second waiver of what the owners agreed to once sent them in circles.
const FIELD_REMOVALS: ReadonlySet<string> = new Set(['response-optional-property-removed', 'response-required-property-removed']);

/**
 * Whether a waiver accepts a use no version met (gate and `diff` alike): its rule is the shortfall's code (or, for a
 * field, the removal's); without a field it accepts every field of the operation. The consumer is the caller's to match.
 */
export function coversShortfall(w: Waiver, use: { code: string; operation?: string; field?: string }, read?: ChangeReader): boolean {
  const rule = w.rule === use.code || (use.code === 'field-missing' && w.field !== undefined && FIELD_REMOVALS.has(w.rule));
  if (!rule || use.operation === undefined || !namesOperation(w.operation, use.operation, read)) return false;
  return w.field === undefined || (use.field !== undefined && isInside(use.field, w.field));
}

function waiveUnmet(use: UnmetUse, active: Waiver[], read: ChangeReader | undefined): UnmetUse {
  const matching = active.filter((w) => coversUnmet(w, use, read));
  if (matching.length === 0) return use;
  const reason = [...new Set(matching.map((w) => w.reason))].join('; ');
  return { ...use, blocking: false, waived: { reason, expires: firstToExpire(matching.map((w) => w.expires)) } };
}

function waiveChange(change: JudgedChange, matching: Waiver[], usesBy: UsesByConsumer | undefined, read: ChangeReader | undefined): JudgedChange {
  if (matching.length === 0 || change.waived) return change;
  // Consumer-scoped waivers mean nothing without consumers: the change is not known to break anyone in particular.
  const broken = change.consumers ?? [];
  const whole = matching.filter((w) => w.consumer === undefined);
  if (whole.length > 0 && (usesBy === undefined || broken.length === 0)) return markWaived(change, whole);
  const accepting = (name: string) => {
    const mine = matching.filter((w) => w.consumer === undefined || w.consumer === name);
    return usesBy === undefined ? mine : waiversCoveringFor(mine, change, usesBy.get(name), read);
  };
  const covered = broken.filter((name) => accepting(name).length > 0);
  if (covered.length === 0) return change;
  if (covered.length === broken.length) return markWaived(change, [...new Set(covered.flatMap(accepting))]);
  return { ...change, waivedFor: covered };
}

/** The change as seen by a consumer using `used` (undefined: everything): only the operations it reaches that the consumer uses. */
function narrowTo<C extends Change>(change: C, used: ReadonlySet<string> | undefined): C {
  const labels = labelsOf(change);
  // A change of the document as a whole reaches no operation: nothing to narrow.
  if (used === undefined || labels.length === 0) return change;
  const mine = labels.filter((label) => used.has(keyOfLabel(label)));
  const { operation: _first, operations: _all, ...rest } = change;
  return { ...rest, ...(mine[0] !== undefined && { operation: mine[0] }), operations: mine } as C;
}

function markWaived(change: JudgedChange, waivers: Waiver[]): JudgedChange {
  const reason = [...new Set(waivers.map((w) => w.reason))].join('; ');
  // The earliest expiry is when the waiver as a whole stops holding.
  const expires = firstToExpire(waivers.map((w) => w.expires));
  const { waivedFor: _dropped, ...rest } = change;
  return { ...rest, blocking: false, waived: { reason, expires } };
}

/**
 * The waivers that together cover the change for a consumer using `used` (operation keys; undefined: everything), or
 * none: every operation of the change that consumer uses must be named by one of them, since its calls to an operation
 * no waiver names still break. The field is read as the change files it, from the operation it is reported under.
 */
export function waiversCoveringFor(waivers: readonly Waiver[], change: Change, used: ReadonlySet<string> | undefined, read?: ChangeReader): Waiver[] {
  const seen = narrowTo(change, used);
  const covering = waivers.filter((w) => covers(w, change, read) && coversOperations(w.operation, seen, read));
  return labelsOf(seen).every((label) => covering.some((w) => namesOperation(w.operation, label, read))) ? covering : [];
}

/**
 * Why `waiver` waived nothing though it names a change that still breaks a consumer through an operation it uses: the
 * other operations of that change the consumer uses, which none of `waivers` names. Undefined when it names no such change.
 */
export function describeUnnamedOperations(waiver: Waiver, breaks: readonly Break[], waivers: readonly Waiver[]): string | undefined {
  for (const { change, consumer, used, read } of breaks) {
    if (consumer === undefined || (waiver.consumer !== undefined && waiver.consumer !== consumer) || !covers(waiver, change, read)) continue;
    const seen = narrowTo(change, used);
    const named = labelsOf(seen).filter((label) => namesOperation(waiver.operation, label, read));
    if (named.length === 0) continue;
    const others = waivers.filter((w) => (w.consumer === undefined || w.consumer === consumer) && covers(w, change, read));
    const unnamed = labelsOf(seen).filter((label) => !others.some((w) => namesOperation(w.operation, label, read)));
    if (unnamed.length === 0) continue;
    const list = unnamed.join(', ');
    return (
      `it names that change through ${named.join(', ')}, but ${consumer} is broken by it through ${list} too, which no waiver names: ` +
      `add a waiver of ${change.id} naming ${list} for ${consumer} (a change is waived for a consumer only through every operation of it the consumer uses)`
    );
  }
  return undefined;
}

/** Whether a waiver names this change: its rule, an operation it reaches, and its field as that operation reads it, when given. */
function covers(waiver: Waiver, change: Change, read: ChangeReader | undefined): boolean {
  return waiver.rule === change.id && coversOperations(waiver.operation, change, read) && coversField(waiver, change, read);
}

// A change in a schema several operations share is filed under the first that reaches it; a waiver naming
// any operation that reaches it names the change (users write the operation they call, not the first one).
function coversOperations(operation: string, change: Change, read?: ChangeReader): boolean {
  return operation === '*' || labelsOf(change).some((label) => namesOperation(operation, label, read));
}

function labelsOf(change: Change): string[] {
  return [...new Set([...(change.operation ? [change.operation] : []), ...(change.operations ?? [])])];
}

/**
 * Whether a waiver's `operation` (`*`, `METHOD /path` with any parameter names, or an operationId) names the operation
 * labelled `label`: an operationId names only itself, as the gate labels a use declared by one the contract lacks. Where
 * the base path moved into the paths, the path the live version has (`read`) names it too: consumers declared that one.
 */
export function namesOperation(operation: string, label: string, read?: ChangeReader): boolean {
  if (operation === '*') return true;
  const key = keyOfLabel(operation);
  return keyOfLabel(label) === key || read?.baseKeysOf(label).includes(key) === true;
}

function coversField({ field, operation }: Waiver, change: Change, read: ChangeReader | undefined): boolean {
  if (field === undefined) return true;
  const target = change.target;
  if (target.kind === 'parameter') return target.in === 'header' ? target.name.toLowerCase() === field.toLowerCase() : target.name === field;
  if (target.kind === 'response' && target.header !== undefined && target.field === undefined) return target.header.toLowerCase() === field.toLowerCase();
  if (target.kind !== 'request-body' && target.kind !== 'response') return false;
  // The path as each operation the waiver names reads it (`items[].email` from GET /users, `email` from GET /users/{id}):
  // no shorter path counts, since `city` names another field than `address.city`, or none.
  const labels = labelsOf(change);
  if (labels.length === 0) return target.field !== undefined && isInside(target.field, field);
  return labels.some((label) => {
    if (!namesOperation(operation, label, read)) return false;
    const path = fieldAsRead(change, label, read);
    return path !== undefined && isInside(path, field);
  });
}

/** A waiver on `address` covers `address.city` and `address[]...`: the field and everything inside it. */
export function isInside(touched: string, field: string): boolean {
  return touched === field || touched.startsWith(`${field}.`) || touched.startsWith(`${field}[]`);
}

// A consumer-scoped waiver concerns a change only when that consumer is among those it breaks (or none were judged).
function concerns(waiver: Waiver, change: JudgedChange): boolean {
  return waiver.consumer === undefined || change.consumers === undefined || change.consumers.includes(waiver.consumer);
}

/** A waiver that matches nothing is most often a typo or a stale entry: say so, where it is written. */
function noticeUnused(waiver: Waiver, breaks: readonly Break[], active: readonly Waiver[], judged: boolean): Notice {
  const unnamed =
    waiver.consumer !== undefined && !judged
      ? `it accepts a change for ${waiver.consumer} only, and no consumer was judged here (no --consumers given, or an Action without a registry): it waives a change where consumers are judged, as the gate judges those deployed`
      : describeUnnamedOperations(waiver, breaks, active);
  if (unnamed !== undefined) {
    return { code: 'waiver-unused', message: `the waiver of ${describeWaiverEntry(waiver)} waives nothing: ${unnamed}`, file: waiver.file, line: waiver.line };
  }
  const nearest = describeNearestBreak(waiver, breaks);
  return {
    code: 'waiver-unused',
    message: `the waiver of ${describeWaiverEntry(waiver)} matches no change: ${nearest ? `${nearest}; ` : ''}${adviseUnused(waiver)}`,
    file: waiver.file,
    line: waiver.line,
  };
}

function noticeExpired(waiver: Waiver): Notice {
  return {
    code: 'waiver-expired',
    message: `the waiver of ${describeWaiverEntry(waiver)} expired on ${waiver.expires}: it no longer waives anything (its reason: ${waiver.reason})`,
    file: waiver.file,
    line: waiver.line,
  };
}

// A waiver that matches nothing is most often one key off the change it was written for (the rule a level away,
// `response-required-property-removed` for an optional property; the field misspelled): "check its rule, operation,
// consumer and field" left the reader comparing four keys by hand, so the change it most likely meant is named.

/** A change that still breaks a consumer after the waivers: what an unused waiver may have been meant for. */
export interface Break {
  change: Change;
  consumer?: string;
  /** The keys of the operations the consumer uses (undefined: everything, or not known). */
  used?: ReadonlySet<string>;
  /** Reads its field from another operation than its own (field-reading.ts). */
  read?: ChangeReader;
}

/**
 * `the nearest change that breaks checkout-web is response-optional-property-removed on GET /users/{id} field email`,
 * the change sharing the most of the waiver's keys (its rule first, then its operation, then its field), written as a
 * waiver would name it: the operation the consumer uses, the field as seen from there. None when nothing breaks it.
 */
export function describeNearestBreak(waiver: Waiver, breaks: readonly Break[]): string | undefined {
  let best: { score: number; found: Break } | undefined;
  for (const found of breaks) {
    if (waiver.consumer !== undefined && found.consumer !== waiver.consumer) continue;
    const { change } = found;
    const score =
      (waiver.rule === change.id ? 4 : 0) +
      (coversOperations(waiver.operation, change, found.read) ? 2 : 0) +
      (coversField(waiver, change, found.read) ? 1 : 0);
    if (!best || score > best.score) best = { score, found };
  }
  if (!best) return undefined;
  const { change, consumer, read } = best.found;
  const labels = labelsOf(change);
  const used = consumer === undefined ? undefined : (change as JudgedChange).consumerOperations?.[consumer]?.[0];
  const operation = labels.find((label) => waiver.operation !== '*' && namesOperation(waiver.operation, label, read)) ?? used ?? change.operation ?? '*';
  // A schema several operations share: the path is written from one of them (`items[].email` from GET /users), and a
  // waiver names it as its own operation reads it (`email` from GET /users/{id}).
  const written = fieldOfTarget(change.target);
  const field = operation === '*' || operation === change.operation ? written : (fieldAsRead(change, operation, read) ?? written);
  const nearest = consumer === undefined ? 'the nearest change' : `the nearest change that breaks ${consumer}`;
  return `${nearest} is ${change.id} on ${operation}${field === undefined ? '' : ` field ${field}`}`;
}

function fieldOfTarget(target: Target): string | undefined {
  if (target.kind === 'parameter') return target.name;
  if (target.kind === 'request-body') return target.field;
  if (target.kind === 'response') return target.field ?? target.header;
  return undefined;
}
