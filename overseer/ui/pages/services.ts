// `/`: every service with its owners, its latest version on each branch and what runs in each environment.

import type { DeploymentRecord, ServiceRecord, VersionRecord } from '../../store/store.js';
import { compareNames, groupBy } from '../group.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderEmpty, renderList } from '../parts.js';
import { servicesUrl, serviceUrl } from '../urls.js';

export interface ServicesData {
  services: ServiceRecord[];
  /** Every version of every service, each service's oldest first. */
  versions: VersionRecord[];
  environments: string[];
  /** The current deployments of every environment. */
  deployments: DeploymentRecord[];
  /** A filter on name and owners, as typed. */
  query?: string;
}

export interface BranchHead {
  /** '' for versions published without a branch. */
  branch: string;
  version: string;
}

export interface ServiceRowView {
  name: string;
  href: string;
  owners: string[];
  heads: BranchHead[];
  /** Branches left out of `heads` to keep the row short; the service page lists them all. */
  moreBranches: number;
  /** The version deployed in each environment of the view, in its order. */
  deployed: (string | undefined)[];
}

export interface ServicesView {
  query: string;
  environments: string[];
  total: number;
  rows: ServiceRowView[];
}

const SHOWN_BRANCHES = 4;
const MAIN_BRANCHES = ['main', 'master', 'trunk'];

/** The latest version on each branch, main branches first; versions must be oldest first. */
export function findBranchHeads(versions: readonly VersionRecord[]): BranchHead[] {
  const heads = new Map<string, string>();
  for (const v of versions) for (const branch of v.branches.length > 0 ? v.branches : ['']) heads.set(branch, v.version);
  const rank = (b: string) => (MAIN_BRANCHES.includes(b) ? MAIN_BRANCHES.indexOf(b) : b === '' ? MAIN_BRANCHES.length + 1 : MAIN_BRANCHES.length);
  return [...heads].map(([branch, version]) => ({ branch, version })).sort((a, b) => rank(a.branch) - rank(b.branch) || compareNames(a.branch, b.branch));
}

export function buildServicesView(data: ServicesData): ServicesView {
  const query = (data.query ?? '').trim();
  const needle = query.toLowerCase();
  const versionsOf = groupBy(data.versions, (v) => v.service);
  const deployedAt = new Map(data.deployments.map((d) => [`${d.service}\u0000${d.environment}`, d.version]));
  const matches = (s: ServiceRecord) => needle === '' || s.name.includes(needle) || s.owners.some((o) => o.toLowerCase().includes(needle));
  const rows = data.services.filter(matches).map((s): ServiceRowView => {
    const heads = findBranchHeads(versionsOf.get(s.name) ?? []);
    return {
      name: s.name,
      href: serviceUrl(s.name),
      owners: s.owners,
      heads: heads.slice(0, SHOWN_BRANCHES),
      moreBranches: Math.max(0, heads.length - SHOWN_BRANCHES),
      deployed: data.environments.map((e) => deployedAt.get(`${s.name}\u0000${e}`)),
    };
  });
  return { query, environments: data.environments, total: data.services.length, rows };
}

export function renderServicesPage(view: ServicesView): string {
  const body = html`
<h1>Services</h1>
<p class="lead">${describeCount(view)} Each row shows the latest version on each branch and the version running in each environment.</p>
<form class="filters" method="get" action="${servicesUrl()}" role="search">
<label>Filter by name or owner <input type="search" name="q" value="${view.query}"></label>
<button type="submit">Filter</button>
${view.query !== '' ? html`<a href="${servicesUrl()}">Clear filter</a>` : ''}
</form>
${view.rows.length === 0 ? renderEmpty(view.total === 0 ? 'No service is registered yet: publish one with `overseer publish`.' : 'No service matches this filter.') : renderTable(view)}`;
  return renderPage({ title: 'Services', nav: 'services', body });
}

function describeCount(view: ServicesView): string {
  const noun = view.total === 1 ? 'service' : 'services';
  return view.query === '' ? `${view.total} ${noun}.` : `${view.rows.length} of ${view.total} ${noun} match “${view.query}”.`;
}

function renderTable(view: ServicesView): SafeHtml {
  const envHeads = view.environments.map((e) => html`<th scope="col">${e}</th>`);
  const rows = view.rows.map(
    (row) => html`<tr>
<th scope="row"><a href="${row.href}">${row.name}</a></th>
<td>${renderList(row.owners)}</td>
<td>${renderHeads(row)}</td>
${row.deployed.map((v) => html`<td>${v === undefined ? html`<span class="muted">—</span>` : html`<code>${v}</code>`}</td>`)}
</tr>`,
  );
  return html`<table class="services">
<thead><tr><th scope="col">Service</th><th scope="col">Owners</th><th scope="col">Latest by branch</th>${envHeads}</tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function renderHeads(row: ServiceRowView): SafeHtml {
  if (row.heads.length === 0) return html`<span class="muted">no version</span>`;
  const items = row.heads.map((h) => html`<li>${h.branch === '' ? html`<span class="muted">no branch</span>` : h.branch}: <code>${h.version}</code></li>`);
  const more = row.moreBranches > 0 ? html`<li><a href="${row.href}">${row.moreBranches} more branches</a></li>` : '';
  return html`<ul class="plain">${items}${more}</ul>`;
}
