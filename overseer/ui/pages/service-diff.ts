// The diff section of a service page: pick two versions, see every change with its level and the
// consumers it breaks, as `overseer diff --consumers` reports them.

import { type DiffReport, describeCounts, describeExpiry, describeVersionBump, type JudgedChange } from '../../../contracts/index.js';
import type { DiffPage } from '../../work/wire.js';
import { html, joinHtml, raw, type SafeHtml } from '../html.js';
import { renderBadge, renderEmpty, renderServiceLink } from '../parts.js';
import { serviceUrl } from '../urls.js';

export interface ServiceDiff {
  from: string;
  to: string;
  /** The report as a worker wrote it (renderDiffReport): a large one is no work of the event loop's. */
  page?: DiffPage;
  /** Why there is no report (an unknown version, a version without a contract). */
  problem?: string;
}

export interface DiffFormView {
  service: string;
  environment?: string;
  /** Newest first, for the pickers. */
  versions: string[];
  from?: string;
  to?: string;
}

// The dashboard diffs contracts of up to 8 MB together (version-diff.ts): their changes, each with the consumers it
// breaks, could make a page of tens of MB, written on the event loop for anyone who asks. The table stops at this many
// bytes and says so; a change's consumers stop at MAX_CONSUMERS_LISTED (a hub's change breaks hundreds).
export const DIFF_TABLE_MAX_BYTES = 512 * 1024;
const MAX_CONSUMERS_LISTED = 50;

export function renderDiffSection(form: DiffFormView, diff: ServiceDiff | undefined): SafeHtml {
  return html`<section aria-labelledby="diff">
<h2 id="diff">Compare two versions</h2>
${form.versions.length < 2 ? renderEmpty('There is only one version: nothing to compare yet.') : renderDiffForm(form)}
${diff ? renderDiffResult(form.service, diff) : ''}
</section>`;
}

function renderDiffForm(form: DiffFormView): SafeHtml {
  const options = (selected: string | undefined) => form.versions.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${v}</option>`);
  return html`<form class="filters" method="get" action="${serviceUrl(form.service)}#diff">
${form.environment !== undefined ? html`<input type="hidden" name="environment" value="${form.environment}">` : ''}
<label>From version <select name="from">${options(form.from ?? form.versions[1])}</select></label>
<label>To version <select name="to">${options(form.to ?? form.versions[0])}</select></label>
<button type="submit">Compare</button>
</form>`;
}

function renderDiffResult(service: string, diff: ServiceDiff): SafeHtml {
  const heading = html`<h3>${service} <code>${diff.from}</code> → <code>${diff.to}</code></h3>`;
  if (!diff.page) return html`${heading}<p class="notice bad" role="alert">${diff.problem ?? 'No diff could be made.'}</p>`;
  // Written by renderDiffReport in the worker, through `html` as every page is.
  return html`${heading}${raw(diff.page.html)}`;
}

/** The report under the heading: verdict, version advice, the changes (capped), notices. Run in a worker (tasks.ts). */
export function renderDiffReport(service: string, versions: { from: string; to: string }, report: DiffReport): SafeHtml {
  const blocked = report.summary.blocking > 0;
  const verdict = blocked
    ? html`<p class="notice bad" role="status">Blocking: ${report.summary.blocking} ${report.summary.blocking === 1 ? 'change breaks' : 'changes break'} a consumer. ${describeCounts(report.summary)}.</p>`
    : html`<p class="notice ok" role="status">Nothing blocks: ${describeWaived(report, versions.to)}. ${describeCounts(report.summary)}.</p>`;
  const bump = describeVersionBump(report);
  return html`${verdict}
${bump ? html`<p class="muted">${bump}</p>` : ''}
${report.changes.length === 0 ? renderEmpty('No changes.') : renderCappedChanges(service, versions, report.changes)}
${report.notices.length > 0 ? html`<h4>Notices</h4><ul>${report.notices.map((n) => html`<li><code>${n.code}</code> ${n.message}</li>`)}</ul>` : ''}`;
}

// "No consumer is broken" was said of a change that breaks one and that the newer version's waivers accept.
function describeWaived(report: DiffReport, to: string): string {
  const waived = report.changes.filter((c) => c.waived && (c.consumers?.length ?? 0) > 0).length;
  if (waived === 0) return 'no consumer is broken';
  return `${waived} ${waived === 1 ? 'change that breaks a consumer is' : 'changes that break consumers are'} waived by the waivers published with ${to}`;
}

/** The changes table within DIFF_TABLE_MAX_BYTES, and a sentence saying how many are left out and where to see them. */
function renderCappedChanges(service: string, diff: { from: string; to: string }, changes: readonly JudgedChange[]): SafeHtml {
  const rows: SafeHtml[] = [];
  let bytes = 0;
  for (const change of changes) {
    const row = renderChangeRow(change);
    bytes += row.text.length;
    if (bytes > DIFF_TABLE_MAX_BYTES && rows.length > 0) break;
    rows.push(row);
  }
  const table = renderTable(rows);
  if (rows.length === changes.length) return table;
  const kb = DIFF_TABLE_MAX_BYTES / 1024;
  return html`<p class="notice" role="status">This diff has ${changes.length} changes: the first ${rows.length} are shown, as many as fit in ${kb} KB of page. Compare ${service} ${diff.from} and ${diff.to} with <code>overseer diff</code> on the two files to see every change.</p>
${table}`;
}

/** Changes as the CLI lists them: level, rule id, operation, location and line, message, consumers broken. */
export function renderChangesTable(changes: readonly JudgedChange[]): SafeHtml {
  return renderTable(changes.map(renderChangeRow));
}

function renderTable(rows: readonly SafeHtml[]): SafeHtml {
  return html`<table class="changes">
<thead><tr><th scope="col">Level</th><th scope="col">Rule</th><th scope="col">Operation</th><th scope="col">Change</th><th scope="col">Where</th><th scope="col">Breaks</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function renderChangeRow(c: JudgedChange): SafeHtml {
  return html`<tr data-rule="${c.id}" data-level="${c.level}">
<td>${renderBadge(c.level, c.level)}${c.blocking ? html` ${renderBadge('refused', 'blocks')}` : ''}${c.waived ? html` ${renderBadge('declared', 'waived')}` : ''}${c.waivedFor?.length ? html` ${renderBadge('declared', 'partly waived')}` : ''}</td>
<td><code>${c.id}</code></td>
<td>${renderOperations(c)}</td>
<td>${c.message}</td>
<td><code class="location">${c.location}</code>${c.line !== undefined ? html` <span class="muted">(${c.side} line ${c.line})</span>` : html` <span class="muted">(${c.side})</span>`}</td>
<td>${renderBroken(c)}${c.waived ? html`<br><span class="muted">waived: ${c.waived.reason}${c.waived.expires ? `, until ${describeExpiry(c.waived.expires)}` : ''}</span>` : ''}</td>
</tr>`;
}

/** A change in a schema several operations share names each of them: a consumer of any is concerned. */
function renderOperations(change: JudgedChange): SafeHtml {
  if (!change.operation) return html`<span class="muted">document</span>`;
  const others = (change.operations ?? []).filter((op) => op !== change.operation);
  if (others.length === 0) return html`<code>${change.operation}</code>`;
  return html`<code>${change.operation}</code><br><span class="muted">also ${joinHtml(
    others.map((op) => html`<code>${op}</code>`),
    ', ',
  )}</span>`;
}

// A waiver scoped to some consumers leaves the change blocking for the others: listing them all alike hid whose break
// was accepted and whose still refuses the deploy.
function renderBroken(change: JudgedChange): SafeHtml {
  const waivedFor = change.waivedFor ?? [];
  if (change.warnedConsumers && !change.consumers?.length) return renderWarned(change.warnedConsumers);
  if (waivedFor.length === 0) return renderConsumers(change.consumers);
  const blocked = (change.consumers ?? []).filter((name) => !waivedFor.includes(name));
  return html`<span class="still-blocks">blocks ${renderConsumers(blocked)}</span><br><span class="waived-for muted">waived for ${renderConsumers(waivedFor)}</span>`;
}

// A warning blocks no one, but its owner should tell those who use what it reaches: named as the CLI's outputs name them.
function renderWarned(warned: Record<string, string[]>): SafeHtml {
  const names = Object.keys(warned).slice(0, MAX_CONSUMERS_LISTED);
  const named = joinHtml(
    names.map((name) => (warned[name]!.length > 0 ? html`${renderServiceLink(name)} (${warned[name]!.join(', ')})` : renderServiceLink(name))),
    ', ',
  );
  const more = Object.keys(warned).length - names.length;
  return html`<span class="warned">used by ${named}${more > 0 ? html` <span class="muted">and ${more} more</span>` : ''}: a warning, not blocking</span>`;
}

function renderConsumers(consumers: readonly string[] | undefined): SafeHtml {
  if (!consumers || consumers.length === 0) return html`<span class="muted">no consumer</span>`;
  const links = joinHtml(
    consumers.slice(0, MAX_CONSUMERS_LISTED).map((c) => renderServiceLink(c)),
    ', ',
  );
  const more = consumers.length - MAX_CONSUMERS_LISTED;
  return more > 0 ? html`${links} <span class="muted">and ${more} more</span>` : links;
}
