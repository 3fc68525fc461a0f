// `--format markdown`: for a pull-request comment or a job summary. Verdict first, details folded.

import type { DiffReport, JudgedChange, Level, Notice } from '../model.js';
import {
  type ConsumerBlockers,
  type ConsumerWarnings,
  describeConsumerUse,
  describeCounts,
  describeNothingBlocks,
  describeNoticeWhere,
  describeReach,
  describeUnmet,
  describeVersionBump,
  describeVersionsBroken,
  describeWaivedFor,
  describeWaiver,
  describeWarned,
  describeWhere,
  findBlockersByConsumer,
  findWarnedByConsumer,
  isUnusedBreaking,
  listBroken,
  nameOperations,
  sortChanges,
} from './shared.js';

const LEVEL_LABEL: Record<Level, string> = {
  breaking: ':red_circle: breaking',
  warning: ':warning: warning',
  info: ':information_source: info',
};

/** Renders the report as GitHub-flavoured markdown. */
export function formatMarkdown(report: DiffReport): string {
  const blocks = [
    renderHeadline(report),
    renderOverview(report),
    report.consumers === undefined ? '' : renderBlockers(findBlockersByConsumer(report), report),
    renderWarned(findWarnedByConsumer(report)),
    report.changes.length === 0 ? 'No changes.' : renderAllChanges(report),
    renderNotices(report.notices),
  ];
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

/**
 * Makes text safe in a table cell and anywhere else: `|` would end the cell, a newline the row,
 * `<` could open HTML; `\` and `&` are escaped first so that what follows cannot be undone by the input.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

// A use the revision does not offer counts in `summary.blocking` but is no change: named apart, as the text says it.
function renderHeadline(report: DiffReport): string {
  if (report.summary.blocking === 0) return '### :white_check_mark: No blocking changes';
  const changes = report.changes.filter((c) => c.blocking).length;
  const unmet = report.unmet?.filter((u) => u.blocking).length ?? 0;
  const parts = [
    changes > 0 ? `${changes} blocking ${changes === 1 ? 'change' : 'changes'}` : '',
    unmet > 0 ? `${unmet} ${unmet === 1 ? 'use' : 'uses'} the revision does not offer` : '',
  ];
  return `### :no_entry: ${parts.filter(Boolean).join(' and ')}`;
}

function renderOverview(report: DiffReport): string {
  const base = describeSide(report.base);
  const revision = describeSide(report.revision);
  const overview = `${escapeMarkdown(base)} → ${escapeMarkdown(revision)}: ${describeCounts(report.summary)}.`;
  const bump = describeVersionBump(report);
  return bump ? `${overview}\n\n${escapeMarkdown(bump)}.` : overview;
}

function describeSide(side: DiffReport['base']): string {
  return side.version === undefined ? side.file : `${side.file} (${side.version})`;
}

function renderBlockers(blockers: ConsumerBlockers[], report: DiffReport): string {
  if (blockers.length === 0) return `**What blocks, by consumer:** nothing, ${escapeMarkdown(describeNothingBlocks(report))}.`;
  const rows = blockers.flatMap(renderBlockerRows);
  const table = renderTable(['Consumer', 'Owners', 'Operation', 'Change'], rows);
  return ['**What blocks, by consumer**', '', table].join('\n');
}

// Name and owners only on a consumer's first row: the table reads as groups, and owners are mentioned once.
function renderBlockerRows({ consumer, changes, unmet }: ConsumerBlockers): string[][] {
  const owners = consumer.owners.length > 0 ? consumer.owners.join(', ') : 'none known';
  // The operations this consumer calls: a shared schema's change is reported under the first it reaches, maybe not one of them.
  const rows = changes.map((change) => [nameOperations(change, consumer.name), `${change.message}${describeVersionsBroken(change, consumer.name)}`]);
  for (const use of unmet) rows.push([use.operation ?? 'Document', describeUnmet(use, consumer.file).slice((use.operation ?? 'Document').length + 2)]);
  return rows.map((row, index) => [index === 0 ? consumer.name : '', index === 0 ? owners : '', ...row]);
}

// A warning blocks no one; its table says whom to tell, as the blockers' does whom it breaks.
function renderWarned(warned: ConsumerWarnings[]): string {
  if (warned.length === 0) return '';
  const rows = warned.flatMap(({ consumer, changes }) => {
    const owners = consumer.owners.length > 0 ? consumer.owners.join(', ') : 'none known';
    return changes.map((c, i) => [i === 0 ? consumer.name : '', i === 0 ? owners : '', nameOperations(c, consumer.name), c.message]);
  });
  return ['**Warnings to pass on, by consumer** (not blocking)', '', renderTable(['Consumer', 'Owners', 'Operation', 'Change'], rows)].join('\n');
}

// Each row says whether it blocks and, with consumers, whom it breaks and the operations each uses, as the Action's
// comment, JUnit and SARIF do: the folded list alone showed a blocking warning as `warning`, naming no one.
function renderAllChanges(report: DiffReport): string {
  const withConsumers = report.consumers !== undefined;
  const rows = sortChanges(report.changes).map((change) => [
    LEVEL_LABEL[change.level] + (change.blocking ? ' · **blocks**' : ''),
    `${change.operation ?? 'Document'}${describeReach(change)}`,
    describeChange(report, change),
    ...(withConsumers ? [describeBroken(change)] : []),
    change.id,
    describeWhere(report, change),
  ]);
  const header = ['Level', 'Operation', 'Change', ...(withConsumers ? ['Breaks'] : []), 'Rule', 'Where'];
  return ['<details>', `<summary>All changes (${report.changes.length})</summary>`, '', renderTable(header, rows), '', '</details>'].join('\n');
}

function describeBroken(change: JudgedChange): string {
  const broken = listBroken(change);
  return broken.length > 0 ? broken.map((name) => describeConsumerUse(change, name)).join(', ') : '—';
}

function describeChange(report: DiffReport, change: JudgedChange): string {
  const waiver = describeWaiver(change) ?? describeWaivedFor(change) ?? describeWarned(change);
  if (waiver) return `${change.message} (${waiver})`;
  return isUnusedBreaking(report, change) ? `${change.message} (no consumer uses this: not blocking)` : change.message;
}

// Every cell goes through escapeMarkdown here, so no caller can forget it.
function renderTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((row) => line(row.map(escapeMarkdown)))].join('\n');
}

function renderNotices(notices: readonly Notice[]): string {
  if (notices.length === 0) return '';
  return ['**Notices**', '', ...notices.map((notice) => `- ${escapeMarkdown(describeNotice(notice))}`)].join('\n');
}

function describeNotice(notice: Notice): string {
  const details = [describeNoticeWhere(notice), notice.consumer ? `consumer: ${notice.consumer}` : ''].filter(Boolean);
  const suffix = details.length > 0 ? ` (${details.join(', ')})` : '';
  return `${notice.code}: ${notice.message}${suffix}`;
}
