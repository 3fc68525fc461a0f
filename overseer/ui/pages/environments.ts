// `/environments`: services by environments with the version running in each, and where the gate
// last refused a deploy, that refusal with its reasons and a link to them.

import { decisionOf, foldRepeatedReasons, type LiveKind } from '../../../contracts/index.js';
import type { DeploymentRecord, VerdictRecord } from '../../store/store.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderBadge, renderEmpty, renderPager, renderServiceLink, renderTime } from '../parts.js';
import { auditUrl, environmentsUrl, verdictUrl } from '../urls.js';

export interface EnvironmentsData {
  environments: string[];
  /** The page's rows: services live somewhere or refused somewhere, by name (the store pages them). */
  rows: string[];
  /** Services with a row, on every page. */
  shown: number;
  /** Every registered service. */
  total: number;
  /** 1-based, within the pages there are; pages hold `ROWS_PER_PAGE` services. */
  page: number;
  /** Current deployments of the page's services in every environment. */
  deployments: DeploymentRecord[];
  /** Recent verdicts, newest first. */
  verdicts: VerdictRecord[];
}

interface RefusalView {
  id: number;
  href: string;
  service: string;
  version: string;
  environment: string;
  /** When the refusal was last given: repeats of the same ask are counted on one record. */
  lastAskedAt: string;
  /** How many times it was given. */
  count: number;
  codes: string[];
  /** The first reasons' messages, for a reader who will not click. */
  messages: string[];
}

interface MatrixCell {
  version?: string;
  deployedAt?: string;
  /** How `version` is live when it is not a plain deployment (rolling, released). */
  live?: LiveKind;
  /** The other versions live beside it (the old side of a rollout, supported releases). */
  others?: { version: string; live: LiveKind }[];
  /** The gate's last answer for this service and environment, when it was a no newer than the deployment. */
  refused?: RefusalView;
}

interface EnvironmentsView {
  environments: string[];
  /** The page's rows. */
  rows: { service: string; cells: MatrixCell[] }[];
  /** Services with neither a deployment nor a refusal anywhere. */
  hidden: number;
  /** Services with a row, on every page. */
  shown: number;
  page: number;
  pages: number;
  refusals: RefusalView[];
}

/** Rows per page: the matrix of a 5,000-service registry weighed 750 KB and took ~100 ms to build whole. */
export const ROWS_PER_PAGE = 100;

const REFUSALS_SHOWN = 20;
const MESSAGES_SHOWN = 2;

// Folded as the verdict page and the CLI fold them: a field a removal takes away is not a second reason to count here.
function describeRefusal(v: VerdictRecord): RefusalView {
  const errors = foldRepeatedReasons(v.reasons).filter((r) => r.severity === 'error');
  return {
    id: v.id,
    href: verdictUrl(v.id),
    service: v.service,
    version: v.version,
    environment: v.environment,
    lastAskedAt: v.lastAskedAt,
    count: v.count,
    codes: [...new Set(errors.map((r) => r.code))],
    messages: errors.slice(0, MESSAGES_SHOWN).map((r) => r.message),
  };
}

const key = (service: string, environment: string) => `${service}\u0000${environment}`;

/** The gate's last answer per service and environment, from verdicts newest first. */
function findLastVerdicts(verdicts: readonly VerdictRecord[]): Map<string, VerdictRecord> {
  const last = new Map<string, VerdictRecord>();
  for (const v of verdicts) if (!last.has(key(v.service, v.environment))) last.set(key(v.service, v.environment), v);
  return last;
}

/** Services whose last answer in some environment is a refusal: they have a row even where nothing runs. */
export function findRefusedServices(verdicts: readonly VerdictRecord[]): string[] {
  return [...new Set([...findLastVerdicts(verdicts).values()].filter((v) => decisionOf(v) === 'refused').map((v) => v.service))];
}

export function buildEnvironmentsView(data: EnvironmentsData): EnvironmentsView {
  const live = new Map<string, DeploymentRecord[]>();
  for (const d of data.deployments) live.set(key(d.service, d.environment), [...(live.get(key(d.service, d.environment)) ?? []), d]);
  const lastVerdict = findLastVerdicts(data.verdicts);
  const pages = Math.max(1, Math.ceil(data.shown / ROWS_PER_PAGE));
  const page = Math.min(Math.max(1, data.page), pages);
  const rows = data.rows.map((service) => ({
    service,
    cells: data.environments.map((environment): MatrixCell => {
      // The newest deployed or rolling version leads the cell; the rest of what is live follows it.
      const all = live.get(key(service, environment)) ?? [];
      const d = all.filter((x) => x.live !== 'released').pop() ?? all.at(-1);
      const others = all.filter((x) => x !== d).map((x) => ({ version: x.version, live: x.live }));
      const v = lastVerdict.get(key(service, environment));
      // A refusal matters until a deployment made after it; a refused version that runs anyway is shown too.
      const stillOpen = v !== undefined && decisionOf(v) === 'refused' && (d === undefined || v.lastAskedAt >= d.deployedAt || v.version === d.version);
      return {
        ...(d && { version: d.version, deployedAt: d.deployedAt, ...(d.live !== 'deployed' && { live: d.live }) }),
        ...(others.length > 0 && { others }),
        ...(stillOpen && { refused: describeRefusal(v) }),
      };
    }),
  }));
  const refusals = data.verdicts
    // An undecided ask (an unpublished version) judged nothing: it is no refusal.
    .filter((v) => decisionOf(v) === 'refused')
    .slice(0, REFUSALS_SHOWN)
    .map(describeRefusal);
  return { environments: data.environments, rows, hidden: data.total - data.shown, shown: data.shown, page, pages, refusals };
}

export function renderEnvironmentsPage(view: EnvironmentsView): string {
  const body = html`
<h1>Environments</h1>
<p class="lead">What runs where, and where the gate last said no. A refused deploy links to its reasons.</p>
${renderDeployed(view)}
<h2 id="refusals">Recent refusals</h2>
${view.refusals.length === 0 ? renderEmpty('The gate refused no deploy recently.') : renderRefusals(view.refusals)}
<p><a href="${auditUrl()}">Every recent verdict</a></p>`;
  return renderPage({ title: 'Environments', nav: 'environments', body });
}

// A first visit says the next step: record-deployment refuses an environment never created, so that comes first.
function renderDeployed(view: EnvironmentsView): SafeHtml {
  if (view.environments.length === 0)
    return renderEmpty(
      'No environment exists yet: create one with `overseer environment create production`, then record each deployment with `overseer record-deployment`.',
    );
  if (view.shown > 0) return renderMatrix(view);
  const where = view.environments.length === 1 ? `in ${view.environments[0]}` : 'in any environment';
  const env = view.environments.length === 1 ? view.environments[0] : 'ENV';
  return renderEmpty(`Nothing is deployed ${where} yet: record a deployment with \`overseer record-deployment --service S --version V --env ${env}\`.`);
}

function renderMatrix(view: EnvironmentsView): SafeHtml {
  const rows = view.rows.map((r) => html`<tr><th scope="row">${renderServiceLink(r.service)}</th>${r.cells.map((c) => html`<td>${renderCell(c)}</td>`)}</tr>`);
  return html`<table class="matrix">
<thead><tr><th scope="col">Service</th>${view.environments.map((e) => html`<th scope="col">${e}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>
${renderPager({ ...view, pageSize: ROWS_PER_PAGE, shown: view.rows.length, total: view.shown }, (page) => environmentsUrl({ page: page === 1 ? undefined : page }))}
${view.hidden > 0 ? html`<p class="muted">${view.hidden === 1 ? '1 service deployed nowhere is' : `${view.hidden} services deployed nowhere are`} not shown.</p>` : ''}`;
}

function renderCell(cell: MatrixCell): SafeHtml {
  const lead = cell.version !== undefined ? html`<code>${cell.version}</code>${renderLive(cell.live)}` : html`<span class="muted">—</span>`;
  const others = (cell.others ?? []).map((o) => html`<br><code>${o.version}</code>${renderLive(o.live)}`);
  const version = html`${lead}${others}`;
  if (!cell.refused) return version;
  const r = cell.refused;
  return html`${version}<a class="cell-refused" href="${r.href}" title="${r.messages.join(' / ')}">${renderBadge('refused', 'refused')} <code>${r.version}</code>: ${r.codes.join(', ')}</a>`;
}

function renderLive(live: LiveKind | undefined): SafeHtml {
  return live === undefined || live === 'deployed' ? html`` : html` <span class="muted">${live}</span>`;
}

function renderRefusals(refusals: readonly RefusalView[]): SafeHtml {
  const items = refusals.map(
    (
      r,
    ) => html`<li class="reason"><a href="${r.href}"><strong>${r.service} <code>${r.version}</code> to ${r.environment}</strong> — refused (verdict #${r.id})</a>
<span class="muted"> ${renderTime(r.lastAskedAt)}${r.count > 1 ? ` (asked ${r.count} times)` : ''}</span>
<ul>${r.messages.map((m) => html`<li>${m}</li>`)}</ul></li>`,
  );
  return html`<ul class="plain">${items}</ul>`;
}
