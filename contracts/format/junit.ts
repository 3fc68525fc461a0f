// `--format junit`: a JUnit XML report for CI test views. One testsuite per operation, one testcase
// per change; a blocking change is a failure, a waived one is skipped, the rest pass. A use the revision does not offer
// (`unmet`) is a testcase too, failing as it blocks.

import type { DiffReport, JudgedChange, Notice, UnmetUse } from '../model.js';
import {
  describeConsumerUse,
  describeNoticeWhere,
  describeReach,
  describeUnmet,
  describeWaiver,
  describeWhere,
  groupByOperation,
  isUnusedBreaking,
  listBroken,
} from './shared.js';

interface Case {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  outcome?: { tag: 'failure' | 'skipped'; message: string; type?: string };
  details: string;
}

interface Suite {
  name: string;
  cases: Case[];
}

/** Renders the report as JUnit XML (UTF-8, with a trailing newline). */
export function formatJunit(report: DiffReport): string {
  const suites = buildSuites(report);
  const count = (test: (c: Case) => boolean) => suites.reduce((n, s) => n + s.cases.filter(test).length, 0);
  const totals = `tests="${count(() => true)}" failures="${count(isFailure)}" errors="0" skipped="${count(isSkipped)}"`;
  const head = `<testsuites name="${escapeXml(`overseer diff ${report.base.file} ${report.revision.file}`)}" ${totals} time="0">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites.flatMap(renderSuite), '</testsuites>', ''].join('\n');
}

/**
 * Escapes text for XML attributes and content. Characters XML 1.0 forbids (most control characters,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD; tabs and line breaks become references so attributes keep them.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function buildSuites(report: DiffReport): Suite[] {
  const suites = groupByOperation(report.changes).map((group) => {
    const name = group.operation ?? 'Document';
    return { name, cases: group.changes.map((change) => buildCase(report, change, name)) };
  });
  // A use the revision does not offer blocks as a change does: a CI view counting no failure would read "passed".
  const unmet = report.unmet ?? [];
  if (unmet.length > 0) suites.push({ name: 'Uses the revision does not offer', cases: unmet.map((use) => buildUnmetCase(report, use)) });
  // Some CI tools treat a report without tests as a broken run: say plainly that nothing changed.
  if (suites.length === 0) suites.push({ name: 'Changes', cases: [{ name: 'no changes', classname: 'Changes', details: '' }] });
  if (report.notices.length > 0) suites.push({ name: 'Notices', cases: report.notices.map(buildNoticeCase) });
  return suites;
}

function buildCase(report: DiffReport, change: JudgedChange, classname: string): Case {
  const where = describeWhere(report, change);
  const file = change.side === 'base' ? report.base.file : report.revision.file;
  const details = [
    `${change.level}: ${change.message}`,
    `rule: ${change.id}`,
    `where: ${where}`,
    // Every operation it reaches, as the JSON's `operations`: the suite is only the first (or Document).
    ...(describeReach(change) === '' ? [] : [`operations: ${change.operations!.join(', ')}`]),
    ...(listBroken(change).length > 0
      ? [
          `breaks: ${listBroken(change)
            .map((name) => describeConsumerUse(change, name))
            .join(', ')}`,
        ]
      : []),
    ...describeWarnedUse(change),
    ...(change.waivedFor?.length ? [`waived for: ${change.waivedFor.join(', ')}`] : []),
    ...(isUnusedBreaking(report, change) ? ['no consumer uses this: not blocking'] : []),
  ].join('\n');
  const waiver = describeWaiver(change);
  const outcome: Case['outcome'] = change.blocking
    ? { tag: 'failure', message: change.message, type: change.level }
    : waiver
      ? { tag: 'skipped', message: waiver }
      : undefined;
  // The location makes names unique when one rule fires twice in an operation.
  const name = `${change.id} at ${change.location}`;
  return { name, classname, file, ...(change.line !== undefined ? { line: change.line } : {}), ...(outcome ? { outcome } : {}), details };
}

// A warning blocks no one, so it passes; its owner should still tell those who use what it reaches, as the other formats say.
function describeWarnedUse(change: JudgedChange): string[] {
  const used = Object.keys(change.warnedConsumers ?? {});
  return used.length === 0 ? [] : [`used by (a warning, not blocking): ${used.map((name) => describeConsumerUse(change, name)).join(', ')}`];
}

function buildUnmetCase(report: DiffReport, use: UnmetUse): Case {
  const manifest = use.file ?? report.consumers?.find((c) => c.name === use.consumer)?.file;
  const outcome: Case['outcome'] = use.blocking
    ? { tag: 'failure', message: use.message, type: use.code }
    : use.waived
      ? { tag: 'skipped', message: `waived: ${use.waived.reason}` }
      : undefined;
  const name = `${use.code} for ${use.consumer}${use.field === undefined ? '' : ` (${use.field})`}${use.file === undefined ? '' : ` in ${use.file}`}`;
  const where = manifest === undefined ? {} : { file: manifest, ...(use.line !== undefined && { line: use.line }) };
  return { name, classname: use.operation ?? 'Document', ...where, ...(outcome ? { outcome } : {}), details: describeUnmet(use, manifest) };
}

function buildNoticeCase(notice: Notice, index: number): Case {
  const where = describeNoticeWhere(notice);
  const details = [notice.message, ...(where ? [`where: ${where}`] : []), ...(notice.consumer ? [`consumer: ${notice.consumer}`] : [])].join('\n');
  return { name: `${notice.code} #${index + 1}`, classname: 'Notices', details };
}

function renderSuite(suite: Suite): string[] {
  const failures = suite.cases.filter(isFailure).length;
  const skipped = suite.cases.filter(isSkipped).length;
  const attrs = `name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  return [`  <testsuite ${attrs}>`, ...suite.cases.flatMap(renderCase), '  </testsuite>'];
}

function renderCase(c: Case): string[] {
  const location = `${c.file === undefined ? '' : ` file="${escapeXml(c.file)}"`}${c.line === undefined ? '' : ` line="${c.line}"`}`;
  const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"${location} time="0"`;
  const body: string[] = [];
  if (c.outcome?.tag === 'failure') {
    const type = c.outcome.type ? ` type="${escapeXml(c.outcome.type)}"` : '';
    body.push(`      <failure message="${escapeXml(c.outcome.message)}"${type}>${escapeXml(c.details)}</failure>`);
  } else if (c.outcome?.tag === 'skipped') {
    body.push(`      <skipped message="${escapeXml(c.outcome.message)}"/>`);
  }
  if (c.details && c.outcome?.tag !== 'failure') body.push(`      <system-out>${escapeXml(c.details)}</system-out>`);
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}

function isFailure(c: Case): boolean {
  return c.outcome?.tag === 'failure';
}

function isSkipped(c: Case): boolean {
  return c.outcome?.tag === 'skipped';
}
