// `/`: the services, a page at a time, with their owners, latest version on each branch, what runs in each
// environment, and what blocks them: the gate's last no per environment and breaking changes waiting on main.

import { groupBy } from '../../group-by.js';
import type { DeploymentRecord, ServiceRecord, VersionRecord } from '../../store/store.js';
import type { Refusal, WaitingChange } from '../blocked.js';
import { compareNames } from '../compare-names.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderEmpty, renderList, renderPager } from '../parts.js';
import { servicesUrl, serviceUrl, verdictUrl } from '../urls.js';

export interface ServicesData {
  /** The page's services (the store filters and pages them). */
  services: ServiceRecord[];
  /** Every registered service. */
  total: number;
  /** Services that pass the filters, on every page. */
  matching: number;
  /** 1-based, within the pages there are; pages hold `PAGE_SIZE` rows. */
  page: number;
  /** Every version of the page's services, each service's oldest first. */
  versions: VersionRecord[];
  environments: string[];
  /** The current deployments of the page's services in every environment. */
  deployments: DeploymentRecord[];
  /** The filter on name and owners the store applied. */
  query?: string;
  /** Only services the gate refused (the store kept only those). */
  blockedOnly?: boolean;
  /** The gate's latest answer per service and environment, where it refused. */
  refusals?: Refusal[];
  /** Breaking changes on the main branch not deployed yet, per service shown. */
  waiting?: Record<string, WaitingChange[]>;
}

interface BranchHead {
  /** '' for versions published without a branch. */
  branch: string;
  version: string;
}

interface ServiceRowView {
  name: string;
  href: string;
  owners: string[];
  heads: BranchHead[];
  /** Branches left out of `heads` to keep the row short; the service page lists them all. */
  moreBranches: number;
  /** The version deployed in each environment of the view, in its order. */
  deployed: (string | undefined)[];
  refusals: Array<Refusal & { href: string }>;
  waiting: Array<WaitingChange & { href: string }>;
}

interface ServicesView {
  query: string;
  environments: string[];
  total: number;
  /** Services that pass the filters, on every page. */
  matching: number;
  page: number;
  pages: number;
  blockedOnly: boolean;
  rows: ServiceRowView[];
}

export interface ServicesQuery {
  query?: string;
  page?: number;
  blockedOnly?: boolean;
}

/** Rows per page: a page of a 5,000-service registry stays small and quick to build. */
export const PAGE_SIZE = 50;

const SHOWN_BRANCHES = 4;
export const MAIN_BRANCHES = ['main', 'master', 'trunk'];

/** The latest version on each branch, main branches first; versions must be oldest first. */
export function findBranchHeads(versions: readonly VersionRecord[]): BranchHead[] {
  const heads = new Map<string, string>();
  for (const v of versions) for (const branch of v.branches.length > 0 ? v.branches : ['']) heads.set(branch, v.version);
  const rank = (b: string) => (MAIN_BRANCHES.includes(b) ? MAIN_BRANCHES.indexOf(b) : b === '' ? MAIN_BRANCHES.length + 1 : MAIN_BRANCHES.length);
  return [...heads].map(([branch, version]) => ({ branch, version })).sort((a, b) => rank(a.branch) - rank(b.branch) || compareNames(a.branch, b.branch));
}

export function buildServicesView(data: ServicesData): ServicesView {
  const query = (data.query ?? '').trim();
  const blockedOnly = data.blockedOnly === true;
  const versionsOf = groupBy(data.versions, (v) => v.service);
  const deployedAt = new Map(data.deployments.map((d) => [`${d.service}\u0000${d.environment}`, d.version]));
  const refusalsOf = groupBy(data.refusals ?? [], (r) => r.service);
  const rows = data.services.map((s): ServiceRowView => {
    const heads = findBranchHeads(versionsOf.get(s.name) ?? []);
    return {
      name: s.name,
      href: serviceUrl(s.name),
      owners: s.owners,
      heads: heads.slice(0, SHOWN_BRANCHES),
      moreBranches: Math.max(0, heads.length - SHOWN_BRANCHES),
      deployed: data.environments.map((e) => deployedAt.get(`${s.name}\u0000${e}`)),
      refusals: (refusalsOf.get(s.name) ?? []).map((r) => ({ ...r, href: verdictUrl(r.verdictId) })),
      waiting: (data.waiting?.[s.name] ?? []).map((w) => ({
        ...w,
        href: `${serviceUrl(s.name, { environment: w.environment, from: w.deployed, to: w.head })}#diff`,
      })),
    };
  });
  const { total, matching, page } = data;
  return { query, environments: data.environments, total, matching, page, pages: Math.max(1, Math.ceil(matching / PAGE_SIZE)), blockedOnly, rows };
}

export function renderServicesPage(view: ServicesView): string {
  const body = html`
<h1>Services</h1>
<p class="lead">${describeCount(view)} Each row shows the latest version on each branch and the version running in each environment.</p>
<form class="filters" method="get" action="${servicesUrl()}" role="search">
<label>Filter by name or owner <input type="search" name="q" value="${view.query}"></label>
<label class="check"><input type="checkbox" name="blocked" value="1"${view.blockedOnly ? html` checked` : ''}> Only what is blocked</label>
<button type="submit">Filter</button>
${view.query !== '' || view.blockedOnly ? html`<a href="${servicesUrl()}">Clear filter</a>` : ''}
</form>
${view.rows.length === 0 ? renderEmpty(view.total === 0 ? 'No service is registered yet: publish one with `overseer publish`.' : 'No service matches this filter.') : html`${renderTable(view)}${renderPager({ ...view, pageSize: PAGE_SIZE, shown: view.rows.length, total: view.matching }, (page) => servicesUrl({ q: view.query, blocked: view.blockedOnly ? '1' : undefined, page: page === 1 ? undefined : page }))}`}`;
  return renderPage({ title: 'Services', nav: 'services', body });
}

function describeCount(view: ServicesView): string {
  const noun = view.total === 1 ? 'service' : 'services';
  if (view.query === '' && !view.blockedOnly) return `${view.total} ${noun}.`;
  const what = [view.query !== '' ? `match “${view.query}”` : '', view.blockedOnly ? 'are blocked' : ''].filter((w) => w !== '').join(' and ');
  return `${view.matching} of ${view.total} ${noun} ${what}.`;
}

function renderBlocked(row: ServiceRowView): SafeHtml {
  if (row.refusals.length === 0 && row.waiting.length === 0) return html`<span class="muted">nothing</span>`;
  const refused = row.refusals.map(
    (r) => html`<li><a href="${r.href}"><span class="badge breaking">refused</span> <code>${r.version}</code> to ${r.environment}</a></li>`,
  );
  const waiting = row.waiting.map(
    (w) =>
      html`<li><a href="${w.href}">main <code>${w.head}</code>: ${w.breaking} ${w.breaking === 1 ? 'change breaks' : 'changes break'} consumers in ${w.environment} (runs <code>${w.deployed}</code>)</a></li>`,
  );
  return html`<ul class="plain blocked">${refused}${waiting}</ul>`;
}

function renderTable(view: ServicesView): SafeHtml {
  const envHeads = view.environments.map((e) => html`<th scope="col">${e}</th>`);
  const rows = view.rows.map(
    (row) => html`<tr>
<th scope="row"><a href="${row.href}">${row.name}</a></th>
<td>${renderList(row.owners)}</td>
<td>${renderHeads(row)}</td>
<td>${renderBlocked(row)}</td>
${row.deployed.map((v) => html`<td>${v === undefined ? html`<span class="muted">—</span>` : html`<code>${v}</code>`}</td>`)}
</tr>`,
  );
  return html`<table class="services">
<thead><tr><th scope="col">Service</th><th scope="col">Owners</th><th scope="col">Latest by branch</th><th scope="col">Blocked</th>${envHeads}</tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function renderHeads(row: ServiceRowView): SafeHtml {
  if (row.heads.length === 0) return html`<span class="muted">no version</span>`;
  const items = row.heads.map((h) => html`<li>${h.branch === '' ? html`<span class="muted">no branch</span>` : h.branch}: <code>${h.version}</code></li>`);
  const more = row.moreBranches > 0 ? html`<li><a href="${row.href}">${row.moreBranches} more branches</a></li>` : '';
  return html`<ul class="plain">${items}${more}</ul>`;
}
