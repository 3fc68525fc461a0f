// Team policy over a judged diff: severity files set rule levels, waivers accept known changes
// until they expire. Pure: the CLI reads the files and passes their text and today's date.
import { summarize } from '../check.js';
import type { Change, DiffReport, JudgedChange, Notice } from '../model.js';
import { operationKey } from '../schema/operations.js';
import { describeWaiverEntry, type Waiver } from './waivers.js';

export { PolicyError, type PolicyErrorCode, type PolicyProblem } from './error.js';
export {
  applySeverity,
  applySeverityToDiff,
  findUnknownRules,
  parseSeverityLevels,
  type SeverityEntry,
  type SeverityLevel,
  type SeverityLevels,
} from './severity.js';
export { describeWaiverEntry, parseWaivers, type Waiver } from './waivers.js';

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
  return { ...report, changes, summary: summarize(changes), notices: [...report.notices, ...expired] };
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

// A change in a schema several operations share is waived only when the waiver names them all (`*`),
// so a waiver for one operation cannot hide the same break in another.
function coversOperations(operation: string, change: Change): boolean {
  if (operation === '*') return true;
  const labels = new Set([...(change.operation ? [change.operation] : []), ...(change.operations ?? [])]);
  const wanted = keyOfLabel(operation);
  return labels.size > 0 && [...labels].every((label) => keyOfLabel(label) === wanted);
}

function coversField(field: string | undefined, change: Change): boolean {
  if (field === undefined) return true;
  const target = change.target;
  if (target.kind === 'parameter') return target.in === 'header' ? target.name.toLowerCase() === field.toLowerCase() : target.name === field;
  if (target.kind === 'response' && target.header !== undefined && target.field === undefined) return target.header.toLowerCase() === field.toLowerCase();
  if (target.kind !== 'request-body' && target.kind !== 'response') return false;
  // A waiver on `address` covers `address.city` and `address[]...`: the field and everything inside it.
  const touched = target.field;
  return touched !== undefined && (touched === field || touched.startsWith(`${field}.`) || touched.startsWith(`${field}[]`));
}

function keyOfLabel(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : operationKey(label.slice(0, space), label.slice(space + 1));
}

function noticeExpired(waiver: Waiver): Notice {
  return {
    code: 'waiver-expired',
    message: `the waiver of ${describeWaiverEntry(waiver)} expired on ${waiver.expires}: it no longer waives anything (its reason: ${waiver.reason})`,
    file: waiver.file,
    line: waiver.line,
  };
}
