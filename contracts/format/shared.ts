// Helpers every formatter shares: one ordering, one grouping, one way to say where and who.

import type { ConsumerInfo, DiffReport, JudgedChange, Level, Notice, Summary, UnmetUse } from '../model.js';
import { describeExpiry } from '../policy/expiry.js';

/** Changes of one operation; `operation` is undefined for document-wide changes. */
interface OperationGroup {
  operation?: string;
  changes: JudgedChange[];
}

/** A consumer, the blocking changes that break it, and the uses it declares that the revision does not offer. */
export interface ConsumerBlockers {
  consumer: ConsumerInfo;
  changes: JudgedChange[];
  unmet: UnmetUse[];
}

/** The group name for blocking changes that name no consumer. */
export const UNNAMED_CONSUMER = '(no consumer named)';

// Lower rank sorts first: the reader sees what hurts most before what merely informs.
const LEVEL_RANK: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

/** Orders operations by path, then method, so the changes of one path sit together; document-wide first. */
export function compareOperations(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [methodA, pathA] = splitOperation(a);
  const [methodB, pathB] = splitOperation(b);
  return compareText(pathA, pathB) || compareText(methodA, methodB);
}

/** Breaking before warning before info, then by operation, then by location. */
export function compareChanges(a: JudgedChange, b: JudgedChange): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || compareOperations(a.operation, b.operation) || compareText(a.location, b.location) || compareText(a.id, b.id)
  );
}

/** A sorted copy: formatters never mutate the report they were given. */
export function sortChanges(changes: readonly JudgedChange[]): JudgedChange[] {
  return [...changes].sort(compareChanges);
}

/** Groups changes by operation: document-wide first, then operations in order, each group sorted. */
export function groupByOperation(changes: readonly JudgedChange[]): OperationGroup[] {
  const groups = new Map<string | undefined, JudgedChange[]>();
  for (const change of changes) {
    const group = groups.get(change.operation) ?? [];
    group.push(change);
    groups.set(change.operation, group);
  }
  // Sorting the groups, not the keys: Array#sort puts `undefined` last without asking the comparator.
  return [...groups].map(([operation, group]) => ({ operation, changes: sortChanges(group) })).sort((a, b) => compareOperations(a.operation, b.operation));
}

/** `file:line` of the document the change is seen in; the JSON pointer stands in for an unknown line. */
export function describeWhere(report: DiffReport, change: JudgedChange): string {
  const file = change.side === 'base' ? report.base.file : report.revision.file;
  return change.line === undefined ? `${file}#${change.location}` : `${file}:${change.line}`;
}

/** `file:line` (or just the file) a notice points at; empty when it names no file. */
export function describeNoticeWhere(notice: Notice): string {
  if (!notice.file) return '';
  return notice.line === undefined ? notice.file : `${notice.file}:${notice.line}`;
}

/**
 * Each consumer broken by a blocking change, with those changes, sorted by consumer name.
 * A name the report's consumer list lacks still shows (with no owners) rather than hiding a blocker;
 * a blocking change naming no consumer at all is listed under "(no consumer named)" for the same reason.
 */
export function findBlockersByConsumer(report: DiffReport): ConsumerBlockers[] {
  const known = new Map((report.consumers ?? []).map((consumer) => [consumer.name, consumer]));
  const byName = new Map<string, JudgedChange[]>();
  for (const change of sortChanges(report.changes.filter((c) => c.blocking))) {
    // A consumer a waiver covers is not blocked by the change, though another one is (`waivedFor`).
    const broken = listBroken(change);
    const names = broken.length > 0 ? broken : change.consumers?.length ? [] : [UNNAMED_CONSUMER];
    for (const name of names) {
      // Appended in place: a copy per change cost quadratic time (50,000 blocking changes of one consumer: minutes).
      const list = byName.get(name);
      if (list) list.push(change);
      else byName.set(name, [change]);
    }
  }
  const unmetBy = new Map<string, UnmetUse[]>();
  for (const use of report.unmet ?? []) if (use.blocking) unmetBy.set(use.consumer, [...(unmetBy.get(use.consumer) ?? []), use]);
  const names = new Set([...byName.keys(), ...unmetBy.keys()]);
  return [...names].sort(compareConsumerNames).map((name) => ({
    consumer: known.get(name) ?? { name, owners: [] },
    changes: byName.get(name) ?? [],
    unmet: unmetBy.get(name) ?? [],
  }));
}

/** A consumer and the warnings that reach what it uses: none blocks, but its owners should hear of them. */
export interface ConsumerWarnings {
  consumer: ConsumerInfo;
  changes: JudgedChange[];
}

/** Each consumer a warning reaches, with those warnings, sorted by consumer name; empty when none reaches one. */
export function findWarnedByConsumer(report: DiffReport): ConsumerWarnings[] {
  const known = new Map((report.consumers ?? []).map((consumer) => [consumer.name, consumer]));
  const byName = new Map<string, JudgedChange[]>();
  for (const change of sortChanges(report.changes.filter((c) => c.warnedConsumers !== undefined))) {
    for (const name of Object.keys(change.warnedConsumers!)) {
      const list = byName.get(name);
      if (list) list.push(change);
      else byName.set(name, [change]);
    }
  }
  return [...byName.keys()].sort(compareText).map((name) => ({ consumer: known.get(name) ?? { name, owners: [] }, changes: byName.get(name)! }));
}

/**
 * `used by mobile (GET /a), web (GET /a, GET /b): a warning, not blocking`, for a warning consumers use; undefined for
 * any other change. Each with the operations it uses, as the dashboard's diff, JUnit, SARIF and the annotations name them.
 */
export function describeWarned(change: JudgedChange): string | undefined {
  const names = Object.keys(change.warnedConsumers ?? {});
  if (names.length === 0) return undefined;
  return `used by ${names
    .sort(compareText)
    .map((name) => describeConsumerUse(change, name))
    .join(', ')}: a warning, not blocking`;
}

/**
 * The operations to name a change by: those the consumers given use (`consumer`'s alone when one is named), else its
 * own; `Document` for a change to no operation. A shared schema's change reaches many operations, its own first.
 */
export function nameOperations(change: JudgedChange, consumer?: string): string {
  const used = change.consumerOperations ?? change.warnedConsumers ?? {};
  const names = consumer === undefined ? Object.values(used).flat() : (used[consumer] ?? []);
  const operations = names.length > 0 ? [...new Set(names)] : change.operation ? [change.operation] : [];
  return operations.length > 0 ? operations.join(', ') : 'Document';
}

/** A breaking change that blocks nobody because no given consumer uses it (waivers are said apart). */
export function isUnusedBreaking(report: DiffReport, change: JudgedChange): boolean {
  return report.consumers !== undefined && change.level === 'breaking' && !change.blocking && !change.waived && !change.consumers?.length;
}

/**
 * `waived for checkout-web (GET /users/{id}) until 2030-01-01 24:00 UTC: reason` (or `waived: reason` for a change that
 * breaks no consumer given), for the change lines: a fully waived change named its consumers after `breaks:` as if they
 * were refused, while their owners had agreed to lose the part. The end in UTC, as Slack and the dashboard give it, so a
 * reader need not know that a day ends at UTC's midnight.
 */
export function describeWaiver(change: JudgedChange): string | undefined {
  const terms = describeWaiverTerms(change);
  const accepted = change.consumers ?? [];
  if (terms === undefined || accepted.length === 0) return terms;
  return `waived for ${accepted.map((name) => describeConsumerUse(change, name)).join(', ')}${terms.slice('waived'.length)}`;
}

/** `waived until 2030-01-01 24:00 UTC: reason`, for a line that names the consumer already. */
export function describeWaiverTerms(change: JudgedChange): string | undefined {
  if (!change.waived) return undefined;
  const until = change.waived.expires ? ` until ${describeExpiry(change.waived.expires)}` : '';
  return `waived${until}: ${change.waived.reason}`;
}

/**
 * Why nothing blocks with consumers given: none is broken, or what breaks them is waived. "No consumer is broken" was
 * printed over a waived change that breaks checkout-web, while the gate's verdict and the dashboard named the waiver.
 */
export function describeNothingBlocks(report: DiffReport): string {
  const changes = findWaivedBreaks(report);
  const uses = (report.unmet ?? []).filter((u) => u.waived);
  if (changes.length === 0 && uses.length === 0) return 'no consumer is broken';
  const parts: string[] = [];
  if (changes.length > 0) {
    const breaks = changes.length === 1 ? 'change that breaks' : 'changes that break';
    parts.push(`${changes.length} ${breaks} ${nameSome(changes.flatMap((c) => c.consumers ?? []))}`);
  }
  if (uses.length > 0)
    parts.push(`${uses.length} ${uses.length === 1 ? 'use' : 'uses'} of ${nameSome(uses.map((u) => u.consumer))} the revision does not offer`);
  return `${parts.join(' and ')} ${changes.length + uses.length === 1 ? 'is' : 'are'} waived`;
}

/** Changes that break a consumer and that a waiver accepts whole: they block nothing, yet the consumers lose what they use. */
export function findWaivedBreaks(report: DiffReport): JudgedChange[] {
  return sortChanges(report.changes.filter((c) => c.waived !== undefined && (c.consumers?.length ?? 0) > 0));
}

// A sentence, not a roll call: past a few names, how many more.
function nameSome(names: string[]): string {
  const unique = [...new Set(names)].sort(compareConsumerNames);
  const shown = unique.slice(0, 3).join(', ');
  return unique.length > 3 ? `${shown} and ${unique.length - 3} more` : shown;
}

/**
 * `blocking; breaks: checkout-web (GET /users/{id})`, or `breaks: ...` for a change that blocks nobody, or `blocking`
 * for one that blocks by its level alone: the words JUnit, SARIF and the github annotations use,
 * for the change lines of text and markdown. Undefined for a change that neither blocks nor names a consumer.
 */
export function describeBlocking(change: JudgedChange): string | undefined {
  const broken = listBroken(change);
  const breaks = broken.length > 0 ? `breaks: ${broken.map((name) => describeConsumerUse(change, name)).join(', ')}` : undefined;
  if (!change.blocking) return breaks;
  return breaks === undefined ? 'blocking' : `blocking; ${breaks}`;
}

/**
 * ` (also GET /users/{id}, POST /users)` after a change filed under the first operation reaching the schema they share;
 * ` (reaches GET /a, GET /b)` after one filed under `Document` (a security scheme those operations require): the JSON's
 * `operations`, said in every list of every change, so no format files it under one operation and hides the rest.
 */
export function describeReach(change: JudgedChange): string {
  const others = (change.operations ?? []).filter((op) => op !== change.operation);
  if (others.length === 0) return '';
  return change.operation === undefined ? ` (reaches ${others.join(', ')})` : ` (also ${others.join(', ')})`;
}

/**
 * The consumers `breaks:` names: a change's `consumers` but those a waiver covers (all of them, for a change waived
 * whole; `waivedFor`, while it blocks for others), which every format names after `waived for` instead: a reader scanning `breaks:` for whom to call saw a
 * consumer its owners had agreed to lose the part. JSON and SARIF's properties keep both lists as the report has them.
 */
export function listBroken(change: JudgedChange): string[] {
  // Waived whole: every consumer it breaks is named after `waived for` (describeWaiver).
  if (change.waived) return [];
  const waived = change.waivedFor;
  const all = change.consumers ?? [];
  return waived?.length ? all.filter((name) => !waived.includes(name)) : all;
}

/** `waived for billing`: consumers a waiver covers while the change still blocks for others. */
export function describeWaivedFor(change: JudgedChange): string | undefined {
  return change.waivedFor?.length ? `waived for ${change.waivedFor.join(', ')}` : undefined;
}

/**
 * `GET /user/{id}: users does not offer GET /user/{id}, which web uses (operation-missing; declared at web.yaml:5; no
 * change caused it: ...)`: a use the revision fails that no rule's change states, which the gate refuses as well; where
 * the base offers it, the text says so rather than blame the base. `consumerFile`:
 * the consumer's one manifest, where the use does not name its own (it does when the consumer was given in several).
 */
export function describeUnmet(use: UnmetUse, consumerFile?: string): string {
  const file = use.file ?? consumerFile;
  const at = file === undefined ? 'line ' : `${file}:`;
  const declared = use.line === undefined ? (file === undefined ? '' : `; declared in ${file}`) : `; declared at ${at}${use.line}`;
  const line = `${declared}${use.consumerVersion === undefined ? '' : `; in version ${use.consumerVersion}`}`;
  const why = use.metByBase ? 'the base offers it, the revision does not' : 'no change caused it: the base fails it too';
  return `${use.operation ?? 'Document'}: ${use.message} (${use.code}${line}; ${why}, and the gate refuses it)`;
}

/**
 * `checkout-web (GET /users/{id})`: which of the change's operations that consumer calls, when the report knows; the
 * github annotation, JUnit and SARIF name the consumers a change breaks or a warning reaches so.
 */
export function describeConsumerUse(change: JudgedChange, consumer: string): string {
  const used = change.consumerOperations?.[consumer] ?? change.warnedConsumers?.[consumer];
  return `${used?.length ? `${consumer} (${used.join(', ')})` : consumer}${describeVersionsBroken(change, consumer)}`;
}

/**
 * ` (in prod/web.yaml)`: which of a consumer's manifests a change breaks, when it was given in several (versions live
 * in different places), or, in the Action, which of its live versions (` (in version 1.0.0)`); nothing otherwise.
 */
export function describeVersionsBroken(change: JudgedChange, consumer: string): string {
  const files = change.consumerFiles?.[consumer];
  return files?.length ? ` (in ${files.join(', ')})` : '';
}

/** `info.version 1.2.0 -> 1.2.1: a patch bump; the changes need a major bump`, when both versions are semantic. */
export function describeVersionBump(report: DiffReport): string | undefined {
  const bump = report.versionBump;
  if (!bump) return undefined;
  const given = bump.given === 'downgrade' ? 'a downgrade' : bump.given === 'none' ? 'unchanged' : `a ${bump.given} bump`;
  // "the changes need major" left the reader to supply the noun; "need nothing" under "No changes." read as a riddle.
  const needed = bump.needed === 'none' ? 'no bump' : `a ${bump.needed} bump`;
  return `info.version ${bump.base} -> ${bump.revision}: ${given}; the changes need ${needed}`;
}

/** `3 breaking, 1 warning, 0 info; 2 blocking`: the counts as the report states them. */
export function describeCounts(summary: Summary): string {
  const warnings = summary.warning === 1 ? 'warning' : 'warnings';
  const levels = `${summary.breaking} breaking, ${summary.warning} ${warnings}, ${summary.info} info`;
  return `${levels}; ${summary.blocking} blocking`;
}

/** Blocked when anything blocks; mirrors exit code 1 versus 0. */
export function isBlocked(summary: Summary): boolean {
  return summary.blocking > 0;
}

/** Control characters (newlines, ESC) become spaces: one change stays one line, and input cannot drive the terminal. */
export function toOneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

function splitOperation(operation: string): [string, string] {
  const space = operation.indexOf(' ');
  return space < 0 ? ['', operation] : [operation.slice(0, space), operation.slice(space + 1)];
}

// Code-unit comparison: the same order on every machine, whatever its locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The catch-all group goes last, after the real consumers.
function compareConsumerNames(a: string, b: string): number {
  const unnamed = Number(a === UNNAMED_CONSUMER) - Number(b === UNNAMED_CONSUMER);
  return unnamed || compareText(a, b);
}
