// `--format json`: the shape PRODUCT.md fixes, for scripts and CI.
//
// Beyond PRODUCT.md's shape, `operations` is on every change (every operation it reaches, as the README
// promises), and these additions appear only when they carry something, so that
// consumers of the documented shape never see them otherwise:
// - `waived: {reason, expires?}` on a change a waiver covers;
// - `consumerOperations: {consumer: [operations]}` on a change that breaks consumers: the operations each one uses;
// - `consumerFiles: {consumer: [files]}` on a change that breaks a consumer given in several manifests (its versions):
//   the files of those it breaks; an unmet use of such a consumer carries its manifest's `file`;
// - `warnedConsumers: {consumer: [operations]}` on a warning that reaches what consumers use: whom its owner should
//   tell, and the operations each one uses; they are not in `consumers`, as a warning blocks no one;
// - `waivedFor: [names]` on a change that consumer-scoped waivers cover for some of its consumers;
// - `inert: true` on a change whose keyword constrains nothing where it is written (info whatever a severity file says);
// - `narrowedTo: [types]` on a media type range removed while types it covered stay (what is still taken or returned);
// - a top-level `notices: [{code, message, file?, line?, consumer?}]` when there are any;
// - a top-level `unmet: [{code, consumer, operation?, field?, message, line?, blocking, waived?}]` with consumers: uses
//   the revision does not offer that no change caused (the base fails them too), which block as the gate refuses them;
// - a top-level `versionBump: {base, revision, given, needed}` when both info.versions are semantic.
// Changes keep the report's order: check.ts owns the canonical sort.

import type { DiffReport, JudgedChange, Notice, UnmetUse } from '../model.js';

/** Renders the report as PRODUCT.md's JSON object, 2-space indented, with a trailing newline. */
export function formatJson(report: DiffReport): string {
  const [json, newline] = formatJsonParts(report);
  return json + newline;
}

/**
 * `formatJson`'s text as the object and its trailing newline: a writer given both in turn never joins them, and a
 * joined copy of a report of thousands of changes (Stripe's is 8 MB) is memory touched for the first time, ~25 ms.
 */
export function formatJsonParts(report: DiffReport): [string, string] {
  const withConsumers = report.consumers !== undefined;
  const output = { changes: report.changes.map((change) => toJsonChange(change, withConsumers)), ...jsonTail(report) };
  return [JSON.stringify(output, null, 2), '\n'];
}

/** The keys after `changes`, in the documented order. */
function jsonTail(report: DiffReport): Record<string, unknown> {
  const output: Record<string, unknown> = {
    summary: {
      breaking: report.summary.breaking,
      warning: report.summary.warning,
      info: report.summary.info,
      blocking: report.summary.blocking,
    },
  };
  if (report.notices.length > 0) output.notices = report.notices.map(toJsonNotice);
  if (report.unmet?.length) output.unmet = report.unmet.map(toJsonUnmet);
  if (report.versionBump) output.versionBump = { ...report.versionBump };
  return output;
}

// Keys are assigned in the documented order; JSON.stringify keeps insertion order.
function toJsonChange(change: JudgedChange, withConsumers: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = { id: change.id, level: change.level };
  if (change.operation !== undefined) json.operation = change.operation;
  json.operations = [...(change.operations ?? (change.operation !== undefined ? [change.operation] : []))];
  json.location = change.location;
  if (change.line !== undefined) json.line = change.line;
  json.message = change.message;
  if (change.inert) json.inert = true;
  const narrowed = change.target && 'narrowedTo' in change.target ? change.target.narrowedTo : undefined;
  if (narrowed?.length) json.narrowedTo = [...narrowed];
  if (withConsumers) json.consumers = [...(change.consumers ?? [])];
  if (change.consumerOperations && change.consumers?.length) json.consumerOperations = copyOperations(change.consumerOperations);
  if (change.consumerFiles && change.consumers?.length) json.consumerFiles = copyOperations(change.consumerFiles);
  if (change.warnedConsumers && withConsumers) json.warnedConsumers = copyOperations(change.warnedConsumers);
  if (change.waived) json.waived = toJsonWaiver(change.waived);
  if (change.waivedFor?.length) json.waivedFor = [...change.waivedFor];
  return json;
}

function copyOperations(used: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(used).map(([consumer, operations]) => [consumer, [...operations]]));
}

function toJsonWaiver(waived: NonNullable<JudgedChange['waived']>): Record<string, string> {
  return waived.expires === undefined ? { reason: waived.reason } : { reason: waived.reason, expires: waived.expires };
}

function toJsonUnmet(use: UnmetUse): Record<string, unknown> {
  const json: Record<string, unknown> = { code: use.code, consumer: use.consumer };
  if (use.operation !== undefined) json.operation = use.operation;
  if (use.field !== undefined) json.field = use.field;
  json.message = use.message;
  if (use.line !== undefined) json.line = use.line;
  if (use.file !== undefined) json.file = use.file;
  json.blocking = use.blocking;
  if (use.waived) json.waived = toJsonWaiver(use.waived);
  return json;
}

function toJsonNotice(notice: Notice): Record<string, unknown> {
  const json: Record<string, unknown> = { code: notice.code, message: notice.message };
  if (notice.file !== undefined) json.file = notice.file;
  if (notice.line !== undefined) json.line = notice.line;
  if (notice.consumer !== undefined) json.consumer = notice.consumer;
  return json;
}
