// Reads what each list page shows from the store: store calls bounded by what the page shows, whatever the number of
// services (bulk verbs, one call per environment; the uses of a shown service only while its count is unknown).

import type { NotificationGap } from '../../contracts/index.js';
import { groupBy } from '../group-by.js';
import type { NotifyConfig } from '../notify/config.js';
import { readServiceGaps } from '../notify/service-gaps.js';
import type { DeploymentRecord, ServicePage, ServiceQuery, Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import { type BreakingCounts, type BreakingJudge, findRefusals, findWaitingChanges, type WaitingChange } from './blocked.js';
import type { GraphScopes } from './graph-scope.js';
import { findNotificationReader, readNotification } from './notifications.js';
import type { AuditData } from './pages/audit.js';
import { type EnvironmentsData, findRefusedServices, ROWS_PER_PAGE } from './pages/environments.js';
import { findBranchHeads, MAIN_BRANCHES, PAGE_SIZE, type ServicesData, type ServicesQuery } from './pages/services.js';
import { findScopeConsumers, type ScopeConsumers } from './scope-consumers.js';

const AUDIT_VERDICTS = 100;
const AUDIT_NOTIFICATIONS = 100;
// Enough history to find the last answer per service and environment on a busy day.
const MATRIX_VERDICTS = 500;

/** The page's services, filtered and counted by the store; the versions, deployments and diffs of those 50 alone. */
export async function gatherServicesData(
  store: Store,
  work: Pick<WorkPool, 'countBreaking'>,
  scopes: Pick<GraphScopes, 'read'>,
  counts: BreakingCounts,
  q: ServicesQuery,
): Promise<ServicesData> {
  const [environmentRecords, verdicts] = await Promise.all([store.listEnvironments(), store.listVerdicts({ limit: MATRIX_VERDICTS })]);
  const environments = environmentRecords.map((e) => e.name);
  const refusals = findRefusals(verdicts);
  const query = (q.query ?? '').trim();
  const filter = { ...(query !== '' && { text: query }), ...(q.blockedOnly && { names: refusals.map((r) => r.service) }) };
  const { listed, page } = await findPage(store, filter, q.page, PAGE_SIZE);
  const shown = listed.services;
  const shownNames = shown.map((s) => s.name);
  // Only the page's services: their versions and deployments, whatever the size of the registry.
  const [allVersions, deployments] = await Promise.all([store.listAllVersions(shownNames), currentDeploymentsOf(store, environments, shownNames)]);
  const versionsOf = groupBy(allVersions, (v) => v.service);
  const deployedOf = groupBy(deployments, (d) => d.service);
  const versionLists = shown.map((s) => versionsOf.get(s.name) ?? []);
  const heads = versionLists.map((versions) => {
    const main = findBranchHeads(versions).find((h) => MAIN_BRANCHES.includes(h.branch));
    return main && versions.find((v) => v.version === main.version);
  });
  // Consumers are read only where a shown service runs something other than its main head: a hub's thousands of
  // consumers are not read for the environments that already run its head.
  const behind = environments.map((environment) =>
    shown.flatMap((s, i) => {
      const head = heads[i];
      const differs = (deployedOf.get(s.name) ?? []).some(
        (d) =>
          d.environment === environment &&
          head?.contractHash !== undefined &&
          versionLists[i].find((v) => v.version === d.version)?.contractHash !== head.contractHash,
      );
      return differs ? [s.name] : [];
    }),
  );
  // Per provider shown, per environment: the consumers deployed there, from the environment's kept scope (their uses are
  // read only for a count not known yet).
  const edgesOf = new Map<string, Map<string, ScopeConsumers>>();
  for (const [i, environment] of environments.entries()) {
    if (behind[i].length === 0) continue;
    const scope = await scopes.read({ environment, serviceNames: [], labelled: false });
    for (const provider of behind[i]) {
      const byEnvironment = edgesOf.get(provider) ?? edgesOf.set(provider, new Map()).get(provider)!;
      byEnvironment.set(environment, findScopeConsumers(scope, provider));
    }
  }
  const readUses = (provider: string) => async (environment: string) =>
    (await store.listConsumersOf(provider, { environment })).filter((u) => u.consumer !== provider);
  const judge: BreakingJudge = {
    countBreaking: (input) => work.countBreaking(input),
    readContract: async (hash) => {
      const text = await store.readContractText(hash);
      return text === undefined ? undefined : { hash, text };
    },
    counts,
  };
  // Judged in the worker threads, a few services at a time: a page never fills the queue that publications need.
  const found = await mapFew(shown, JUDGED_AT_ONCE, (s, i) =>
    findWaitingChanges(judge, heads[i], versionLists[i], deployedOf.get(s.name) ?? [], edgesOf.get(s.name) ?? new Map(), readUses(s.name)),
  );
  const waiting: Record<string, WaitingChange[]> = {};
  shown.forEach((s, i) => {
    if (found[i].length > 0) waiting[s.name] = found[i];
  });
  return {
    services: shown,
    total: listed.total,
    matching: listed.matching,
    page,
    versions: versionLists.flat(),
    environments,
    deployments,
    refusals,
    waiting,
    ...(query !== '' && { query }),
    ...(q.blockedOnly && { blockedOnly: true }),
  };
}

// Services judged at once; each asks for one diff per environment where its main head is not what runs.
const JUDGED_AT_ONCE = 2;

/** `Promise.all` of `work` over `items`, with at most `limit` in flight; results in input order. */
async function mapFew<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Pages of the environments page kept by what they were read at (keepEnvironmentRows): one per app. */
export type KeptEnvironmentRows = Map<string, { listed: ServicePage; page: number; deployments: DeploymentRecord[] }>;
// Pages kept at once: the first few are the ones people open.
const MAX_KEPT_ROWS = 8;

/**
 * The page's rows (services live somewhere or refused), paged by the store, and their deployments alone; kept while the
 * services and every environment's deployments read the same generations: counting the services live somewhere reads
 * every live deployment, so a page seen again after a publication or a verdict reads none.
 */
export async function gatherEnvironmentsData(store: Store, page?: number, kept: KeptEnvironmentRows = new Map()): Promise<EnvironmentsData> {
  const [environmentRecords, verdicts] = await Promise.all([store.listEnvironments(), store.listVerdicts({ limit: MATRIX_VERDICTS })]);
  const environments = environmentRecords.map((e) => e.name);
  const refused = findRefusedServices(verdicts);
  // Read before the rows: rows read after them are at least as new, and kept only while they read the same.
  const generations = await Promise.all([store.readServiceGeneration(), ...environments.map((environment) => store.readScopeGeneration({ environment }))]);
  const key = JSON.stringify([page ?? 1, environments, refused, generations]);
  let rows = kept.get(key);
  kept.delete(key);
  if (!rows) {
    const found = await findPage(store, { liveOr: refused }, page, ROWS_PER_PAGE);
    const deployments = await currentDeploymentsOf(
      store,
      environments,
      found.listed.services.map((s) => s.name),
    );
    rows = { ...found, deployments };
  }
  kept.set(key, rows);
  if (kept.size > MAX_KEPT_ROWS) kept.delete(kept.keys().next().value as string);
  const { listed, deployments } = rows;
  return { environments, rows: listed.services.map((s) => s.name), shown: listed.matching, total: listed.total, page: rows.page, deployments, verdicts };
}

/** Page `asked` (1-based) of the services that pass `filter`; a page past the last gives the last, as the pager links it. */
async function findPage(store: Store, filter: ServiceQuery, asked: number | undefined, size: number): Promise<{ listed: ServicePage; page: number }> {
  const wanted = Math.max(1, Math.floor(asked ?? 1));
  const listed = await store.findServices({ ...filter, offset: (wanted - 1) * size, limit: size });
  const last = Math.max(1, Math.ceil(listed.matching / size));
  if (wanted <= last) return { listed, page: wanted };
  return { listed: await store.findServices({ ...filter, offset: (last - 1) * size, limit: size }), page: last };
}

/** What runs of `services` in each environment: one store call per environment, none for an empty page. */
async function currentDeploymentsOf(store: Store, environments: readonly string[], services: string[]): Promise<DeploymentRecord[]> {
  if (services.length === 0) return [];
  return (await Promise.all(environments.map((e) => store.currentDeployments(e, services)))).flat();
}

// The page stays light at thousands of gaps (a narrowed Slack list): the first ones, and how many there are.
const AUDIT_GAPS = 100;
const listGaps = (gaps: NotificationGap[]) => ({ gaps: gaps.slice(0, AUDIT_GAPS), gapsTotal: gaps.length });

export async function gatherAuditData(store: Store, filter: { service?: string; environment?: string }, notify: NotifyConfig | undefined): Promise<AuditData> {
  const reader = findNotificationReader(store);
  const [verdicts, environmentRecords, notifications, gaps] = await Promise.all([
    store.listVerdicts({ ...filter, limit: AUDIT_VERDICTS }),
    store.listEnvironments(),
    reader ? reader({ limit: AUDIT_NOTIFICATIONS }) : undefined,
    readServiceGaps(store, notify),
  ]);
  return {
    ...filter,
    environments: environmentRecords.map((e) => e.name),
    verdicts,
    ...(notifications && { notifications: notifications.map(readNotification) }),
    ...listGaps(filter.service === undefined ? gaps : gaps.filter((g) => g.service === filter.service)),
  };
}
