// Reads the dependency graph: services' names and first owners (kept by service generation) and the environments, then
// who uses whom from the scope kept by its generation (graph-scope.ts), the declarations behind the edges drawn around a service,
// and a selected change's diff. What it returns is numbers and names: the page is laid out and written by a worker thread.

import type { ConsumerScope, ConsumerUse, Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import { type DiffWork, gatherVersionDiff } from './gather-diff.js';
import { type GraphScopes, walkReach } from './graph-scope.js';
import { encodeColumn, type WireGraph, type WireGraphBase } from './graph-wire.js';
import type { GraphChange } from './pages/graph.js';

interface GraphRequest {
  environment?: string;
  service?: string;
  hops?: string;
  by?: string;
  from?: string;
  to?: string;
}

/** A page's own data, and its scope's base, made only for a thread that does not hold it yet. */
interface GatheredGraph {
  page: WireGraph;
  base: () => WireGraphBase;
}

/** The page's HTML from a worker thread: asked by the base's key first, and with the base only when that thread lacks it. */
export async function drawGatheredGraph(work: Pick<WorkPool, 'drawGraph'>, { page, base }: GatheredGraph): Promise<string> {
  const html = await work.drawGraph(page);
  if (typeof html === 'string') return html;
  const again = await work.drawGraph({ ...page, base: base() });
  if (typeof again === 'string') return again;
  throw new Error(`the graph thread lacks the base it was sent (${again.missingBase})`);
}

// Each kept scope and list of owners gets a number of its own in this process: the key of the bases drawn from them.
const ids = new WeakMap<object, number>();
let lastId = 0;
function idOf(kept: object): number {
  let id = ids.get(kept);
  if (id === undefined) ids.set(kept, (id = ++lastId));
  return id;
}

const MAX_HOPS = 5;

/** A link may ask for any hops: past the bound the page draws the farthest it allows, and says so rather than drawing 1. */
function readHops(asked: string | undefined): { hops: number; problem?: string } {
  if (asked === undefined) return { hops: 1 };
  const n = /^\d{1,6}$/.test(asked) ? Number(asked) : Number.NaN;
  if (n >= 1 && n <= MAX_HOPS) return { hops: n };
  if (n > MAX_HOPS) return { hops: MAX_HOPS, problem: `At most ${MAX_HOPS} hops are drawn: showing ${MAX_HOPS}, not ${asked}.` };
  return { hops: 1, problem: `hops is a number from 1 to ${MAX_HOPS}, not "${asked}": showing 1.` };
}

export async function gatherGraphData(store: Store, work: DiffWork, scopes: GraphScopes, request: GraphRequest): Promise<GatheredGraph> {
  const [{ list: serviceRecords, names: serviceNames }, environmentRecords] = await Promise.all([scopes.readOwners(), store.listEnvironments()]);
  const environments = environmentRecords.map((e) => e.name);
  const problems: string[] = [];
  const environment = request.environment !== undefined && environments.includes(request.environment) ? request.environment : undefined;
  const focus = request.service !== undefined && serviceNames.includes(request.service) ? request.service : undefined;
  const matches = request.service !== undefined && focus === undefined ? searchNames(serviceNames, request.service) : undefined;
  if (request.service !== undefined && focus === undefined)
    problems.push(`There is no service ${request.service}${matches && matches.length > 0 ? ': pick one of those below' : ''}.`);
  const { hops, problem: hopsProblem } = readHops(request.hops);
  if (focus !== undefined && hopsProblem !== undefined) problems.push(hopsProblem);
  // Past a few hundred services, every node at once is neither readable nor light: teams are drawn instead; past
  // MAX_EVERY_SERVICE even when every service is asked for, so that no visitor can make the registry draw thousands.
  const tooMany = serviceNames.length > MAX_EVERY_SERVICE;
  const byOwner = focus === undefined && (request.by === 'owner' || (serviceNames.length > AGGREGATE_ABOVE && (request.by !== 'service' || tooMany)));
  if (focus === undefined && request.by === 'service' && tooMany)
    problems.push(`${serviceNames.length} services are too many to draw one by one: drawn by owner. Pick a service to see its neighbourhood.`);

  // Every label is read only when every service is drawn; otherwise edges come bare, and around a service the drawn
  // ones get their labels.
  const everyUse = focus === undefined && !byOwner;
  const graph = await scopes.read({ environment, serviceNames, labelled: everyUse });
  const focusIndex = focus !== undefined ? graph.index.get(focus) : undefined;
  const reach = focusIndex !== undefined ? walkReach(graph, focusIndex, hops) : undefined;
  const operations = reach ? await scopes.labelDrawn(graph, reach) : graph.operations;
  const withOwners = byOwner || focus !== undefined;
  const base = (): WireGraphBase => {
    const ownerOf = withOwners && new Map(serviceRecords.map((s) => [s.name, s.owner ?? NO_OWNER]));
    return {
      names: graph.names,
      ends: graph.ends,
      ...(graph.versions && { versions: encodeColumn(graph.versions) }),
      ...(ownerOf && { owners: encodeColumn(graph.names.map((n) => ownerOf.get(n) ?? NO_OWNER)) }),
    };
  };
  const data: WireGraph = {
    key: `${idOf(graph)}:${withOwners ? idOf(serviceRecords) : ''}`,
    environments,
    ...(operations && { operations }),
    ...(environment !== undefined && { environment }),
    ...(focus !== undefined && { focus, hops }),
    ...(reach && { reach: Uint32Array.from(reach) }),
    ...(byOwner && { byOwner }),
    ...(request.by === 'service' && { everyService: true }),
    ...(matches && { matches }),
    ...(request.from !== undefined && { from: request.from }),
    ...(request.to !== undefined && { to: request.to }),
  };
  if (focus !== undefined && request.to !== undefined) {
    const scope: ConsumerScope = environment !== undefined ? { environment } : {};
    const consumers = await store.listConsumersOf(focus, scope);
    const deployed = graph.versions?.[graph.index.get(focus) ?? -1];
    const change = await gatherChange(store, work, { service: focus, to: request.to, from: request.from ?? (deployed || undefined), consumers });
    if (typeof change === 'string') problems.push(change);
    else data.change = change;
  }
  return { page: problems.length > 0 ? { ...data, problem: problems.join(' ') } : data, base };
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
  work: DiffWork,
  request: { service: string; to: string; from?: string; consumers: ConsumerUse[] },
): Promise<GraphChange | string> {
  const { service, to } = request;
  // The names alone, in order: a service of thousands of versions is not read whole for a stranger's graph.
  const versions = await store.listVersionNames(service);
  const index = versions.indexOf(to);
  if (index === -1) return `${service} has no version ${to}.`;
  const from = request.from ?? (index > 0 ? versions[index - 1] : undefined);
  if (from === undefined) return `${service} ${to} has no earlier version to compare with: give a from version.`;
  const outcome = await gatherVersionDiff(store, work, { service, from, to, consumers: request.consumers });
  if (!outcome.page) return outcome.problem;
  return { service, from, to, broken: outcome.page.broken, waived: outcome.page.waived, summary: outcome.page.summary };
}
