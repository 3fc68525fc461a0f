// `--format text`: for a person at a terminal. Who to talk to first, then every change by operation.

import type { ConsumerInfo, DiffReport, JudgedChange, Level, Notice } from '../model.js';
import { describeExpiry } from '../policy/expiry.js';
import {
  type ConsumerWarnings,
  describeBlocking,
  describeCounts,
  describeNothingBlocks,
  describeNoticeWhere,
  describeReach,
  describeUnmet,
  describeVersionBump,
  describeVersionsBroken,
  describeWaivedFor,
  describeWaiver,
  describeWaiverTerms,
  describeWarned,
  describeWhere,
  findBlockersByConsumer,
  findWaivedBreaks,
  findWarnedByConsumer,
  groupByOperation,
  isBlocked,
  isUnusedBreaking,
  nameOperations,
  toOneLine,
} from './shared.js';

interface TextOptions {
  /** Emit ANSI colours; the CLI passes `process.stdout.isTTY`. */
  color?: boolean;
}

type Paint = (text: string, style: Style) => string;
type Style = keyof typeof ANSI;

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;
const LEVEL_STYLE: Record<Level, Style> = { breaking: 'red', warning: 'yellow', info: 'cyan' };
// Tags are padded to the longest one so that messages line up.
const TAG_WIDTH = 'BREAKING'.length;

/** Renders the report for a terminal; colour only when `options.color` is true. */
export function formatText(report: DiffReport, options: TextOptions = {}): string {
  const paint = choosePaint(options.color === true);
  const sections = [
    report.consumers === undefined ? [] : [...renderBlockers(report, paint), ...renderWaivedBreaks(report), ...renderWaivedUses(report)],
    renderWarned(findWarnedByConsumer(report), paint),
    report.changes.length === 0 ? ['No changes.'] : renderChanges(report, paint),
    renderNotices(report.notices, paint),
    renderVersionBump(report),
    [renderVerdictLine(report, paint)],
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

function choosePaint(color: boolean): Paint {
  return color ? (text, style) => `\x1b[${ANSI[style]}m${text}\x1b[0m` : (text) => text;
}

function renderBlockers(report: DiffReport, paint: Paint): string[] {
  const blockers = findBlockersByConsumer(report);
  const lines = [paint('What blocks, by consumer', 'bold')];
  if (blockers.length === 0) lines.push(`  Nothing: ${describeNothingBlocks(report)}.`);
  for (const { consumer, changes, unmet } of blockers) {
    lines.push(`  ${paint(toOneLine(consumer.name), 'bold')}  ${describeContact(consumer)}`);
    for (const change of changes) lines.push(`    ${describeBlocker(change, consumer.name)}`);
    for (const use of unmet) lines.push(`    ${toOneLine(describeUnmet(use, consumer.file))}`);
  }
  return lines;
}

// A warning blocks no one, yet the consumers that use what it reaches are whom its owner has to tell: named as blockers are.
function renderWarned(warned: ConsumerWarnings[], paint: Paint): string[] {
  if (warned.length === 0) return [];
  const lines = [paint('Warnings to pass on, by consumer (not blocking)', 'bold')];
  for (const { consumer, changes } of warned) {
    lines.push(`  ${paint(toOneLine(consumer.name), 'bold')}  ${describeContact(consumer)}`);
    for (const change of changes) lines.push(`    ${toOneLine(`${nameOperations(change, consumer.name)}: ${change.message} (${change.id})`)}`);
  }
  return lines;
}

// A change a waiver accepts still breaks its consumers: their owners are told what they lose, as the gate's verdict does.
function renderWaivedBreaks(report: DiffReport): string[] {
  return findWaivedBreaks(report).flatMap((change) =>
    (change.consumers ?? []).map(
      (consumer) =>
        `  ~ waived for ${toOneLine(`${consumer}: ${nameOperations(change, consumer)}: ${change.message} (${change.id}), ${describeWaiverTerms(change)}`)}`,
    ),
  );
}

// A use no version offers that a waiver accepts blocks nothing, yet the consumer still misses it: "no consumer is
// broken" alone would hide it, as the JSON does not.
function renderWaivedUses(report: DiffReport): string[] {
  return (report.unmet ?? [])
    .filter((u) => u.waived)
    .map((u) => {
      const until = u.waived!.expires ? ` until ${describeExpiry(u.waived!.expires)}` : '';
      return `  ~ waived for ${toOneLine(`${u.consumer}: ${u.operation ?? 'Document'}: ${u.message} (${u.code}), waived${until}: ${u.waived!.reason}`)}`;
    });
}

// Under a consumer, the operations it calls: the first one a shared schema's change reaches may be none of them.
function describeBlocker(change: JudgedChange, consumer: string): string {
  return toOneLine(`${nameOperations(change, consumer)}: ${change.message} (${change.id})${describeVersionsBroken(change, consumer)}`);
}

// Owners first: they are who the reviewer has to talk to.
function describeContact(consumer: ConsumerInfo): string {
  const owners = consumer.owners.length > 0 ? consumer.owners.join(', ') : 'none known';
  return toOneLine(consumer.slack ? `owners: ${owners}  slack: ${consumer.slack}` : `owners: ${owners}`);
}

function renderChanges(report: DiffReport, paint: Paint): string[] {
  const lines: string[] = [];
  for (const group of groupByOperation(report.changes)) {
    lines.push(paint(toOneLine(group.operation ?? 'Document'), 'bold'));
    for (const change of group.changes) lines.push(`  ${renderChange(report, change, paint)}`);
  }
  return lines;
}

function renderChange(report: DiffReport, change: JudgedChange, paint: Paint): string {
  const tag = paint(change.level.toUpperCase().padEnd(TAG_WIDTH), LEVEL_STYLE[change.level]);
  const where = paint(toOneLine(describeWhere(report, change)), 'dim');
  const text = toOneLine(`${change.message} (${change.id})${describeReach(change)}`);
  return `${tag}  ${text}  ${where}${toOneLine(describeMarker(report, change))}`;
}

// Whom a change breaks is said at the change too, in JUnit's and SARIF's words: a reader of this list alone saw
// `WARNING` over a warning that blocks (it breaks a consumer that reads what it removes), and no name.
function describeMarker(report: DiffReport, change: JudgedChange): string {
  const parts = [describeBlocking(change), describeWaiver(change) ?? describeWaivedFor(change) ?? describeWarned(change)];
  if (isUnusedBreaking(report, change)) parts.push('no consumer uses this: not blocking');
  const said = parts.filter((part) => part !== undefined);
  return said.length === 0 ? '' : `  (${said.join('; ')})`;
}

function renderNotices(notices: readonly Notice[], paint: Paint): string[] {
  if (notices.length === 0) return [];
  return [paint('Notices', 'bold'), ...notices.map((notice) => `  ${describeNotice(notice, paint)}`)];
}

function describeNotice(notice: Notice, paint: Paint): string {
  const where = notice.file ? `  ${paint(toOneLine(describeNoticeWhere(notice)), 'dim')}` : '';
  const owner = notice.consumer ? `  (consumer: ${toOneLine(notice.consumer)})` : '';
  return `${toOneLine(`${notice.code}: ${notice.message}`)}${where}${owner}`;
}

function renderVersionBump(report: DiffReport): string[] {
  const line = describeVersionBump(report);
  return line ? [toOneLine(line)] : [];
}

function renderVerdictLine(report: DiffReport, paint: Paint): string {
  const verdict = isBlocked(report.summary) ? paint('blocked', 'red') : paint('safe', 'green');
  return `${describeCounts(report.summary)} -> ${verdict}`;
}
