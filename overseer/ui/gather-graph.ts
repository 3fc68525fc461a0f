// Reads the dependency graph in three store calls (services' names and first owners, environments, who uses whom), plus the environment's
// deployments when filtered, the declarations behind the edges drawn around a service, and a selected change's diff.
// Only a graph of every service, drawn one by one (a few hundred at most), reads every declaration whole.

import type { ContractCache } from '../contract-cache.js';
import type { ConsumerScope, ConsumerUse, Store, UseEdge } from '../store/store.js';
import { gatherVersionDiff } from './gather-diff.js';
import { countOperations, type GraphEdgeInput, toGraphEdges } from './graph-model.js';
import { pickDrawn } from './graph-neighbourhood.js';
import type { GraphChange, GraphData } from './pages/graph.js';
import { findBrokenConsumers } from './version-diff.js';

export interface GraphRequest {
  environment?: string;
  service?: string;
  hops?: string;
  by?: string;
  from?: string;
  to?: string;
}

export async function gatherGraphData(store: Store, contracts: ContractCache, request: GraphRequest): Promise<GraphData> {
  const [serviceRecords, environmentRecords] = await Promise.all([store.listServiceOwners(), store.listEnvironments()]);
  const serviceNames = serviceRecords.map((s) => s.name);
  const environments = environmentRecords.map((e) => e.name);
  const problems: string[] = [];
  const environment = request.environment !== undefined && environments.includes(request.environment) ? request.environment : undefined;
  if (request.environment !== undefined && environment === undefined)
    problems.push(`Nothing was ever deployed to ${request.environment}: showing the latest versions.`);
  const focus = request.service !== undefined && serviceNames.includes(request.service) ? request.service : undefined;
  const matches = request.service !== undefined && focus === undefined ? searchNames(serviceNames, request.service) : undefined;
  if (request.service !== undefined && focus === undefined)
    problems.push(`There is no service ${request.service}${matches && matches.length > 0 ? ': pick one of those below' : ''}.`);
  const hops = request.hops !== undefined && /^[1-5]$/.test(request.hops) ? Number(request.hops) : 1;
  // Past a few hundred services, every node at once is neither readable nor light: teams are drawn instead; past
  // MAX_EVERY_SERVICE even when every service is asked for, so that no visitor can make the registry draw thousands.
  const tooMany = serviceNames.length > MAX_EVERY_SERVICE;
  const byOwner = focus === undefined && (request.by === 'owner' || (serviceNames.length > AGGREGATE_ABOVE && (request.by !== 'service' || tooMany)));
  if (focus === undefined && request.by === 'service' && tooMany)
    problems.push(`${serviceNames.length} services are too many to draw one by one: drawn by owner. Pick a service to see its neighbourhood.`);

  const scope: ConsumerScope = environment !== undefined ? { environment } : {};
  // Every label is read only when every service is drawn; otherwise edges come bare, and around a service the drawn
  // ones get their labels below.
  const everyUse = focus === undefined && !byOwner;
  const [deployments, read] = await Promise.all([
    environment !== undefined ? store.currentDeployments(environment) : undefined,
    everyUse ? store.listAllUses(scope).then(toGraphEdges) : store.listUseEdges(scope),
  ]);
  const versions = deployments && new Map(deployments.map((d) => [d.service, d.version]));
  const services = deployments ? deployments.map((d) => d.service) : serviceNames;
  const around = focus !== undefined && !everyUse ? await labelDrawnEdges(store, read as UseEdge[], services, focus, hops) : undefined;
  const edges = everyUse ? (read as GraphEdgeInput[]) : around ? around.edges : (read as UseEdge[]).map((e) => ({ from: e.consumer, to: e.provider }));
  const data: GraphData = {
    environments,
    serviceNames,
    services,
    edges,
    ...(environment !== undefined && { environment }),
    ...(versions && { versions }),
    ...(focus !== undefined && { focus, hops }),
    ...(around && { reach: around.reach }),
    ...(byOwner && { byOwner }),
    ...((byOwner || focus !== undefined) && { ownerOf: new Map(serviceRecords.map((s) => [s.name, s.owner ?? NO_OWNER])) }),
    ...(matches && { matches }),
    ...(request.from !== undefined && { from: request.from }),
    ...(request.to !== undefined && { to: request.to }),
  };
  if (focus !== undefined && request.to !== undefined) {
    const consumers = await store.listConsumersOf(focus, scope);
    const change = await gatherChange(store, contracts, { service: focus, to: request.to, from: request.from ?? versions?.get(focus), consumers });
    if (typeof change === 'string') problems.push(change);
    else data.change = change;
  }
  return problems.length > 0 ? { ...data, problem: problems.join(' ') } : data;
}

/** Above this many services, `/graph` without a service draws teams, not services. */
export const AGGREGATE_ABOVE = 300;
/** `by=service` is honoured up to this many services: more would weigh over a megabyte. */
export const MAX_EVERY_SERVICE = 500;
const NO_OWNER = 'no owner';
const MAX_MATCHES = 30;

/** Names containing the text typed, the ones that start with it first. */
function searchNames(names: readonly string[], text: string): string[] {
  const needle = text.toLowerCase();
  const found = names.filter((n) => n.includes(needle));
  return [...found.filter((n) => n.startsWith(needle)), ...found.filter((n) => !n.startsWith(needle))].slice(0, MAX_MATCHES);
}

/**
 * The change `from` -> `to` of a service and the consumers in scope it breaks; `from` defaults to the version
 * deployed in the environment (the caller passes it), else the version before `to`.
 */
async function gatherChange(
  store: Store,
  contracts: ContractCache,
  request: { service: string; to: string; from?: string; consumers: ConsumerUse[] },
): Promise<GraphChange | string> {
  const { service, to } = request;
  const versions = (await store.listVersions(service)).map((v) => v.version);
  const index = versions.indexOf(to);
  if (index === -1) return `${service} has no version ${to}.`;
  const from = request.from ?? (index > 0 ? versions[index - 1] : undefined);
  if (from === undefined) return `${service} ${to} has no earlier version to compare with: give a from version.`;
  const outcome = await gatherVersionDiff(store, contracts, { service, from, to, consumers: request.consumers });
  if (!outcome.report) return outcome.problem;
  return { service, from, to, broken: findBrokenConsumers(outcome.report), summary: outcome.report.summary };
}

/**
 * The edges of the neighbourhood, with how many operations each drawn one uses, and the services within reach, nearest
 * first: the declarations of the services drawn one by one are read (at most MAX_DRAWN of them, whatever the size of
 * the registry), the rest stay bare.
 */
async function labelDrawnEdges(
  store: Store,
  read: readonly UseEdge[],
  services: readonly string[],
  focus: string,
  hops: number,
): Promise<{ edges: GraphEdgeInput[]; reach: string[] }> {
  const inScope = new Set(services);
  const edges: { from: string; to: string; version: string }[] = [];
  for (const e of read)
    if (e.consumer !== e.provider && inScope.has(e.consumer) && inScope.has(e.provider)) edges.push({ from: e.consumer, to: e.provider, version: e.version });
  const picked = pickDrawn(focus, edges, hops);
  const drawn = new Set(picked.drawn);
  // An edge with an end out of reach is neither drawn nor counted (boundNeighbourhood keeps the ones within reach only,
  // and the services it explores have every neighbour within reach): a hub's page need not carry 25,000 of them on.
  const reach = new Set(picked.reach);
  const near = edges.filter((e) => reach.has(e.from) && reach.has(e.to));
  const versionOf = new Map<string, string>();
  for (const e of near) if (drawn.has(e.from) && drawn.has(e.to)) versionOf.set(e.from, e.version);
  const declared = await Promise.all([...versionOf].map(([consumer, version]) => store.getDeclarations(consumer, version)));
  const operations = new Map<string, number | 'all'>();
  for (const list of declared)
    for (const declaration of list) operations.set(`${declaration.consumer}\u0000${declaration.provider}`, countOperations({ declaration }));
  const labelled = near.map((e) => {
    const counted = drawn.has(e.from) && drawn.has(e.to) ? operations.get(`${e.from}\u0000${e.to}`) : undefined;
    return { from: e.from, to: e.to, ...(counted !== undefined && { operations: counted }) };
  });
  return { edges: labelled, reach: picked.reach };
}
