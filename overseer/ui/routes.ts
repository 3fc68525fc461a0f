// The dashboard's routes: read (gather*) -> view model (build*View) -> HTML (render*Page), and the
// stylesheet and script. Registered by app.ts; hidden from /openapi.json, which describes the API only.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeUnknownEnvironment, findNearestName } from '../../contracts/index.js';
import { DEFAULT_AUDIT } from '../audit/config.js';
import type { Config } from '../config.js';
import { ApiError, BUSY_RETRY_SECONDS, toApiError } from '../errors.js';
import { findUnknownAuditService } from '../gather/audit-scope.js';
import type { ObservedSource } from '../gather/migrations.js';
import { rankEnvironments } from '../routes/environments.js';
import type { Store } from '../store/store.js';
import { admitVisitor, workFor } from '../work/anonymous.js';
import type { WorkPool } from '../work/pool.js';
import { CSS_PATH, DASHBOARD_CSS, DASHBOARD_JS, JS_PATH } from './assets.js';
import type { BreakingCounts } from './blocked.js';
import { gatherAuditData, gatherEnvironmentsData, gatherServicesData, type KeptEnvironmentRows } from './gather.js';
import { drawGatheredGraph, gatherGraphData } from './gather-graph.js';
import { gatherMigrationsData } from './gather-migrations.js';
import { gatherServiceData } from './gather-service.js';
import { createGraphScopes } from './graph-scope.js';
import { html, type SafeHtml } from './html.js';
import { createConsumerReader } from './kept-consumers.js';
import { renderPage } from './layout.js';
import { buildAuditView, renderAuditPage } from './pages/audit.js';
import { buildEnvironmentsView, renderEnvironmentsPage } from './pages/environments.js';
import { renderMigrationsPage } from './pages/migrations.js';
import { buildServicePageView, renderServicePage } from './pages/service.js';
import { buildServicesView, renderServicesPage } from './pages/services.js';
import { buildVerdictView, renderVerdictPage } from './pages/verdict.js';
import { renderMissing, renderUnknownEnvironment, type UnknownEnvironment } from './parts.js';
import { readQuery } from './query.js';
import { auditUrl, graphUrl, migrationsUrl, servicesUrl, serviceUrl } from './urls.js';

interface DashboardDeps {
  store: Store;
  config?: Pick<Config, 'audit' | 'notify'>;
  /** Calls seen in traces: the service page marks declared uses against them, and the Migrations page counts them as
   * use as the gate does; absent: declarations only, no marks. */
  observer?: ObservedSource;
  /** The registry's worker threads: the dashboard's diffs run there, and graph pages are drawn there. */
  work: Pick<WorkPool, 'countBreaking' | 'drawGraph' | 'diffVersions' | 'markContract' | 'listMigrations' | 'admit' | 'anonymous' | 'strangerAt'>;
}

// Pages load only our own stylesheet and script; nothing inline, nothing from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};
const HIDDEN = { schema: { hide: true } };

export async function registerDashboardRoutes(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const { store } = deps;

  app.addHook('onRequest', async (request) => {
    startTimes.set(request, process.hrtime.bigint());
    refuseNul(request);
  });

  // Encapsulated in this plugin: an error on a page answers with a page, the API keeps its JSON errors.
  app.setErrorHandler((error, request, reply) => {
    // A refused token (registerTokenCheck) is the caller's to fix: said on a page with its status, not logged as a failure.
    if (error instanceof ApiError && error.code === 'ERR_TOKEN_REJECTED') {
      return sendNotice(reply, 401, 'Token refused', `${error.code}: ${error.message}. The dashboard needs no token: send none, or a valid one.`);
    }
    // The request's own fault (a stranger's Host name, a Content-Encoding) or load: a 500 and an error line for each
    // let anyone fill the log with failures and the alerts that follow them.
    const refused = toApiError(error);
    if (refused.status < 500 || refused.code === 'ERR_BUSY') {
      if (refused.code === 'ERR_BUSY') reply.header('retry-after', String(BUSY_RETRY_SECONDS));
      return sendNotice(reply, refused.status, refused.status === 503 ? 'Busy' : 'Request refused', `${refused.code}: ${refused.message}`);
    }
    request.log.error({ err: error }, 'dashboard page failed');
    const body = renderMissing('Something went wrong', `This page could not be built (request ${request.id}); the error is in the registry's log.`, {
      href: servicesUrl(),
      label: 'Back to the services',
    });
    return sendPage(reply.status(500), renderPage({ title: 'Error', nav: 'none', body }));
  });

  app.get(CSS_PATH, HIDDEN, async (_request, reply) => sendAsset(reply, 'text/css; charset=utf-8', DASHBOARD_CSS));
  app.get(JS_PATH, HIDDEN, async (_request, reply) => sendAsset(reply, 'text/javascript; charset=utf-8', DASHBOARD_JS));

  // Who uses whom in the latest versions and in each environment, kept across pages (graph-scope.ts).
  const scopes = createGraphScopes(store);
  const counts: BreakingCounts = new Map();
  app.get('/', HIDDEN, async (request, reply) => {
    const q = readQuery(request, ['q', 'page', 'blocked']);
    const page = readPageNumber(q.page);
    const query = { ...(q.q !== undefined && { query: q.q }), ...(page !== undefined && { page }), blockedOnly: q.blocked === '1' };
    return sendPage(reply, renderServicesPage(buildServicesView(await gatherServicesData(store, workFor(request, deps.work), scopes, counts, query))));
  });

  const readConsumers = createConsumerReader(store);
  let drawing = 0;
  app.get('/graph', HIDDEN, async (request, reply) => {
    // A few graphs at a time: anonymous visitors asking for many cannot fill the worker lane that `check` needs too.
    if (drawing >= DRAWS_AT_ONCE) return sendBusy(reply);
    drawing++;
    try {
      const q = readQuery(request, ['environment', 'service', 'hops', 'by', 'from', 'to']);
      const unknown = await findUnknownEnvironment(store, q.environment);
      if (unknown) return sendUnknownEnvironment(reply, unknown, (environment) => graphUrl({ ...q, hops: undefined, environment }));
      return sendPage(reply, await drawGatheredGraph(workFor(request, deps.work), await gatherGraphData(store, workFor(request, deps.work), scopes, q)));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ERR_BUSY') return sendBusy(reply);
      throw error;
    } finally {
      drawing--;
    }
  });

  app.get<{ Params: { name: string } }>('/services/:name', HIDDEN, async (request, reply) => {
    const { page, versions, ...q } = readQuery(request, ['environment', 'from', 'to', 'page', 'versions']);
    const [number, versionPage] = [readPageNumber(page), readPageNumber(versions)];
    const asked = { ...q, ...(number !== undefined && { page: number }), ...(versionPage !== undefined && { versionPage }) };
    // A comparison of two versions is a diff anyone may ask for: admitted with strangers' checks, before any read.
    const work = q.from !== undefined && q.to !== undefined ? admitVisitor(request, reply, deps.work) : workFor(request, deps.work);
    if (!work) return sendBusy(reply, 'comparing other versions');
    const unknown = await findUnknownEnvironment(store, q.environment);
    if (unknown) return sendUnknownEnvironment(reply, unknown, (environment) => serviceUrl(request.params.name, { ...asked, environment }));
    const data = await gatherServiceData(store, work, request.params.name, asked, deps.observer, readConsumers);
    if (!data) return sendNoService(reply, request.params.name, (await scopes.readOwners()).names, serviceUrl);
    return sendPage(reply, renderServicePage(buildServicePageView(data)));
  });

  app.get<{ Params: { name: string } }>('/services/:name/migrations', HIDDEN, async (request, reply) => {
    const q = readQuery(request, ['environment']);
    const unknown = await findUnknownEnvironment(store, q.environment);
    if (unknown) return sendUnknownEnvironment(reply, unknown, (environment) => migrationsUrl(request.params.name, { environment }));
    const data = await gatherMigrationsData(store, workFor(request, deps.work), deps.observer, request.params.name, q);
    if (!data) return sendNoService(reply, request.params.name, (await scopes.readOwners()).names, migrationsUrl);
    return sendPage(reply, renderMigrationsPage(data));
  });

  const environmentRows: KeptEnvironmentRows = new Map();
  app.get('/environments', HIDDEN, async (request, reply) => {
    const q = readQuery(request, ['page']);
    return sendPage(reply, renderEnvironmentsPage(buildEnvironmentsView(await gatherEnvironmentsData(store, readPageNumber(q.page), environmentRows))));
  });

  app.get('/audit', HIDDEN, async (request, reply) => {
    const q = readQuery(request, ['service', 'environment']);
    const unknown = await findUnknownEnvironment(store, q.environment);
    if (unknown) return sendUnknownEnvironment(reply, unknown, (environment) => auditUrl({ ...q, environment }));
    const data = await gatherAuditData(store, q, deps.config?.notify);
    const { service } = q;
    const noService = service === undefined ? undefined : await findUnknownAuditService(store, service, data.verdicts.length);
    if (service !== undefined && noService)
      return sendNoService(reply, service, noService.meant === undefined ? [] : [noService.meant], (name) => auditUrl({ ...q, service: name }));
    return sendPage(reply, renderAuditPage(buildAuditView(data)));
  });

  app.get<{ Params: { id: string } }>('/verdicts/:id', HIDDEN, async (request, reply) => {
    const id = /^[1-9]\d{0,15}$/.test(request.params.id) ? Number(request.params.id) : undefined;
    const found = id !== undefined && Number.isSafeInteger(id) ? await store.getVerdict(id) : undefined;
    const q = readQuery(request, ['service', 'environment']);
    // SQLite gives the id of a pruned last verdict to the next one: a link naming another service meant the pruned one.
    const verdict = found && (q.service === undefined || found.service === q.service) ? found : undefined;
    if (verdict) return sendPage(reply, renderVerdictPage(buildVerdictView(verdict, (await store.getService(verdict.service)) !== undefined)));
    const gone = id !== undefined && (await findPruned(store, id, q.service));
    if (!gone)
      return sendNotice(reply, 404, 'No such verdict', `The audit trail has no verdict #${request.params.id}.`, { href: auditUrl(), label: 'Recent verdicts' });
    const service = q.service !== undefined && (await store.getService(q.service)) ? q.service : undefined;
    const days = deps.config?.audit?.retentionDays ?? DEFAULT_AUDIT.retentionDays;
    const message = `Verdict #${id} was pruned by the audit retention, which keeps a verdict ${days} days after it was last asked (OVERSEER_VERDICT_RETENTION_DAYS).${service !== undefined ? ` This is where ${service} stands now.` : ''}`;
    const back =
      service !== undefined
        ? { href: serviceUrl(service, { environment: q.environment }), label: `${service} now` }
        : { href: auditUrl(), label: 'Recent verdicts' };
    return sendNotice(reply, 410, 'Verdict pruned', message, back);
  });
}

/**
 * Whether a verdict that is not kept was there once: a link from a notification names its service, and ids only grow,
 * so a kept verdict with a higher id was recorded after it.
 */
async function findPruned(store: Store, id: number, service: string | undefined): Promise<boolean> {
  if (service !== undefined) return true;
  const [latest] = await store.listVerdicts({ limit: 1 });
  return latest !== undefined && latest.id > id;
}

/**
 * An environment never created has nothing deployed and no verdicts: a page scoped to it would read as "nothing runs
 * there, nothing happened". The asked name, and the known ones nearest first, when it is not one of them.
 */
async function findUnknownEnvironment(store: Store, asked: string | undefined): Promise<UnknownEnvironment | undefined> {
  if (asked === undefined) return undefined;
  const known = (await store.listEnvironments()).map((e) => e.name);
  if (known.includes(asked)) return undefined;
  const { nearest, guess } = rankEnvironments(known, asked);
  return { asked, known: nearest, ...(guess !== undefined && { guess }), sentence: describeUnknownEnvironment(asked, known) };
}

function sendUnknownEnvironment(reply: FastifyReply, unknown: UnknownEnvironment, href: (environment?: string) => string): FastifyReply {
  return sendPage(reply.status(404), renderPage({ title: 'Unknown environment', nav: 'none', body: renderUnknownEnvironment(unknown, href) }));
}

/**
 * A NUL in a page's address (`/services/a%00`, `?q=%00`) names nothing the registry can hold, and PostgreSQL refuses
 * it in any text it is sent: every such page was a 500 and an error in the log, for anyone to repeat.
 */
function refuseNul(request: FastifyRequest): void {
  const values = [...Object.values((request.params ?? {}) as Record<string, unknown>), ...Object.values((request.query ?? {}) as Record<string, unknown>)];
  if (values.flat().some((value) => typeof value === 'string' && value.includes('\0'))) {
    throw new ApiError('ERR_REQUEST_INVALID', 'the address holds a NUL character (%00): no name or search of the registry does');
  }
}

// Graph pages gathered or drawn at once; one more is answered 503 at once (each is a task for the worker threads).
const DRAWS_AT_ONCE = 2;

// When each page request arrived, for the Server-Timing header.
const startTimes = new WeakMap<FastifyRequest, bigint>();

function sendPage(reply: FastifyReply, page: string): FastifyReply {
  const since = startTimes.get(reply.request);
  // Server-Timing lets the bench (and a browser's devtools) read how long the page took to build.
  if (since !== undefined) reply.header('server-timing', `page;dur=${(Number(process.hrtime.bigint() - since) / 1e6).toFixed(1)}`);
  return reply
    .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
    .type('text/html; charset=utf-8')
    .send(page);
}

/**
 * The dashboard's answer to an address no route has, when a browser asks for a page: a person who followed a truncated
 * link or typed `/service/x` gets a way back. Undefined for the API, other methods and clients that want JSON.
 */
export function sendPageNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const path = request.url.split('?')[0];
  const page = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/v1/') && /\btext\/html\b/.test(request.headers.accept ?? '');
  if (!page) return undefined;
  return sendNotice(reply, 404, 'No such page', `No page of the dashboard is at ${path}.`);
}

/** A page with nothing to show but why, and a way back (by default to the services list). */
function sendNotice(
  reply: FastifyReply,
  status: number,
  title: string,
  message: string | SafeHtml,
  back = { href: servicesUrl(), label: 'Every service' },
): FastifyReply {
  return sendPage(reply.status(status), renderPage({ title, nav: 'none', body: renderMissing(title, message, back) }));
}

/** A mistyped name in an address gets the guess the CLI and the API make of it, linked to the same page of that service. */
function sendNoService(reply: FastifyReply, name: string, known: readonly string[], pageOf: (name: string) => string): FastifyReply {
  const guess = findNearestName(name, known);
  const message =
    guess === undefined ? html`No service is named “${name}”.` : html`No service is named “${name}”: did you mean <a href="${pageOf(guess)}">${guess}</a>?`;
  return sendNotice(reply, 404, 'No such service', message);
}

function sendBusy(reply: FastifyReply, doing = 'drawing other graphs'): FastifyReply {
  reply.header('retry-after', String(BUSY_RETRY_SECONDS));
  return sendNotice(reply, 503, 'Busy', `The registry is ${doing}: try again in ${BUSY_RETRY_SECONDS} seconds.`);
}

// `?page=` as a number; anything else (absent, text, a number of seven digits or more) asks for the first page.
function readPageNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

function sendAsset(reply: FastifyReply, type: string, text: string): FastifyReply {
  // The file name carries a hash of the content, so it may be cached for good.
  return reply.headers({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }).type(type).send(text);
}
