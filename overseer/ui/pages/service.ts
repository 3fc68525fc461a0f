// `/services/{name}`: one service's versions, where each runs, who uses it and how, what it uses,
// deprecated parts still in use, recent gate verdicts, and the diff between any two versions.

import { type Declaration, decisionOf, type ObservedCall, type UsagePolicy } from '../../../contracts/index.js';
import type { OperationName } from '../../operation-labeller.js';
import type { ConsumerUse, DeploymentRecord, ServiceRecord, VerdictRecord, VersionRecord } from '../../store/store.js';
import type { DeprecatedUse } from '../deprecated.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderDecisionBadge, renderEmpty, renderList, renderPager, renderTime } from '../parts.js';
import { graphUrl, migrationsUrl, serviceUrl, verdictUrl } from '../urls.js';
import { markObserved, markUncounted } from '../usage-marks.js';
import { type DiffFormView, renderDiffSection, type ServiceDiff } from './service-diff.js';
import { describeConsumers, describeProviders, renderDeprecated, renderUsages, type UsageView } from './service-usage.js';

/** Consumers listed on one page: a hub's thousands would make a page of megabytes, written on the event loop. */
export const CONSUMERS_PER_PAGE = 100;
/** Versions listed on one page, for the same reason: a service published from every commit has thousands. */
export const VERSIONS_PER_PAGE = 100;

export interface ServicePageData {
  service: ServiceRecord;
  /** The page's versions (VERSIONS_PER_PAGE at most), oldest first. */
  versions: VersionRecord[];
  /** Every version of the service, listed or not. */
  versionCount: number;
  /** Page 1 holds the newest versions. */
  versionPage: { page: number; pages: number };
  /** The version just older than the page's oldest: the diff its row links to starts there. */
  versionBefore?: string;
  /** The service's current deployment in each environment where it runs. */
  deployments: DeploymentRecord[];
  environments: string[];
  /** Scope of consumers, providers and deprecations: the versions deployed there, or (absent) the latest. */
  environment?: string;
  /** The version of this service the providers and deprecations are read from. */
  subject?: string;
  /** The page of consumers listed (CONSUMERS_PER_PAGE of them at most). */
  consumers: ConsumerUse[];
  /** Every consumer in scope, listed or not. */
  consumerCount: number;
  consumerPage: { page: number; pages: number };
  providers: Declaration[];
  /** Undefined when the subject version has no contract. */
  deprecated?: DeprecatedUse[];
  verdicts: VerdictRecord[];
  diff?: ServiceDiff;
  /** The consumers' operation references as the subject's contract names them; absent when it could not be read. */
  operationNames?: Record<string, OperationName>;
  /** Why the page does not show the scope asked for (an environment never deployed to, or where it does not run). */
  notice?: string;
  /** Per provider, the subject's operation references as the provider's contract names them. */
  providerNames?: Record<string, Record<string, OperationName>>;
  /**
   * Calls seen in traces within the window, in scope: of this service by the consumers of the page (asProvider), and
   * by it (asConsumer); `observedOnly` counts the consumers seen that declare no use in scope, paged after the declared ones.
   */
  observed?: { asProvider: ObservedCall[]; asConsumer: ObservedCall[]; observedOnly: number; policy: UsagePolicy };
  /** Callers on the page seen in traces that no service is registered as, each with the name probably meant (or null). */
  unregistered?: Record<string, string | null>;
  /** Providers it declares or was seen calling that no service is named, each with the name probably meant (or null). */
  unregisteredProviders?: Record<string, string | null>;
}

interface VersionRowView {
  version: string;
  branches: string[];
  commit?: string;
  publisher?: string;
  contract?: string;
  publishedAt: string;
  deployedIn: string[];
  /** The diff with the version before it. */
  diffHref?: string;
}

interface ServicePageView {
  service: ServiceRecord;
  environment?: string;
  environments: string[];
  subject?: string;
  versions: VersionRowView[];
  versionCount: number;
  versionPage: { page: number; pages: number };
  deployments: DeploymentRecord[];
  consumers: UsageView[];
  /** Every consumer listed on some page: declared in scope, and seen in traces only (`observedOnlyConsumers` of them). */
  consumerCount: number;
  observedOnlyConsumers: number;
  consumerPage: { page: number; pages: number };
  providers: UsageView[];
  deprecated?: DeprecatedUse[];
  verdicts: VerdictRecord[];
  form: DiffFormView;
  diff?: ServiceDiff;
  notice?: string;
}

export function buildServicePageView(data: ServicePageData): ServicePageView {
  const name = data.service.name;
  const deployedIn = (version: string) => data.deployments.filter((d) => d.version === version).map((d) => d.environment);
  const before = (i: number) => (i > 0 ? data.versions[i - 1].version : data.versionBefore);
  const versions = data.versions
    .map(
      (v, i): VersionRowView => ({
        version: v.version,
        branches: v.branches,
        ...(v.commit !== undefined && { commit: v.commit }),
        ...(v.publisher !== undefined && { publisher: v.publisher }),
        ...(v.contractHash !== null && { contract: v.contractHash.slice(0, 12) }),
        publishedAt: v.createdAt,
        deployedIn: deployedIn(v.version),
        ...(before(i) !== undefined && { diffHref: `${serviceUrl(name, { from: before(i), to: v.version })}#diff` }),
      }),
    )
    .reverse();
  return {
    service: data.service,
    ...(data.environment !== undefined && { environment: data.environment }),
    environments: data.environments,
    ...(data.subject !== undefined && { subject: data.subject }),
    versions,
    versionCount: data.versionCount,
    versionPage: data.versionPage,
    deployments: data.deployments,
    consumers: markUnregistered(
      markCalls(describeConsumers(data.consumers, data.operationNames, contractOf(data)), data.observed?.asProvider, 'consumer', data),
      data.unregistered,
    ),
    consumerCount: data.consumerCount + (data.observed?.observedOnly ?? 0),
    observedOnlyConsumers: data.observed?.observedOnly ?? 0,
    consumerPage: data.consumerPage,
    providers: markUnregistered(
      markCalls(describeProviders(data.providers, data.providerNames), data.observed?.asConsumer, 'provider', data),
      data.unregisteredProviders,
    ),
    ...(data.deprecated && { deprecated: data.deprecated }),
    verdicts: data.verdicts,
    form: {
      service: name,
      versions: pickable(versions, data),
      ...(data.environment !== undefined && { environment: data.environment }),
      ...(data.diff && { from: data.diff.from, to: data.diff.to }),
    },
    ...(data.diff && { diff: data.diff }),
    ...(data.notice !== undefined && { notice: data.notice }),
  };
}

// The contract the consumers' uses were named from: a use it does not name is one the gate refuses (operation-missing).
function contractOf(data: ServicePageData): string | undefined {
  return data.operationNames !== undefined && data.subject !== undefined ? `${data.service.name} ${data.subject}` : undefined;
}

function markCalls(views: UsageView[], calls: ObservedCall[] | undefined, side: 'consumer' | 'provider', data: ServicePageData): UsageView[] {
  return markUncounted(markObserved(views, calls, side), data.observed?.policy);
}

/** The pickers offer the page's versions and the one before it, and the pair compared wherever it is in the list. */
function pickable(rows: readonly VersionRowView[], data: ServicePageData): string[] {
  const names = [...rows.map((v) => v.version), ...(data.versionBefore !== undefined ? [data.versionBefore] : [])];
  const asked = [data.diff?.to, data.diff?.from].filter((v): v is string => v !== undefined && !names.includes(v));
  return [...new Set(asked), ...names];
}

function markUnregistered(views: UsageView[], unregistered: Record<string, string | null> | undefined): UsageView[] {
  if (unregistered === undefined) return views;
  return views.map((v) => (v.service in unregistered ? { ...v, unregistered: { guess: unregistered[v.service] } } : v));
}

export function renderServicePage(view: ServicePageView): string {
  const s = view.service;
  const scope = view.environment !== undefined ? `deployed in ${view.environment}` : 'latest versions';
  const body = html`
<h1>${s.name}</h1>
<dl class="facts">
<dt>Owners</dt><dd>${renderList(s.owners)}</dd>
${s.slack ? html`<dt>Slack</dt><dd>${s.slack}</dd>` : ''}
${s.repository ? html`<dt>Repository</dt><dd>${s.repository}</dd>` : ''}
<dt>Deployed</dt><dd>${renderList(
    view.deployments.map((d) => html`${d.environment}: <code>${d.version}</code>`),
    'nowhere',
  )}</dd>
<dt>Graph</dt><dd><a href="${graphUrl({ service: s.name, ...(view.environment !== undefined && { environment: view.environment }) })}">${s.name} and its neighbours</a></dd>
<dt>Migrations</dt><dd><a href="${migrationsUrl(s.name, view.environment !== undefined ? { environment: view.environment } : {})}">deprecated parts, who still uses them, what is ready to remove</a></dd>
</dl>
${renderScopeForm(view)}
${view.notice ? html`<p class="notice bad" role="alert">${view.notice}</p>` : ''}
<h2 id="consumers">Consumers (${view.consumerCount}, ${scope}${describeObservedOnly(view.observedOnlyConsumers)})</h2>
${renderUsages(view.consumers, 'consumer', `No consumer declares use of ${s.name} (${scope}).`)}
${renderPager(
  { ...view.consumerPage, pageSize: CONSUMERS_PER_PAGE, shown: view.consumers.length, total: view.consumerCount },
  (page) => `${serviceUrl(s.name, { environment: view.environment, page: page === 1 ? undefined : page })}#consumers`,
  'Pages of consumers',
)}
<h2 id="providers">Providers${view.subject !== undefined ? html` of version <code>${view.subject}</code>` : ''} (${view.providers.length}${describeObservedOnly(view.providers.filter((p) => p.observedOnly).length)})</h2>
${renderUsages(view.providers, 'provider', `${s.name} declares no use of another service.`)}
<h2 id="deprecated">Deprecated parts still in use</h2>
${renderDeprecated(view.deprecated, view.subject)}
<h2 id="versions">Versions (${view.versionCount})</h2>
${view.versions.length === 0 ? renderEmpty('No version is published yet.') : renderVersions(view.versions)}
${renderPager(
  { ...view.versionPage, pageSize: VERSIONS_PER_PAGE, shown: view.versions.length, total: view.versionCount },
  (page) => `${serviceUrl(s.name, { environment: view.environment, versions: page === 1 ? undefined : page })}#versions`,
  'Pages of versions',
)}
${renderDiffSection(view.form, view.diff)}
<h2 id="verdicts">Recent gate verdicts</h2>
${renderVerdicts(view.verdicts)}`;
  return renderPage({ title: s.name, nav: 'services', body });
}

// A service seen in traces that declares nothing is listed too: the heading counts it, and says how many are so.
function describeObservedOnly(count: number): string {
  return count === 0 ? '' : `; ${count} of them observed only, declaring no use`;
}

function renderScopeForm(view: ServicePageView): SafeHtml {
  if (view.environments.length === 0) return html``;
  const options = view.environments.map((e) => html`<option value="${e}"${e === view.environment ? html` selected` : ''}>${e}</option>`);
  return html`<form class="filters" method="get" action="${serviceUrl(view.service.name)}">
<label>Consumers and providers <select name="environment"><option value="">latest versions</option>${options}</select></label>
<button type="submit">Show</button>
</form>`;
}

function renderVersions(rows: readonly VersionRowView[]): SafeHtml {
  const body = rows.map(
    (v) => html`<tr><th scope="row"><code>${v.version}</code></th><td>${renderList(v.branches)}</td><td>${renderTime(v.publishedAt)}</td>
<td>${v.commit ? html`<code>${v.commit.slice(0, 12)}</code>` : html`<span class="muted">—</span>`}</td>
<td>${v.publisher ?? html`<span class="muted">—</span>`}</td>
<td>${v.contract ? html`<code>${v.contract}</code>` : html`<span class="muted">none</span>`}</td>
<td>${renderList(v.deployedIn)}</td>
<td>${v.diffHref ? html`<a href="${v.diffHref}">changes from the previous version</a>` : html`<span class="muted">first version</span>`}</td></tr>`,
  );
  return html`<table><thead><tr><th scope="col">Version</th><th scope="col">Branches</th><th scope="col">Published</th><th scope="col">Commit</th><th scope="col">Published by</th><th scope="col">Contract</th><th scope="col">Deployed in</th><th scope="col">Diff</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

function renderVerdicts(verdicts: readonly VerdictRecord[]): SafeHtml {
  if (verdicts.length === 0) return renderEmpty('The gate was not asked about this service yet.');
  const rows = verdicts.map(
    (v) =>
      html`<tr><td><a href="${verdictUrl(v.id)}">#${v.id}</a></td><td>${renderDecisionBadge(decisionOf(v))}</td><td><code>${v.version}</code> to ${v.environment}</td><td>${renderTime(v.lastAskedAt)}${v.count > 1 ? html` <span class="muted">×${v.count}</span>` : ''}</td><td>${v.askedBy}</td></tr>`,
  );
  return html`<table><thead><tr><th scope="col">Verdict</th><th scope="col">Answer</th><th scope="col">Asked</th><th scope="col">When</th><th scope="col">By</th></tr></thead><tbody>${rows}</tbody></table>`;
}
