// The diff section of a service page: pick two versions, see every change with its level and the
// consumers it breaks, as `overseer diff --consumers` reports them.

import { type DiffReport, describeCounts, describeVersionBump, type JudgedChange } from '../../../contracts/index.js';
import { html, joinHtml, type SafeHtml } from '../html.js';
import { renderBadge, renderEmpty, renderServiceLink } from '../parts.js';
import { serviceUrl } from '../urls.js';

export interface ServiceDiff {
  from: string;
  to: string;
  report?: DiffReport;
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
  if (!diff.report) return html`${heading}<p class="notice bad" role="alert">${diff.problem ?? 'No diff could be made.'}</p>`;
  const report = diff.report;
  const blocked = report.summary.blocking > 0;
  const verdict = blocked
    ? html`<p class="notice bad" role="status">Blocking: ${report.summary.blocking} ${report.summary.blocking === 1 ? 'change breaks' : 'changes break'} a consumer. ${describeCounts(report.summary)}.</p>`
    : html`<p class="notice ok" role="status">Nothing blocks: no consumer is broken. ${describeCounts(report.summary)}.</p>`;
  const bump = describeVersionBump(report);
  return html`${heading}${verdict}
${bump ? html`<p class="muted">${bump}</p>` : ''}
${report.changes.length === 0 ? renderEmpty('No changes.') : renderChangesTable(report.changes)}
${report.notices.length > 0 ? html`<h4>Notices</h4><ul>${report.notices.map((n) => html`<li><code>${n.code}</code> ${n.message}</li>`)}</ul>` : ''}`;
}

/** Changes as the CLI lists them: level, rule id, operation, location and line, message, consumers broken. */
export function renderChangesTable(changes: readonly JudgedChange[]): SafeHtml {
  const rows = changes.map(
    (c) => html`<tr data-rule="${c.id}" data-level="${c.level}">
<td>${renderBadge(c.level, c.level)}${c.blocking ? html` ${renderBadge('refused', 'blocks')}` : ''}</td>
<td><code>${c.id}</code></td>
<td>${renderOperations(c)}</td>
<td>${c.message}</td>
<td><code class="location">${c.location}</code>${c.line !== undefined ? html` <span class="muted">(${c.side} line ${c.line})</span>` : html` <span class="muted">(${c.side})</span>`}</td>
<td>${renderConsumers(c.consumers)}</td>
</tr>`,
  );
  return html`<table class="changes">
<thead><tr><th scope="col">Level</th><th scope="col">Rule</th><th scope="col">Operation</th><th scope="col">Change</th><th scope="col">Where</th><th scope="col">Breaks</th></tr></thead>
<tbody>${rows}</tbody></table>`;
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

function renderConsumers(consumers: readonly string[] | undefined): SafeHtml {
  if (!consumers || consumers.length === 0) return html`<span class="muted">no consumer</span>`;
  return joinHtml(
    consumers.map((c) => renderServiceLink(c)),
    ', ',
  );
}
