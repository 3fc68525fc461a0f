// `/graph`: who uses whom, in one environment or across the latest versions, with what a change breaks.

import type { Summary } from '../../../contracts/index.js';
import { compareNames } from '../compare-names.js';
import { AGGREGATE_ABOVE, MAX_EVERY_SERVICE } from '../gather-graph.js';
import { buildGraphModel, type GraphEdgeInput, type GraphModel } from '../graph-model.js';
import { MAX_DRAWN, OTHER_OWNERS } from '../graph-neighbourhood.js';
import { renderGraphSvg } from '../graph-svg.js';
import { html, joinHtml, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderEmpty, renderServiceLink } from '../parts.js';
import { graphUrl, servicesUrl, serviceUrl } from '../urls.js';

export interface GraphChange {
  service: string;
  from: string;
  to: string;
  broken: string[];
  /** Consumers whose every break the newer version's waivers accept: not drawn broken, named apart. */
  waived: string[];
  summary: Summary;
}

export interface GraphData {
  environment?: string;
  environments: string[];
  /** Every registered service, for the picker. */
  serviceNames: string[];
  /** The services in scope: deployed in the environment, or every service. */
  services: string[];
  /** Who uses whom in scope's counted versions; with how many operations where the graph labels it. */
  edges: GraphEdgeInput[];
  versions?: ReadonlyMap<string, string>;
  /** The `service` asked for: the graph keeps its neighbourhood. */
  focus?: string;
  /** How many uses away from `focus` the graph reaches. */
  hops?: number;
  /** Draw owners, not services. */
  byOwner?: boolean;
  /** `by=service` was asked: the form keeps it, as it keeps the other filters. */
  everyService?: boolean;
  /** Each service's first owner: the boxes when drawn by owner, and the groups of a neighbourhood too large to draw. */
  ownerOf?: ReadonlyMap<string, string>;
  /** Around `focus`: the services within `hops` along `edges`, nearest first (the gather step walked them already). */
  reach?: string[];
  /** Services whose names contain the `service` typed, when no service has that name. */
  matches?: string[];
  from?: string;
  to?: string;
  change?: GraphChange;
  /** Why the change asked for could not be shown. */
  problem?: string;
}

interface GraphView extends Omit<GraphData, 'edges' | 'versions' | 'services' | 'serviceNames' | 'ownerOf' | 'byOwner' | 'reach'> {
  byOwner: boolean;
  /** How many services there are, when that many made the graph draw owners without being asked. */
  drawnByOwnerFor?: number;
  model: GraphModel;
  title: string;
  /** What an empty drawing says: the next step on a registry or an environment with nothing in it. */
  nothingDrawn: string;
}

const ISOLATED_SHOWN = 100;
// Small graphs show their edge table open; large ones keep the page short, and the largest leave the
// table to the service pages (each lists its consumers and providers) so the page stays fast.
const OPEN_TABLE_EDGES = 40;
const MAX_TABLE_EDGES = 300;

export function buildGraphView(data: GraphData): GraphView {
  const { edges, versions, services, serviceNames: _names, ownerOf, byOwner: _byOwner, reach, ...rest } = data;
  if (data.byOwner && ownerOf) {
    const model = buildGraphModel({
      ...aggregateByOwner(services, edges, ownerOf),
      hrefOf: (owner) => servicesUrl(owner === OTHER_OWNERS ? {} : { q: owner }),
    });
    const scope = data.environment !== undefined ? `deployed in ${data.environment}` : 'latest versions';
    return {
      ...rest,
      byOwner: true,
      ...(data.serviceNames.length > AGGREGATE_ABOVE && !data.everyService && { drawnByOwnerFor: data.serviceNames.length }),
      model,
      title: `Dependency graph by owner, ${scope}: ${count(model.nodes.length, 'owner')}, ${count(model.edges.length, 'link')}`,
      nothingDrawn: describeNothingDrawn(data),
    };
  }
  const model = buildGraphModel({
    services,
    edges,
    ...(versions && { versions }),
    ...(data.focus !== undefined && { focus: data.focus }),
    ...(data.hops !== undefined && { hops: data.hops }),
    ...(data.change && { change: { service: data.change.service, broken: data.change.broken } }),
    ...(ownerOf && { ownerOf }),
    ...(reach && { reach }),
  });
  const scope = data.environment !== undefined ? `deployed in ${data.environment}` : 'latest versions';
  const title = `Dependency graph, ${scope}: ${count(model.nodes.length, 'service')}, ${count(model.edges.length, 'use')}`;
  return { ...rest, byOwner: false, model, title, nothingDrawn: describeNothingDrawn(data) };
}

/** `1 use`, `2 uses`: the graph's title is read aloud to screen readers, where "1 uses" stands out. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// "No service uses another" read as a finding on a registry that holds nothing yet: say the step that fills it.
function describeNothingDrawn(data: GraphData): string {
  if (data.serviceNames.length === 0) return 'No service is registered yet: publish one with `overseer publish`.';
  return 'No service in this scope uses another.';
}

/** Owners as nodes (the smallest sharing one past MAX_OWNER_BOXES); a link counts the uses from one owner's services to another's. */
function aggregateByOwner(services: readonly string[], edges: readonly GraphEdgeInput[], allOwners: ReadonlyMap<string, string>) {
  const ownerOf = capOwners(services, allOwners);
  // Owners by number: 25,000 edges are counted without building a key string each.
  const owners = [...new Set(services.map((s) => ownerOf.get(s)!))];
  const indexOfOwner = new Map(owners.map((o, i) => [o, i]));
  const ownerIndex = new Map(services.map((s) => [s, indexOfOwner.get(ownerOf.get(s)!)!]));
  const counts = new Map<number, { from: string; to: string; count: number }>();
  for (const e of edges) {
    const from = ownerIndex.get(e.from);
    const to = ownerIndex.get(e.to);
    if (from === undefined || to === undefined) continue;
    const key = from * owners.length + to;
    const link = counts.get(key);
    if (link) link.count++;
    else counts.set(key, { from: owners[from], to: owners[to], count: 1 });
  }
  return { services: owners, edges: [], links: [...counts.values()] };
}

// Boxes and links grow with owners squared: an organisation of a thousand teams must still fit in a page.
const MAX_OWNER_BOXES = 50;

function capOwners(services: readonly string[], ownerOf: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const sizes = new Map<string, number>();
  for (const s of services) sizes.set(ownerOf.get(s)!, (sizes.get(ownerOf.get(s)!) ?? 0) + 1);
  if (sizes.size <= MAX_OWNER_BOXES) return ownerOf;
  const kept = new Set(
    [...sizes]
      .sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]))
      .slice(0, MAX_OWNER_BOXES - 1)
      .map(([owner]) => owner),
  );
  return new Map(services.map((s) => [s, kept.has(ownerOf.get(s)!) ? ownerOf.get(s)! : OTHER_OWNERS]));
}

export function renderGraphPage(view: GraphView): string {
  const scope = view.environment !== undefined ? html`what runs in <strong>${view.environment}</strong>` : html`the latest version of every service`;
  const body = html`
<h1>Dependency graph</h1>
<p class="lead">${describeLead(view)} Showing ${scope}${view.focus ? html`, within ${view.hops ?? 1} ${view.hops === 1 || view.hops === undefined ? 'use' : 'uses'} of ${renderServiceLink(view.focus)}` : ''}.</p>
${renderFilters(view)}
${view.problem ? html`<p class="notice bad" role="alert">${view.problem}</p>` : ''}
${renderMatches(view.matches)}
${renderGrouped(view)}
${view.change ? renderChange(view.change, view.environment) : ''}
${view.model.nodes.length === 0 ? renderEmpty(view.nothingDrawn) : html`<div class="graph-wrap">${renderGraphSvg(view.model, view.title)}</div>`}
${renderIsolated(view.model.isolated)}
${view.model.edges.length > 0 ? renderEdgeTable(view.model, view.byOwner) : ''}`;
  return renderPage({ title: 'Dependency graph', nav: 'graph', body });
}

function describeLead(view: GraphView): SafeHtml {
  if (view.byOwner) {
    // Drawn by owner unasked, the page says why: the Draw picker still reads "services", which the visitor may have chosen.
    const why = view.drawnByOwnerFor ? html`${view.drawnByOwnerFor} services are more than ${AGGREGATE_ABOVE} to draw one by one, so each box` : html`Each box`;
    return html`${why} is an owner (a service's first owner); an arrow counts the uses from one owner's services to another's. Search a service to see its neighbourhood.`;
  }
  return html`Arrows point from a consumer to the provider it uses; each is labelled with how many operations it uses.`;
}

function renderMatches(matches: string[] | undefined): SafeHtml {
  if (matches === undefined) return html``;
  if (matches.length === 0) return renderEmpty('No service name contains that text.');
  const links = matches.map((m) => html`<li><a href="${graphUrl({ service: m })}">${m}</a></li>`);
  return html`<ul class="matches">${links}</ul>`;
}

function renderFilters(view: GraphView): SafeHtml {
  const envOptions = view.environments.map((e) => html`<option value="${e}"${e === view.environment ? html` selected` : ''}>${e}</option>`);
  const hopOptions = [1, 2, 3, 4, 5].map((n) => html`<option value="${n}"${n === (view.hops ?? 1) ? html` selected` : ''}>${n}</option>`);
  return html`<form class="filters" method="get" action="${graphUrl()}">
<label>Environment <select name="environment"><option value="">latest versions</option>${envOptions}</select></label>
<label>Service (name or part of it) <input type="search" name="service" value="${view.focus ?? ''}" size="18" placeholder="every service"></label>
<label>Hops around it <select name="hops">${hopOptions}</select></label>
<label>Draw <select name="by"><option value="">services (by owner over ${AGGREGATE_ABOVE} services)</option><option value="owner"${view.byOwner && !view.focus ? html` selected` : ''}>owners</option><option value="service"${view.everyService ? html` selected` : ''}>every service (up to ${MAX_EVERY_SERVICE})</option></select></label>
<label>Change from version <input name="from" value="${view.from ?? ''}" size="12" placeholder="deployed"></label>
<label>to version <input name="to" value="${view.to ?? ''}" size="12"></label>
<button type="submit">Show</button>
</form>`;
}

function renderChange(change: GraphChange, environment: string | undefined): SafeHtml {
  const count = change.summary.breaking + change.summary.warning + change.summary.info;
  const diffLink = html`<a href="${serviceUrl(change.service, { from: change.from, to: change.to })}#diff">${count === 1 ? 'the change' : `the ${count} changes`}</a>`;
  const what = html`${renderServiceLink(change.service)} <code>${change.from}</code> → <code>${change.to}</code>`;
  const links = (names: readonly string[]) =>
    joinHtml(
      names.map((n) => renderServiceLink(n)),
      ', ',
    );
  // The gate lets the version through for a consumer whose break its waivers accept: red would say it refuses.
  const waived = change.waived.length > 0 ? html` Its waivers accept the break of ${links(change.waived)}, not highlighted.` : '';
  if (change.broken.length === 0) {
    const where = environment !== undefined ? html`in ${environment}` : 'among the latest versions';
    const unaccepted = change.waived.length > 0 ? ' that its waivers do not accept' : '';
    return html`<p class="notice ok" role="status">${what} breaks no consumer ${where}${unaccepted}: see ${diffLink}.${waived}</p>`;
  }
  const noun = change.broken.length === 1 ? 'consumer' : 'consumers';
  return html`<p class="notice bad" role="status">${what} breaks ${change.broken.length} ${noun}, highlighted in red: ${links(change.broken)}. See ${diffLink}.${waived}</p>`;
}

function renderGrouped(view: GraphView): SafeHtml {
  const { reached, groups } = view.model;
  if (reached === undefined || !groups || view.focus === undefined) return html``;
  const grouped = reached - MAX_DRAWN;
  return html`<p class="notice" role="status">${reached} services are within ${view.hops ?? 1} ${view.hops === 1 || view.hops === undefined ? 'use' : 'uses'} of ${renderServiceLink(view.focus)}: too many to draw. The ${MAX_DRAWN} nearest are drawn one by one; the other ${grouped} are grouped by owner into ${groups.length} dashed ${groups.length === 1 ? 'box' : 'boxes'}, each linking to its services. Pick one of them, or fewer hops, to see its own neighbourhood.</p>`;
}

function renderIsolated(isolated: string[]): SafeHtml {
  if (isolated.length === 0) return html``;
  const shown = isolated.slice(0, ISOLATED_SHOWN).map((n) => renderServiceLink(n));
  const more = isolated.length > ISOLATED_SHOWN ? ` and ${isolated.length - ISOLATED_SHOWN} more` : '';
  return html`<p><strong>Not connected</strong> (${isolated.length}): ${joinHtml(shown, ', ')}${more}.</p>`;
}

function renderEdgeTable(model: GraphModel, byOwner: boolean): SafeHtml {
  if (model.edges.length > MAX_TABLE_EDGES) {
    return html`<p class="muted">${model.edges.length} uses are drawn. Pick a service above to list its uses as a table, or open its page.</p>`;
  }
  // By owner, a row is a link between two teams, labelled with a count of uses: a service's words would misname both.
  const n = model.edges.length;
  const [rowsAre, from, to, label] = byOwner
    ? [`${n === 1 ? 'link' : 'links'} between owners`, 'Owner of the consumers', 'Owner of the providers', 'Uses']
    : [n === 1 ? 'use' : 'uses', 'Consumer', 'Provider', 'Operations used'];
  const groups = new Map(model.nodes.filter((n) => n.group).map((n) => [n.name, n]));
  // A grouped end links to its services as its box does.
  const end = (name: string) => {
    const group = groups.get(name);
    return group ? html`<a href="${group.href}">${group.group!.services} services of ${group.group!.owner}</a>` : renderServiceLink(name);
  };
  const rows = model.edges.map(
    (e) =>
      html`<tr${e.broken ? html` class="broken"` : ''}><td>${end(e.from)}</td><td>${end(e.to)}</td><td>${e.label}</td><td>${e.broken ? html`<span class="badge breaking">broken</span>` : ''}</td></tr>`,
  );
  return html`<details${model.edges.length <= OPEN_TABLE_EDGES ? html` open` : ''}>
<summary>The same graph as a table (${n} ${rowsAre})</summary>
<table><thead><tr><th scope="col">${from}</th><th scope="col">${to}</th><th scope="col">${label}</th><th scope="col">Change</th></tr></thead>
<tbody>${rows}</tbody></table>
</details>`;
}
