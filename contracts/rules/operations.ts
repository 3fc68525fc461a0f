// Operations appearing, disappearing and being deprecated, with the sunset policy: an operation
// deprecated with an `x-sunset` date that has passed may go; before it, or never deprecated, it breaks.
import { normalizePath, type OperationEntry } from '../schema/operations.js';
import { readSunsetValue } from '../schema/schema-flags.js';
import { OPERATIONS_RULES } from './table/operations.js';
import type { DocumentPair, Emit, RuleFamily, RuleId } from './types.js';

export const operationsFamily: RuleFamily = {
  name: 'operations',
  rules: OPERATIONS_RULES,
  checkOperationRemoved(base, docs, emit) {
    checkRemoved(base, docs, emit);
  },
  checkOperationAdded(revision, _docs, emit) {
    emit({ id: 'endpoint-added', side: 'revision', pointer: revision.pointer, message: `${revision.label} was added`, target: { kind: 'operation' } });
  },
  checkOperation(pair, emit) {
    if (newlyXDeprecated(pair.base.operation, pair.revision.operation)) {
      const message = `${pair.revision.label} is marked x-deprecated: ${X_DEPRECATED_UNREAD}`;
      emit({ id: 'endpoint-x-deprecated-unread', side: 'revision', pointer: `${pair.revision.pointer}/x-deprecated`, message, target: { kind: 'operation' } });
    }
    const b = pair.base.operation.deprecated === true;
    const r = pair.revision.operation.deprecated === true;
    if (!b && r) {
      const sunset = operationSunsetOf(pair.revision);
      // A sunset nobody can read gives consumers, migrations and the sunset notifier no date: said now, not at removal.
      if (sunset !== undefined && parseSunset(sunset) === undefined) {
        return emit({
          id: 'api-deprecated-sunset-parse',
          side: 'revision',
          pointer: `${pair.revision.pointer}/deprecated`,
          message: `${pair.revision.label} was deprecated with a sunset date that cannot be read: ${describeUnreadableSunset(sunset)}`,
          target: { kind: 'operation' },
        });
      }
      emit({
        id: sunset ? 'endpoint-deprecated-with-sunset' : 'endpoint-deprecated',
        side: 'revision',
        pointer: `${pair.revision.pointer}/deprecated`,
        message: `${pair.revision.label} was deprecated${sunset ? ` (sunset ${sunset})` : ''}`,
        target: { kind: 'operation' },
      });
    } else if (b && !r) {
      emit({
        id: 'endpoint-reactivated',
        side: 'revision',
        pointer: pair.revision.pointer,
        message: `${pair.revision.label} is no longer deprecated`,
        target: { kind: 'operation' },
      });
    }
  },
};

const pathSets = new WeakMap<Map<string, OperationEntry>, Set<string>>();

/** The normalised paths of a document's operations, computed once per document. */
function pathsOf(operations: Map<string, OperationEntry>): Set<string> {
  let set = pathSets.get(operations);
  if (!set) pathSets.set(operations, (set = new Set([...operations.values()].map((op) => normalizePath(op.path)))));
  return set;
}

/** Removing the last operation of a path is reported as the path's removal, with oasdiff's `api-path-*` ids. */
const OPERATION_REMOVAL = {
  withoutDeprecation: 'api-removed-without-deprecation',
  withDeprecation: 'api-removed-with-deprecation',
  beforeSunset: 'api-removed-before-sunset',
  sunsetParse: 'api-deprecated-sunset-parse',
} as const satisfies Record<string, RuleId>;
const PATH_REMOVAL = {
  withoutDeprecation: 'api-path-removed-without-deprecation',
  withDeprecation: 'api-path-removed-with-deprecation',
  beforeSunset: 'api-path-removed-before-sunset',
  sunsetParse: 'api-path-sunset-parse',
} as const satisfies Record<string, RuleId>;

function checkRemoved(base: OperationEntry, docs: DocumentPair, emit: Emit): void {
  const pathGone = !pathsOf(docs.revision.operations).has(normalizePath(base.path));
  const ids = pathGone ? PATH_REMOVAL : OPERATION_REMOVAL;
  const what = pathGone ? `path ${base.path} (${base.method})` : base.label;
  const target = { kind: 'operation' as const };
  const deprecated = base.operation.deprecated === true || (pathGone && base.pathItem['x-deprecated'] === true);
  const removal = (id: RuleId, message: string) => emit({ id, side: 'base', pointer: base.pointer, message, target, everyCaller: true });
  if (!deprecated) return removal(ids.withoutDeprecation, `${what} was removed without being deprecated first`);
  const sunset = operationSunsetOf(base);
  if (sunset === undefined) return removal(ids.withDeprecation, `${what} was removed after being deprecated`);
  const date = parseSunset(sunset);
  if (!date) return removal(ids.sunsetParse, `${what} was removed, but its sunset date "${sunset}" cannot be read`);
  if (date > docs.today) return removal(ids.beforeSunset, `${what} was removed before its sunset date ${date}`);
  removal(ids.withDeprecation, `${what} was removed after its sunset date ${date}`);
}

/**
 * `x-deprecated` is a vendor spelling no specification defines: read as `deprecated`, it would turn a removal without
 * warning into an announced one (info) on a word other tools ignore, so it is not read, and the author is told once.
 */
export const X_DEPRECATED_UNREAD =
  'the vendor extension is not read as deprecated (no consumer is told, and a removal counts as unannounced); write `deprecated: true`, with an x-sunset date';

/** The revision says `x-deprecated: true` where the base did not, and does not say `deprecated: true`. */
export function newlyXDeprecated(base: Record<string, any>, revision: Record<string, any>): boolean {
  return revision['x-deprecated'] === true && base['x-deprecated'] !== true && revision.deprecated !== true;
}

export function sunsetOf(node: Record<string, any> | undefined): string | undefined {
  return readSunsetValue(node?.['x-sunset']);
}

/**
 * An operation's `x-sunset`: its own, else its path item's. Every reader of an operation's sunset asks here (the
 * deprecation and removal rules, migrations, the sunset notifier), so a sunset written once for a path is one date.
 */
export function operationSunsetOf(entry: Pick<OperationEntry, 'operation' | 'pathItem'>): string | undefined {
  return sunsetOf(entry.operation) ?? sunsetOf(entry.pathItem);
}

/** `"next month" (write a date, 2027-06-30, or an RFC 3339 time, 2027-06-30T00:00:00Z)`: the value and what is read. */
export function describeUnreadableSunset(value: string): string {
  return `${JSON.stringify(value)} (write x-sunset as a date, 2027-06-30, or an RFC 3339 time, 2027-06-30T00:00:00Z)`;
}

/**
 * `2025-01-31`, or an RFC 3339 time as the day it falls on in UTC (`2025-01-31T23:00:00-05:00` is `2025-02-01`): every
 * clock here reads days in UTC, so the day written before an offset would move the sunset by one either way. A day no
 * calendar has (`2027-02-30`) or a time no clock shows (`25:00`) is unreadable; undefined then.
 */
export function parseSunset(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = m.slice(1).map((part) => Number(part ?? 0));
  const midnight = Date.UTC(year, month - 1, day);
  const date = new Date(midnight);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * (m[7] === '-' ? -1 : 1);
  return new Date(midnight + (hour * 60 + minute - offset) * 60_000).toISOString().slice(0, 10);
}
