// Reads one service's page: its versions, deployments, consumers, providers, deprecated parts in use,
// recent verdicts, and the diff asked for. A bounded number of store calls (one per environment at most).

import { type Declaration, type Deprecation, findNearestName, type ObservedCall } from '../../contracts/index.js';
import type { ObservedSource } from '../gather/migrations.js';
import { listMisdirectedUses } from '../gather/misdirected-uses.js';
import { splitReplacedCalls } from '../observe/replaced-calls.js';
import { type OperationName, versionInScope } from '../operation-labeller.js';
import type { ConsumerUse, Store } from '../store/store.js';
import { addObservedUses, type DeprecatedUse } from './deprecated.js';
import { type DiffWork, gatherVersionDiff } from './gather-diff.js';
import type { ConsumerReader } from './kept-consumers.js';
import { CONSUMERS_PER_PAGE, type ServicePageData, VERSIONS_PER_PAGE } from './pages/service.js';
import { type MarkWork, readMarks } from './read-marks.js';
import { observedOnlyConsumers, pageObservedCalls } from './usage-marks.js';

interface ServiceRequest {
  environment?: string;
  from?: string;
  to?: string;
  /** The page of consumers listed, 1-based. */
  page?: number;
  /** The page of versions listed, 1-based, the newest first. */
  versionPage?: number;
}

// The deprecated parts a provider's consumers use, per contract, for each consumer list kept by scope generation
// (kept-consumers.ts): a hub's thousands of uses are matched against its contract once per write, not once per visit.
const deprecatedOf = new WeakMap<readonly ConsumerUse[], Map<string, OwnMarks>>();

type OwnMarks = { deprecations: Deprecation[]; declared: DeprecatedUse[] };

type MarkDeps = { store: Store; work: MarkWork };

const SERVICE_VERDICTS = 10;

/** A caller's name is guessed at only this few edits away: further, a guess misleads more often than it helps. */
const GUESS_EDITS = 2;

/** Undefined when there is no such service. */
export async function gatherServiceData(
  store: Store,
  work: DiffWork & MarkWork,
  name: string,
  request: ServiceRequest,
  /** Calls seen in traces within the window, and whether only they count: the page marks uses against them. */
  observer?: ObservedSource,
  /** A hub's consumers, kept by scope generation (kept-consumers.ts); the store's own listing when absent. */
  readConsumers: ConsumerReader = (provider, scope) => store.listConsumersOf(provider, scope),
): Promise<ServicePageData | undefined> {
  const service = await store.getService(name);
  if (!service) return undefined;
  const [versions, environmentRecords, verdicts] = await Promise.all([
    readVersionPage(store, name, request.versionPage),
    store.listEnvironments(),
    store.listVerdicts({ service: name, limit: SERVICE_VERDICTS }),
  ]);
  const environments = environmentRecords.map((e) => e.name);
  const environment = request.environment !== undefined && environments.includes(request.environment) ? request.environment : undefined;
  const [current, declaring, misdirected] = await Promise.all([
    Promise.all(environments.map((e) => store.currentDeployment(name, e))),
    readConsumers(name, environment !== undefined ? { environment } : {}),
    listMisdirectedUses(store, name, environment !== undefined ? { environment } : {}),
  ]);
  // Those whose manifest misspells the service count at the gate (gather/misdirected-uses.ts): listed after the others.
  const consumers = misdirected.length === 0 ? declaring : [...declaring, ...misdirected];
  const deployments = current.filter((d) => d !== undefined);
  const subject = environment !== undefined ? deployments.find((d) => d.environment === environment)?.version : await readNewest(store, name, versions);
  const listedSubject = versions.listed.find((v) => v.version === subject);
  const subjectRecord = listedSubject ?? (subject !== undefined ? await store.getVersion(name, subject) : undefined);
  const hash = subjectRecord?.contractHash || undefined;
  const [providers, own] = await Promise.all([
    subject !== undefined ? store.getDeclarations(name, subject) : [],
    hash !== undefined ? readOwnMarks({ store, work }, hash, consumers) : undefined,
  ]);
  const scope = environment !== undefined ? { environment } : {};
  // The calls that count by the gate's one rule (observe/replaced-calls.ts): a replaced version's went with it.
  const counted = async (calls: ObservedCall[] | undefined) => calls && (await splitReplacedCalls(store, calls)).counted;
  const [providerNames, asProvider, asConsumer] = await Promise.all([
    nameProviderOperations({ store, work }, providers, environment),
    observer?.listCalls({ provider: name, ...scope }).then(counted),
    observer?.listCalls({ consumer: name, ...scope }).then(counted),
  ]);
  const declared = own && markMisspelt(own.declared, misdirected);
  const deprecated = own && addObservedUses(own.deprecations, countDeclared(declared!, observer, asProvider), asProvider ?? []);
  // One list paged: the declared consumers, then those seen in traces only; a consumer's calls show on its own page.
  const observedOnly = asProvider ? observedOnlyConsumers(asProvider, consumers) : [];
  const pages = Math.max(1, Math.ceil((consumers.length + observedOnly.length) / CONSUMERS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, request.page ?? 1));
  const [start, end] = [(page - 1) * CONSUMERS_PER_PAGE, page * CONSUMERS_PER_PAGE];
  const listed = consumers.slice(start, end);
  const listedOnly = observedOnly.slice(Math.max(0, start - consumers.length), Math.max(0, end - consumers.length));
  const onPage = asProvider && { calls: pageObservedCalls(asProvider, listed, listedOnly), observedOnly: observedOnly.length };
  // A provider the manifest names, or traces show it calling, that no service is named has no page: it is not linked.
  const calledOrDeclared = [...new Set([...providers.map((d) => d.provider), ...(asConsumer ?? []).map((c) => c.provider)])];
  const [unregistered, unregisteredProviders] = await Promise.all([findUnregistered(store, listedOnly), findUnregisteredAmong(store, calledOrDeclared)]);
  const notDeployed = environment !== undefined && subject === undefined ? `${name} is not deployed in ${environment}.` : undefined;
  const operationNames = own && (await nameOperations({ store, work }, hash!, listed));
  const data: ServicePageData = {
    service,
    versions: versions.listed,
    versionCount: versions.count,
    versionPage: versions.page,
    ...(versions.before !== undefined && { versionBefore: versions.before }),
    deployments,
    environments,
    consumers: listed,
    consumerCount: consumers.length,
    consumerPage: { page, pages },
    providers,
    verdicts,
    ...(environment !== undefined && { environment }),
    ...(subject !== undefined && { subject }),
    ...(deprecated && { deprecated }),
    ...(operationNames && { operationNames }),
    ...(notDeployed !== undefined && { notice: notDeployed }),
    providerNames,
    ...(unregistered && { unregistered }),
    ...(unregisteredProviders && { unregisteredProviders }),
    ...(onPage &&
      asConsumer &&
      observer && { observed: { asProvider: onPage.calls, asConsumer, observedOnly: onPage.observedOnly, policy: observer.config.policy } }),
  };
  if (request.from !== undefined && request.to !== undefined) {
    const outcome = await gatherVersionDiff(store, work, { service: name, from: request.from, to: request.to, consumers });
    data.diff = { from: request.from, to: request.to, ...outcome };
  }
  return data;
}

/**
 * A page of the service's versions, the newest first (page 1), read as the API's pages are: a service published from
 * every commit has thousands, and listing them all cost an anonymous visit some 100 ms of the event loop and 2.4 MB.
 * One read with the version just older than the page (its oldest row links to the diff with it); a second only for a
 * page past the last, which shows the last.
 */
async function readVersionPage(store: Store, name: string, asked = 1) {
  const read = (page: number) => store.listVersionPage(name, { start: -(page * VERSIONS_PER_PAGE + 1), limit: VERSIONS_PER_PAGE + 1 });
  let { versions, start, total } = await read(asked);
  const pages = Math.max(1, Math.ceil(total / VERSIONS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, asked));
  if (page !== asked) ({ versions, start, total } = await read(page));
  // The page ends this many places in: a last page shorter than the others reads none after it.
  const end = total - (page - 1) * VERSIONS_PER_PAGE;
  const kept = versions.slice(0, Math.max(0, end - start));
  const listed = kept.length > VERSIONS_PER_PAGE ? kept.slice(1) : kept;
  return { listed, count: total, page: { page, pages }, ...(kept.length > VERSIONS_PER_PAGE && { before: kept[0].version }) };
}

/** The newest version, on the first page; read when another is shown. */
async function readNewest(store: Store, name: string, versions: Awaited<ReturnType<typeof readVersionPage>>): Promise<string | undefined> {
  return versions.page.page === 1 ? versions.listed.at(-1)?.version : (await store.latestVersion(name))?.version;
}

/**
 * Of the callers seen in traces only and listed on the page, those no service is registered as (a span's service.name
 * misspelled, or a service never published), each with the name a typo away; undefined when every one is registered.
 * Only the names near each are read: reading every service cost a 5,000-service registry's page 5,000 records.
 */
async function findUnregistered(store: Store, callers: readonly string[]): Promise<Record<string, string | null> | undefined> {
  const records = await Promise.all(callers.map((name) => store.getService(name)));
  return guessMeant(
    store,
    callers.filter((_, i) => records[i] === undefined),
  );
}

/** As findUnregistered, in one read whatever the number of names: a consumer may declare dozens of providers. */
async function findUnregisteredAmong(store: Store, names: readonly string[]): Promise<Record<string, string | null> | undefined> {
  if (names.length === 0) return undefined;
  const known = new Set((await store.findServices({ names, limit: names.length })).services.map((s) => s.name));
  return guessMeant(
    store,
    names.filter((name) => !known.has(name)),
  );
}

/** Each name no service has, with the service a typo away (or null); undefined when there is none. */
async function guessMeant(store: Store, strangers: readonly string[]): Promise<Record<string, string | null> | undefined> {
  if (strangers.length === 0) return undefined;
  const guesses = await Promise.all(strangers.map(async (name) => findNearestName(name, await store.listServiceNamesNear(name, GUESS_EDITS)) ?? null));
  return Object.fromEntries(strangers.map((name, i) => [name, guesses[i]]));
}

/**
 * What the service's own contract deprecates, and its consumers' uses of it: worked out by a worker once per consumer
 * list kept (kept-consumers.ts) and contract, not per visit. Undefined when the contract no longer parses.
 */
async function readOwnMarks(deps: MarkDeps, hash: string, consumers: readonly ConsumerUse[]): Promise<OwnMarks | undefined> {
  const byContract = deprecatedOf.get(consumers) ?? deprecatedOf.set(consumers, new Map()).get(consumers)!;
  const known = byContract.get(hash);
  if (known) return known;
  const uses = consumers.map(({ consumer, version, declaration }) => ({ consumer, version, declaration: { uses: declaration.uses } }));
  const marks = await readMarks(deps, hash, { refs: [], deprecations: true, uses });
  // Only what was read is kept: a contract that did not parse (or a busy pool) is asked again at the next visit.
  if (!marks.read) return undefined;
  const found = { deprecations: marks.deprecations!, declared: marks.declared! };
  byContract.set(hash, found);
  return found;
}

/** Each deprecated part a misspelling consumer uses, marked with the name its manifest wrote; the kept list is not changed. */
function markMisspelt(declared: DeprecatedUse[], misdirected: readonly ConsumerUse[]): DeprecatedUse[] {
  if (misdirected.length === 0) return declared;
  const written = new Map(misdirected.map((u) => [`${u.consumer}\u0000${u.version}`, u.declaration.declaredAs]));
  return declared.map((u) => {
    const declaredAs = written.get(`${u.consumer}\u0000${u.version}`);
    return declaredAs === undefined ? u : { ...u, declaredAs };
  });
}

/** Each operation reference the consumers make, named by the service's own contract; references it lacks are left out. */
// None when the contract could not be read: a use it does not name would otherwise read as missing from it.
async function nameOperations(deps: MarkDeps, hash: string, consumers: readonly ConsumerUse[]): Promise<Record<string, OperationName> | undefined> {
  const refs = new Set<string>();
  for (const { declaration } of consumers) if (declaration.uses !== '*') for (const { operation } of declaration.uses) refs.add(operation);
  const marks = await readMarks(deps, hash, { refs: [...refs] });
  return marks.read ? marks.names : undefined;
}

/** Each provider's operation references as its contract in scope (deployed there, else its latest) names them. */
async function nameProviderOperations(
  deps: MarkDeps,
  declarations: readonly Declaration[],
  environment: string | undefined,
): Promise<Record<string, Record<string, OperationName>>> {
  const out: Record<string, Record<string, OperationName>> = {};
  for (const { provider, uses } of declarations) {
    if (uses === '*') continue;
    const record = await versionInScope(deps.store, provider, environment !== undefined ? { environment } : {});
    if (!record?.contractHash) continue;
    const marks = await readMarks(deps, record.contractHash, { refs: uses.map((u) => u.operation) });
    if (!marks.read) continue;
    out[provider] = marks.names;
  }
  return out;
}

// Under OVERSEER_USAGE=observed only calls count, as at the gate, in migrations and in sunset warnings: a part declared
// by a consumer never seen calling its operation is in use by nobody, and the page must not list it as still used.
function countDeclared(declared: DeprecatedUse[], observer: ObservedSource | undefined, calls: readonly ObservedCall[] | undefined): DeprecatedUse[] {
  if (observer?.config.policy !== 'observed') return declared;
  const called = new Set((calls ?? []).map((c) => `${c.consumer}\u0000${c.operation}`));
  return declared.filter((u) => called.has(`${u.consumer}\u0000${u.operation}`));
}
