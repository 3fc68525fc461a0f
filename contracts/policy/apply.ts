// Team policy over a judged diff: severity files set rule levels, waivers accept known changes
// until they expire. Pure: the CLI reads the files and passes their text and today's date.
import { summarize } from '../check.js';
import type { Change, DiffReport, JudgedChange, Notice } from '../model.js';
import { operationKey } from '../schema/operations.js';
import { adviseUnused, describeWaiverEntry, type Waiver } from './waivers.js';

export { PolicyError } from './error.js';
export { applySeverity, applySeverityToDiff, findUnknownRules, parseSeverityLevels, type SeverityLevels } from './severity.js';
export { explainMissingConsumer, explainWaiverOperation, parseWaivers, type Waiver } from './waivers.js';

/**
 * Marks the changes the waivers cover as waived (still shown, never blocking) and recounts the summary.
 * A waiver is active through its `expires` day; after it, it waives nothing and a notice says so.
 * A consumer-scoped waiver covers the change for that consumer only: the change stops blocking
 * when every consumer it breaks is covered, and otherwise lists the covered ones in `waivedFor`.
 */
export function applyWaivers(report: DiffReport, waivers: readonly Waiver[], today: string): DiffReport {
  if (waivers.length === 0) return report;
  const active = waivers.filter((w) => w.expires >= today);
  const expired = waivers.filter((w) => w.expires < today).map(noticeExpired);
  const changes = report.changes.map((change) =>
    waiveChange(
      change,
      active.filter((w) => covers(w, change)),
    ),
  );
  const unused = active.filter((w) => !report.changes.some((c) => covers(w, c) && concerns(w, c))).map(noticeUnused);
  return { ...report, changes, summary: summarize(changes), notices: [...report.notices, ...expired, ...unused] };
}

function waiveChange(change: JudgedChange, matching: Waiver[]): JudgedChange {
  if (matching.length === 0 || change.waived) return change;
  const whole = matching.filter((w) => w.consumer === undefined);
  if (whole.length > 0) return markWaived(change, whole);
  // Consumer-scoped waivers mean nothing without consumers: the change is not known to break anyone in particular.
  const broken = change.consumers ?? [];
  const scoped = matching.filter((w) => broken.includes(w.consumer!));
  const covered = broken.filter((name) => scoped.some((w) => w.consumer === name));
  if (covered.length === 0) return change;
  if (covered.length === broken.length) return markWaived(change, scoped);
  return { ...change, waivedFor: covered };
}

function markWaived(change: JudgedChange, waivers: Waiver[]): JudgedChange {
  const reason = [...new Set(waivers.map((w) => w.reason))].join('; ');
  // The earliest expiry is when the waiver as a whole stops holding.
  const expires = waivers.map((w) => w.expires).sort()[0];
  const { waivedFor: _dropped, ...rest } = change;
  return { ...rest, blocking: false, waived: { reason, expires } };
}

/** Whether a waiver names this change: its rule, every operation it reaches, and its field when given. */
export function covers(waiver: Waiver, change: Change): boolean {
  return waiver.rule === change.id && coversOperations(waiver.operation, change) && coversField(waiver.field, change);
}

// A change in a schema several operations share is filed under the first that reaches it; a waiver naming
// any operation that reaches it names the change (users write the operation they call, not the first one).
function coversOperations(operation: string, change: Change): boolean {
  const labels = new Set([...(change.operation ? [change.operation] : []), ...(change.operations ?? [])]);
  return operation === '*' || [...labels].some((label) => namesOperation(operation, label));
}

/**
 * Whether a waiver's `operation` (`*`, `METHOD /path` with any parameter names, or an operationId) names the operation
 * labelled `label`: an operationId names only itself, as the gate labels a use declared by one the contract lacks.
 */
export function namesOperation(operation: string, label: string): boolean {
  return operation === '*' || keyOfLabel(label) === keyOfLabel(operation);
}

function coversField(field: string | undefined, change: Change): boolean {
  if (field === undefined) return true;
  const target = change.target;
  if (target.kind === 'parameter') return target.in === 'header' ? target.name.toLowerCase() === field.toLowerCase() : target.name === field;
  if (target.kind === 'response' && target.header !== undefined && target.field === undefined) return target.header.toLowerCase() === field.toLowerCase();
  if (target.kind !== 'request-body' && target.kind !== 'response') return false;
  const touched = target.field;
  if (touched === undefined) return false;
  if (isInside(touched, field)) return true;
  // The path is written as seen from the operation the change is filed under (`items[].email` from GET /users);
  // from another operation reaching the same schema it is a tail of it (`email` from GET /users/{id}).
  if (!change.operations || change.operations.length < 2) return false;
  return tailsOf(touched).some((tail) => isInside(tail, field));
}

/** A waiver on `address` covers `address.city` and `address[]...`: the field and everything inside it. */
export function isInside(touched: string, field: string): boolean {
  return touched === field || touched.startsWith(`${field}.`) || touched.startsWith(`${field}[]`);
}

/** `items[].user.email` -> `user.email`, `email`: the path from each property down. */
function tailsOf(path: string): string[] {
  const tails: string[] = [];
  for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) tails.push(path.slice(i + 1));
  return tails;
}

function keyOfLabel(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : operationKey(label.slice(0, space), label.slice(space + 1));
}

// A consumer-scoped waiver concerns a change only when that consumer is among those it breaks (or none were judged).
function concerns(waiver: Waiver, change: JudgedChange): boolean {
  return waiver.consumer === undefined || change.consumers === undefined || change.consumers.includes(waiver.consumer);
}

/** A waiver that matches nothing is most often a typo or a stale entry: say so, where it is written. */
function noticeUnused(waiver: Waiver): Notice {
  return {
    code: 'waiver-unused',
    message: `the waiver of ${describeWaiverEntry(waiver)} matches no change: ${adviseUnused(waiver)}`,
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
