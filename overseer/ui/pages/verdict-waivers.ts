// The waiver part of a verdict page: what the deploying version's waivers accepted and why, and those that expired
// or matched nothing, so the audit trail shows every change that was let through and on whose word.

import { describeExpiry, EMPTY_ENVIRONMENT_NOTICE, type Notice, type WaivedChange } from '../../../contracts/index.js';
import { html, type SafeHtml } from '../html.js';
import { renderEmpty } from '../parts.js';

/** Nothing at all for a verdict whose version carried no waivers: the page stays as it was. */
export function renderWaiverSection(waived: readonly WaivedChange[] | undefined, all: readonly Notice[] | undefined): SafeHtml | '' {
  // The gate's other notices (uses it did not count, contracts/usage/uncounted-uses.ts) are no waiver's.
  const notices = all?.filter((n) => n.code.startsWith('waiver-'));
  const others = (all ?? []).filter((n) => !n.code.startsWith('waiver-') && n.code !== EMPTY_ENVIRONMENT_NOTICE);
  // A yes about an environment where nothing was ever recorded judged nobody: said apart, as no use left uncounted.
  const empty = all?.find((n) => n.code === EMPTY_ENVIRONMENT_NOTICE);
  const uncounted = html`${empty ? html`<h2 id="nobody-judged">Nobody judged</h2><p>${empty.message}</p>` : ''}${
    others.length > 0
      ? html`<h2 id="uncounted">Uses not counted (${others.length})</h2><ul class="notices">${others.map((n) => html`<li><code>${n.code}</code> ${n.message}</li>`)}</ul>`
      : ''
  }`;
  if (waived === undefined && (notices === undefined || notices.length === 0)) return uncounted;
  const rows = (waived ?? []).map(
    (w) => html`<tr><td>${w.consumer} <code>${w.consumerVersion}</code></td>
<td>${w.change.operation !== undefined ? html`<code>${w.change.operation}</code>: ` : ''}${w.change.message} <code>${w.change.id}</code></td>
<td>${w.waiver.reason}</td><td>${describeExpiry(w.waiver.expires)}</td><td><code>${w.waiver.file}:${w.waiver.line}</code></td></tr>`,
  );
  const table =
    rows.length === 0
      ? renderEmpty('The version carries waivers, and none of them waived a change here.')
      : html`<table class="waived"><thead><tr><th scope="col">Consumer</th><th scope="col">Change</th><th scope="col">Reason</th><th scope="col">Expires</th><th scope="col">Waiver</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const list = (notices ?? []).map(
    (n) => html`<li><code>${n.code}</code> ${n.file !== undefined ? html`<code>${n.file}:${n.line ?? 1}</code>: ` : ''}${n.message}</li>`,
  );
  return html`<h2 id="waived">Waived changes (${rows.length})</h2>
<p>Changes that would break a consumer, and uses a consumer declares that no version live there met, accepted by waivers published with this version: they did not refuse the deploy.</p>
${table}
${list.length > 0 ? html`<h3 id="waiver-notices">Waiver notices (${list.length})</h3><ul class="notices">${list}</ul>` : ''}
${uncounted}`;
}
