// `--format sarif`: SARIF 2.1.0 for code scanning. One rule per rule id used; one result per change,
// located like the github annotations (base-side changes also point at the base in relatedLocations), and one per use
// the revision does not offer (`unmet`), on its manifest entry.

import type { DiffReport, JudgedChange, Level, Notice, UnmetUse } from '../model.js';
import { type AnnotationSite, findAnnotationSite, toRepositoryPath } from './annotate.js';
import { describeRule } from './rule-info.js';
import { describeConsumerUse, describeWaiver, listBroken, sortChanges } from './shared.js';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

const LEVEL_OF: Record<Level, SarifLevel> = { breaking: 'error', warning: 'warning', info: 'note' };

/** Renders the report as a SARIF 2.1.0 log with one run, 2-space indented, with a trailing newline. */
export function formatSarif(report: DiffReport): string {
  const changes = sortChanges(report.changes);
  const unmet = report.unmet ?? [];
  const ruleIds = [...new Set(changes.map((change) => change.id))];
  const codes = [...new Set(unmet.map((use) => use.code))].filter((code) => !ruleIds.includes(code));
  const run: Json = {
    tool: { driver: { name: 'overseer', rules: [...ruleIds.map((id) => buildRule(id, changes)), ...codes.map(buildUseRule)] } },
    results: [
      ...changes.map((change) => buildResult(report, change, ruleIds.indexOf(change.id))),
      ...unmet.map((use) => buildUnmetResult(report, use, [...ruleIds, ...codes].indexOf(use.code))),
    ],
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.notices.map(buildNotification) }],
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

/** error: it blocks; otherwise the change's own level, with a breaking change that blocks nobody shown as a warning. */
export function chooseSarifLevel(change: JudgedChange): SarifLevel {
  if (change.blocking) return 'error';
  return change.level === 'breaking' ? 'warning' : LEVEL_OF[change.level];
}

/** A file name as a relative URI reference: `/` separators, each segment percent-encoded. */
export function toUri(file: string): string {
  return toRepositoryPath(file).split('/').map(encodeURIComponent).join('/');
}

// The level a run gives a rule is that of its changes: severity files may have moved it from the default.
function buildRule(id: string, changes: JudgedChange[]): Json {
  const level = changes.find((change) => change.id === id)!.level;
  const rule = describeRule(id, level);
  return {
    id,
    name: toPascalCase(id),
    shortDescription: { text: rule.description },
    defaultConfiguration: { level: LEVEL_OF[level] },
    properties: { tags: ['openapi', 'api-contract', level] },
  };
}

function buildResult(report: DiffReport, change: JudgedChange, ruleIndex: number): Json {
  const result: Json = {
    ruleId: change.id,
    ruleIndex,
    level: chooseSarifLevel(change),
    message: { text: describeMessage(change) },
    locations: [buildLocation(findAnnotationSite(report, change), change.operation)],
    // Stable across runs and line moves, so code scanning keeps one alert per change.
    partialFingerprints: { 'overseerChange/v1': [change.id, change.operation ?? '', change.location].join('|') },
    properties: buildProperties(change),
  };
  if (change.side === 'base') {
    result.relatedLocations = [{ id: 1, ...buildLocation(baseSite(report, change)), message: { text: 'where the base had it' } }];
  }
  if (change.waived) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: describeWaiver(change) ?? change.waived.reason }];
  }
  return result;
}

// A use the revision does not offer is no change, and no rule of the diff: its code is the gate's reason's.
function buildUseRule(code: string): Json {
  return { id: code, name: toPascalCase(code), shortDescription: { text: code.replace(/-/g, ' ') }, defaultConfiguration: { level: 'error' } };
}

// It blocks as a breaking change does (the gate refuses it), on the manifest entry that declares it where known: no line
// of the contract caused it.
function buildUnmetResult(report: DiffReport, use: UnmetUse, ruleIndex: number): Json {
  const manifest = use.file ?? report.consumers?.find((c) => c.name === use.consumer)?.file;
  const site =
    manifest === undefined
      ? { file: toRepositoryPath(report.revision.file) }
      : { file: toRepositoryPath(manifest), ...(use.line !== undefined && { line: use.line }) };
  const result: Json = {
    ruleId: use.code,
    ruleIndex,
    level: use.blocking ? 'error' : use.waived ? 'note' : 'warning',
    message: { text: `${use.operation ? `${use.operation}: ` : ''}${use.message}. Breaks: ${use.consumer}.` },
    locations: [buildLocation(site, use.operation)],
    partialFingerprints: { 'overseerUnmet/v1': [use.code, use.consumer, use.operation ?? '', use.field ?? '', use.file ?? ''].join('|') },
    properties: { blocking: use.blocking, consumer: use.consumer, ...(use.field !== undefined && { field: use.field }) },
  };
  if (use.waived) result.suppressions = [{ kind: 'external', status: 'accepted', justification: use.waived.reason }];
  return result;
}

function buildLocation(site: AnnotationSite, operation?: string): Json {
  const physicalLocation: Json = { artifactLocation: { uri: toUri(site.file) } };
  if (site.line !== undefined) physicalLocation.region = { startLine: site.line };
  const location: Json = { physicalLocation };
  if (operation) location.logicalLocations = [{ name: operation, kind: 'function' }];
  return location;
}

function baseSite(report: DiffReport, change: JudgedChange): AnnotationSite {
  const file = toRepositoryPath(report.base.file);
  return change.line === undefined ? { file } : { file, line: change.line };
}

function describeMessage(change: JudgedChange): string {
  const where = change.operation ? `${change.operation}: ` : '';
  // Each consumer with the operations it calls, as the github annotation names it: a shared schema's change reaches many.
  const named = (names: readonly string[]) => names.map((name) => describeConsumerUse(change, name)).join(', ');
  const broken = listBroken(change);
  const breaks = broken.length > 0 ? ` Breaks: ${named(broken)}.` : '';
  const waived = change.waivedFor?.length ? ` Waived for: ${change.waivedFor.join(', ')}.` : '';
  const warned = Object.keys(change.warnedConsumers ?? {});
  const used = warned.length > 0 ? ` Used by (a warning, not blocking): ${named(warned)}.` : '';
  const text = /[.!?]$/.test(change.message) ? change.message : `${change.message}.`;
  return `${where}${text}${breaks}${waived}${used}`;
}

function buildProperties(change: JudgedChange): Json {
  const properties: Json = { level: change.level, blocking: change.blocking, side: change.side, pointer: change.location };
  if (change.operations) properties.operations = change.operations;
  if (change.consumers) properties.consumers = change.consumers;
  if (change.waivedFor) properties.waivedFor = change.waivedFor;
  if (change.warnedConsumers) properties.warnedConsumers = change.warnedConsumers;
  return properties;
}

function buildNotification(notice: Notice): Json {
  const notification: Json = {
    level: 'warning',
    message: { text: notice.consumer ? `${notice.message} (consumer: ${notice.consumer})` : notice.message },
    descriptor: { id: notice.code },
  };
  if (notice.file !== undefined) {
    notification.locations = [buildLocation(notice.line === undefined ? { file: notice.file } : { file: notice.file, line: notice.line })];
  }
  return notification;
}

function toPascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
