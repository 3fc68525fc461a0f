// The pull-request comment (and job summary): the verdict first, then what blocks by consumer with its owners
// mentioned, every change folded away, and what to do. Pure: an outcome in, markdown out.

import {
  describeConsumerUse,
  describeReach,
  describeVersionsBroken,
  describeWarned,
  escapeMarkdown,
  findAnnotationSite,
  findBlockersByConsumer,
  type JudgedChange,
  type Level,
  sortChanges,
  type VerdictReason,
} from '../contracts/index.js';
import { adviseNextSteps, describeContacts } from './comment-advice.js';
import { plural } from './comment-counts.js';
import { linkDeclaredChange, linkDeclaredUse } from './comment-declared.js';
import { renderRegistryNotices } from './comment-notices.js';
import { code, describeVerdict } from './comment-verdict.js';
import { renderWarned } from './comment-warned.js';
import { short } from './github.js';
import { countBlocking, describeOperationFor, type Outcome } from './report.js';

/** GitHub refuses comments over 65,536 characters; the summary takes far more. */
const COMMENT_LIMIT = 65_000;

const LEVEL_LABEL: Record<Level, string> = { breaking: ':red_circle: breaking', warning: ':warning: warning', info: ':information_source: info' };

/** The hidden first line that finds the comment of one contract again on the next run. */
export function markerOf(contract: string): string {
  // encodeURI turns `>` into %3E, so no path can close the HTML comment early; ordinary paths stay as they are.
  return `<!-- overseer:contract=${encodeURI(contract)} -->`;
}

/** The comment for an outcome, with as many change rows as fit under `limit` characters. */
export function renderComment(outcome: Outcome, limit = COMMENT_LIMIT): string {
  for (const rows of [500, 100, 20, 0]) {
    const body = renderBody(outcome, rows);
    if (body.length <= limit) return body;
  }
  return renderBody(outcome, 0).slice(0, limit);
}

/** When the action could not decide: said in place of the verdict, so a stale "safe" never stays up. */
export function renderFailure(contract: string, message: string, shas?: { baseSha: string; headSha: string }, errorCode?: string, errorsPage?: string): string {
  const at = shas ? ` at \`${short(shas.headSha)}\`` : '';
  const lookUp = errorCode ? [describeLookUp(errorCode, errorsPage), ''] : [];
  return [
    markerOf(contract),
    `### :warning: Overseer could not judge ${code(contract)}${at}`,
    '',
    escapeMarkdown(message),
    '',
    ...lookUp,
    'The check fails until this is fixed: a gate that cannot decide never passes.',
    '',
  ].join('\n');
}

// The code is what a search or the docs find: the message's words change more often than the code does. A command
// to run works wherever the author is; a bare "docs/ERRORS.md" named a file of a repository the reader does not have.
function describeLookUp(errorCode: string, errorsPage: string | undefined): string {
  const run = `Error code ${code(errorCode)}: \`npx overseer explain ${errorCode}\` prints when it happens and what to do`;
  return errorsPage ? `${run} (also in [docs/ERRORS.md](${errorsPage}#${errorCode.toLowerCase()})).` : `${run}.`;
}

function renderBody(outcome: Outcome, maxRows: number): string {
  const blocks = [
    renderHeadline(outcome),
    renderBlockers(outcome, maxRows),
    renderWarned(outcome, maxRows),
    renderObserved(outcome),
    renderOwnReasons(outcome),
    renderRegistryNotices(outcome, maxRows),
    renderAllChanges(outcome, maxRows),
    renderNotices(outcome, maxRows),
    `#### What to do\n\n${adviseNextSteps(outcome).join('\n')}`,
    renderFooter(outcome),
  ];
  // The marker sits on the line above the verdict, so the verdict is the first thing rendered.
  return `${markerOf(outcome.contract)}\n${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

function renderHeadline(outcome: Outcome): string {
  const { environment } = outcome;
  const blocking = countBlocking(outcome);
  const where = environment === undefined ? '' : ` for ${escapeMarkdown(environment)}`;
  const title =
    blocking > 0
      ? `### :no_entry: Overseer: ${code(outcome.contract)} is blocked${where}`
      : `### :white_check_mark: Overseer: ${code(outcome.contract)} is safe${where}`;
  const moved = outcome.movedFrom === undefined ? '' : ` · moved from ${code(outcome.movedFrom)}`;
  const from = outcome.comparedWith
    ? `${escapeMarkdown(`${outcome.service} ${outcome.comparedWith.version}`)} (live in ${escapeMarkdown(environment ?? '')})`
    : `base \`${short(outcome.baseSha)}\``;
  const counts = `${describeTally(outcome, blocking)} · ${from} → head \`${short(outcome.headSha)}\`${moved}`;
  return [title, '', describeVerdict(outcome, blocking), '', counts].join('\n');
}

// What blocks, and for whom, before the levels in general: a warning can block one consumer and no other.
function describeTally(outcome: Outcome, blocking: number): string {
  const { summary } = outcome.report;
  const all = `in all: ${summary.breaking} breaking, ${plural(summary.warning, 'warning')}, ${summary.info} info`;
  if (blocking === 0) return `nothing blocks · ${all}`;
  const broken = outcome.report.consumers === undefined ? [] : findBlockersByConsumer(outcome.report).map((b) => escapeMarkdown(b.consumer.name));
  const whom = broken.length > 0 ? ` (breaks ${broken.join(', ')})` : '';
  return `**${blocking} blocking**${whom} · ${all}`;
}

function renderBlockers(outcome: Outcome, maxRows: number): string {
  const { report } = outcome;
  const blocking = report.changes.filter((c) => c.blocking);
  if (blocking.length === 0 && !report.unmet?.some((u) => u.blocking)) return '';
  if (report.consumers === undefined) {
    const shown = sortChanges(blocking).slice(0, maxRows);
    const rows = shown.map((c) => [cell(c.operation ?? 'Document'), cell(c.message), cell(c.id), linkWhere(outcome, c)]);
    return ['#### What blocks', '', table(['Operation', 'Change', 'Rule', 'Where'], rows) + noteFolded(shown.length < blocking.length)].join('\n');
  }
  const groups = findBlockersByConsumer(report);
  const title = '#### What blocks, by consumer';
  // Too many rows for a comment: one row per consumer, so that every owner is still named.
  if (groups.reduce((n, g) => n + g.changes.length, 0) > maxRows) {
    const rows = groups.map(({ consumer, changes }) => {
      const operations = [...new Set(changes.map((c) => describeOperationFor(c, outcome.usedOperations[consumer.name])))];
      return [
        `**${cell(consumer.name)}**`,
        describeContacts(consumer),
        String(changes.length),
        cell(operations.slice(0, 5).join(', ') + (operations.length > 5 ? ', …' : '')),
      ];
    });
    return [title, '', table(['Consumer', 'Owners', 'Blocking changes', 'Operations'], rows) + noteFolded(true)].join('\n');
  }
  const rows = groups.flatMap(({ consumer, changes, unmet }) =>
    [
      ...changes.map((c) => [
        cell(describeOperationFor(c, outcome.usedOperations[consumer.name])),
        cell(`${c.message}${describeVersionsBroken(c, consumer.name)}`),
        [linkWhere(outcome, c), ...linkDeclaredChange(outcome, consumer.name, c).map((link) => `declared at ${link}`)].join('<br>'),
      ]),
      // No change caused it, so there is no line of the contract to point at: the consumer's entry is where to look.
      ...unmet.map((u) => [
        cell(u.operation ?? 'Document'),
        cell(
          `${u.message}${u.consumerVersion === undefined ? '' : ` (in version ${u.consumerVersion})`} (${u.code}: ${outcome.isNew || outcome.deleted ? '' : `the ${outcome.comparedWith ? 'live version' : 'base'} fails it too, and `}the gate refuses it)`,
        ),
        linkDeclaredUse(outcome, consumer.name, u.consumerVersion, u.line, u.file) ?? '—',
      ]),
    ].map((row, i) => [i === 0 ? `**${cell(consumer.name)}**` : '', i === 0 ? describeContacts(consumer) : '', ...row]),
  );
  return [title, '', table(['Consumer', 'Owners', 'Operation', 'Change', 'Where'], rows)].join('\n');
}

function noteFolded(folded: boolean): string {
  return folded ? '\n\nEvery change is annotated on its line of the contract and listed in the job summary.' : '';
}

/** The registry's reasons for consumers the listing does not give the action, in its words (`can-i-deploy` prints the same). */
function renderObserved(outcome: Outcome): string {
  const [service, environment] = [escapeMarkdown(outcome.service ?? 'this service'), escapeMarkdown(outcome.environment ?? '')];
  const observed = renderRegistryTable(outcome, outcome.observedReasons, `consumers seen calling ${service} in ${environment}`);
  const misdirected = renderRegistryTable(outcome, outcome.misdirectedReasons, `consumers in ${environment} whose manifests misspell ${service}`);
  return [observed, misdirected].filter(Boolean).join('\n\n');
}

function renderRegistryTable(outcome: Outcome, reasons: readonly VerdictReason[], whom: string): string {
  if (reasons.length === 0) return '';
  const status = outcome.report.failOn === 'never' ? 'not blocking (`fail-on: never`)' : ':no_entry: blocks';
  const rows = reasons.map((r) => [`**${cell(r.consumer ?? '')}**`, status, cell(r.message), `\`${r.code}\``]);
  return [`#### What blocks, for ${whom}`, '', table(['Consumer', 'Status', 'Problem', 'Reason'], rows)].join('\n');
}

function renderOwnReasons(outcome: Outcome): string {
  if (outcome.ownReasons.length === 0) return '';
  const rows = outcome.ownReasons.map((r: VerdictReason) => [
    cell(r.provider ?? ''),
    r.severity === 'error' ? ':no_entry: blocks' : r.severity,
    cell(r.message),
    `\`${r.code}\``,
  ]);
  const title = `#### What ${escapeMarkdown(outcome.service ?? 'this service')} uses of its providers in ${escapeMarkdown(outcome.environment ?? '')}`;
  return [title, '', table(['Provider', 'Status', 'Problem', 'Reason'], rows)].join('\n');
}

function renderAllChanges(outcome: Outcome, maxRows: number): string {
  const { report } = outcome;
  if (report.changes.length === 0) return '';
  const withConsumers = report.consumers !== undefined;
  const sorted = sortChanges(report.changes);
  const rows = sorted.slice(0, maxRows).map((c) => [
    LEVEL_LABEL[c.level] + (c.blocking ? ' · **blocks**' : ''),
    // Filed where every other list of every change files it (`Document` for a change to no operation), with the rest it reaches.
    cell(`${c.operation ?? 'Document'}${describeReach(c)}`),
    cell(describeChange(c)),
    // Each with the operations it uses, in the words of JUnit, SARIF and the annotations.
    ...(withConsumers ? [cell(c.consumers?.map((name) => describeConsumerUse(c, name)).join(', ') || '—')] : []),
    `\`${c.id}\``,
    linkWhere(outcome, c),
  ]);
  const header = ['Level', 'Operation', 'Change', ...(withConsumers ? ['Breaks'] : []), 'Rule', 'Where'];
  const rest = sorted.length - rows.length;
  const more = rest > 0 ? `\n\n… and ${rest} more. Every change is annotated on its line of the contract and listed in the job summary.` : '';
  return ['<details>', `<summary>All changes (${report.changes.length})</summary>`, '', table(header, rows) + more, '', '</details>'].join('\n');
}

/** `api/openapi.yaml:42`, linked to that line of the file at the head commit: where the change is annotated (a removal: its parent). */
function linkWhere(outcome: Outcome, change: JudgedChange): string {
  if (outcome.deleted) return linkInBase(outcome, change);
  const site = findAnnotationSite(outcome.report, change);
  const text = cell(site.line === undefined ? outcome.contract : `${outcome.contract}:${site.line}`);
  if (!outcome.repositoryUrl) return text;
  const path = outcome.contract.split('/').map(encodeURIComponent).join('/');
  return `[${text}](${outcome.repositoryUrl}/blob/${outcome.headSha}/${path}${site.line === undefined ? '' : `#L${site.line}`})`;
}

// A deleted contract is in no file of the head: a link there finds nothing, so it leads to the line the base had.
function linkInBase(outcome: Outcome, change: JudgedChange): string {
  const file = outcome.movedFrom ?? outcome.contract;
  const line = change.side === 'base' ? change.line : undefined;
  const text = cell(`${file}@${short(outcome.baseSha)}${line === undefined ? '' : `:${line}`}`);
  if (!outcome.repositoryUrl) return text;
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `[${text}](${outcome.repositoryUrl}/blob/${outcome.baseSha}/${path}${line === undefined ? '' : `#L${line}`})`;
}

// As the markdown and text outputs mark it: a warning whose Breaks cell reads "—" is still one its author should pass on.
function describeChange(change: JudgedChange): string {
  if (change.waived) return `${change.message} (waived: ${change.waived.reason})`;
  const warned = describeWarned(change);
  return warned ? `${change.message} (${warned})` : change.message;
}

function renderNotices(outcome: Outcome, maxRows: number): string {
  const notices = outcome.report.notices.slice(0, Math.max(5, Math.floor(maxRows / 10)));
  if (notices.length === 0) return '';
  const lines = notices.map((n) => `- \`${n.code}\`: ${cell(n.message)}${n.consumer ? ` (consumer: ${cell(n.consumer)})` : ''}`);
  const rest = outcome.report.notices.length - notices.length;
  return [
    '<details>',
    `<summary>Notices (${outcome.report.notices.length})</summary>`,
    '',
    ...lines,
    ...(rest > 0 ? [`- … and ${rest} more`] : []),
    '',
    '</details>',
  ].join('\n');
}

function renderFooter(outcome: Outcome): string {
  const against =
    outcome.environment === undefined
      ? 'judged offline, without a registry'
      : `judged against the consumers deployed in ${escapeMarkdown(outcome.environment)}`;
  return `<sub>Overseer · ${against} · this comment is updated on every push.</sub>`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const cell = escapeMarkdown;
