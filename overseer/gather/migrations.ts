// What a provider's migrations are decided from: its deployed contract, the history that says when each part was
// deprecated, and who uses it there (declared or seen). Read here, decided by contracts' listMigrations (pure) in the
// worker pool, where the contracts were parsed: the event loop sends hashes and names, and receives the migrations.

import { type Declaration, keyOfMigration, type LeftOutCalls, type Migration, type ObservedCall, type ReplacedCall } from '../../contracts/index.js';
import type { Observer } from '../observe/observer.js';
import { splitReplacedCalls } from '../observe/replaced-calls.js';
import type { Store } from '../store/store.js';
import { askByHash, refOf } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { WireMigrations } from '../work/wire.js';
import { listMisdirectedUses } from './misdirected-uses.js';

// `deprecatedIn` looks this far back; older history rarely matters and each version is a contract to read.
const HISTORY_READ = 20;

/** Where observed calls come from: the app's observer, or the store read within the window (the worker's periodic check). */
export type ObservedSource = Pick<Observer, 'listCalls'> & { config: Pick<Observer['config'], 'policy'> };

/** The pool as the migrations use it. */
export type MigrationWork = Pick<WorkPool, 'listMigrations' | 'markContract'>;

type Users = { consumer: string; declaration: Declaration }[];

/**
 * The migrations of `service` in one environment; none where it is not deployed or publishes no contract. Every live
 * version counts, newest first: while a rollout that drops a deprecated part is under way, the version before it still
 * serves the part to those who call it, and the gate still refuses its removal because of them. A few reads however
 * many versions are live (`live`, newest first, when the caller read them already) and however many callers are seen.
 */
export async function gatherMigrations(
  store: Store,
  work: MigrationWork,
  service: string,
  environment: string,
  observed?: ObservedSource,
  live?: readonly string[],
): Promise<Migration[]> {
  const versions = live ?? (await listLiveVersions(store, service, environment));
  const records = versions.length > 0 ? await store.readVersionSet(versions.map((version) => ({ service, version }))) : [];
  const deprecating: { version: string; hash: string }[] = [];
  for (const [i, version] of versions.entries()) {
    const hash = records[i]?.contractHash;
    // Most contracts deprecate nothing: their history and consumers need not be read (this runs after deployments).
    if (hash && (await countDeprecations(store, work, service, version, hash)) > 0) deprecating.push({ version, hash });
  }
  if (deprecating.length === 0) return [];
  const question = await readUsers(store, service, environment, observed);
  const earlier = await readEarlier(
    store,
    service,
    deprecating.map((d) => d.version),
  );
  const ranThere = await readVersionsLiveThere(store, service, environment, versions);
  const byPart = new Map<string, Migration>();
  for (const { version, hash } of deprecating) {
    const walked = earlier.get(version) ?? [];
    const found = await askByHash(
      store,
      () => [hash, ...walked.map((v) => v.hash)],
      (texts) =>
        work.listMigrations({
          ...question,
          deployed: { version, contract: refOf(hash, texts) },
          earlier: walked.map((v) => ({ version: v.version, contract: refOf(v.hash, texts), ...(!ranThere.has(v.version) && { neverLive: true as const }) })),
          ...(texts && { withTexts: true }),
        }),
    );
    for (const m of found) if (!byPart.has(keyOfMigration(m))) byPart.set(keyOfMigration(m), m);
  }
  return [...byPart.values()];
}

/** How many parts the contract of `version` deprecates, asked of the worker pool; a contract that no longer parses is an error. */
async function countDeprecations(store: Store, work: MigrationWork, service: string, version: string, hash: string): Promise<number> {
  return askByHash(
    store,
    () => [hash],
    async (texts) => {
      if (texts && !texts.has(hash)) return 0;
      const marks = await work.markContract({ refs: [], deprecations: true, contract: refOf(hash, texts) });
      if ('missing' in marks || marks.read) return 'missing' in marks ? marks : (marks.deprecations ?? []).length;
      // Not an empty list: the ready check would take it for every consumer gone.
      throw new Error(`the contract stored for ${service} ${version} (sha256 ${hash.slice(0, 12)}) no longer parses`);
    },
  );
}

/** Who uses `service` in `environment`, declared or (where observed calls count) seen calling it, and the calls seen. */
async function readUsers(store: Store, service: string, environment: string, observed: ObservedSource | undefined) {
  // A consumer declaring the service under a misspelt name counts, as at the gate (misdirected-uses.ts).
  const declaring = [...(await store.listConsumersOf(service, { environment })), ...(await listMisdirectedUses(store, service, { environment }))];
  const users: Users = declaring.map((u) => ({ consumer: u.consumer, declaration: u.declaration }));
  // Under OVERSEER_USAGE=declared the calls count for nothing, but are read all the same: a part called in traces is
  // listed ready with who calls it, not as used by nobody.
  const seen = await gatherObservedUsers(store, service, environment, users, observed, true);
  for (const { consumer } of seen?.undeclared ?? []) users.push({ consumer, declaration: { consumer, provider: service, uses: [] } });
  const question: Omit<WireMigrations, 'deployed' | 'earlier'> = { environment, users };
  if (seen && observed) question.observed = { provider: service, calls: seen.calls, usage: observed.config.policy, replaced: seen.replaced };
  return question;
}

/**
 * Every version of `service` ever live in `environment` (those live now, and its last 1,000 deployments there): a
 * version never live there, a removal the gate refused, ended no deprecation there (contracts' listMigrations).
 */
async function readVersionsLiveThere(store: Store, service: string, environment: string, live: readonly string[]): Promise<Set<string>> {
  const ended = await store.listReplacedDeployments(environment, [service]);
  return new Set([...live, ...ended.map((d) => d.version)]);
}

/** The versions of `service` live in `environment`, newest first, each once (a version deployed and released is one). */
export async function listLiveVersions(store: Store, service: string, environment: string): Promise<string[]> {
  return toLiveVersions(await store.liveDeployments(service, environment));
}

/** `listLiveVersions` of one service's live deployments as read, oldest first. */
export function toLiveVersions(deployments: readonly { version: string }[]): string[] {
  return [...new Set(deployments.map((d) => d.version))].reverse();
}

/**
 * For each of `versions`, those published before it, newest first, up to the first without a contract: where
 * `deprecatedIn` is looked for. Two reads however many versions: the names in order, then the rows of the windows alone
 * (a service published from every commit has thousands, and an anonymous visit of its migrations page read every one).
 */
async function readEarlier(store: Store, service: string, versions: readonly string[]): Promise<Map<string, { version: string; hash: string }[]>> {
  const names = await store.listVersionNames(service);
  const windows = versions.map((version) => {
    const at = names.indexOf(version);
    return at <= 0 ? [] : names.slice(Math.max(0, at - HISTORY_READ), at).reverse();
  });
  const wanted = [...new Set(windows.flat())];
  const records = wanted.length > 0 ? await store.readVersionSet(wanted.map((version) => ({ service, version }))) : [];
  const byName = new Map(wanted.map((version, i) => [version, records[i]]));
  const earlier = new Map<string, { version: string; hash: string }[]>();
  for (const [i, version] of versions.entries()) {
    const walked: { version: string; hash: string }[] = [];
    earlier.set(version, walked);
    for (const name of windows[i]) {
      const record = byName.get(name);
      if (!record) continue;
      // A version that published no contract ends the walk back, as one whose contract is gone (the worker stops there).
      if (record.contractHash === null) break;
      walked.push({ version: name, hash: record.contractHash });
    }
  }
  return earlier;
}

/**
 * The calls of `provider` seen in `environment` that count as use, as the gate counts them, and the consumers among their
 * callers that run there (a release included) but are not among `declaring`, each with a live version of theirs.
 * Undefined when observed calls do not count. Migrations and sunset warnings both read use this way.
 */
export async function gatherObservedUsers(
  store: Store,
  provider: string,
  environment: string,
  declaring: readonly { consumer: string }[],
  observed: ObservedSource | undefined,
  evenUncounted = false,
): Promise<{ calls: ObservedCall[]; undeclared: { consumer: string; version: string }[]; replaced: ReplacedCall[] } | undefined> {
  if (!observed || (observed.config.policy === 'declared' && !evenUncounted)) return undefined;
  // As at the gate: the calls of a consumer version replaced there went with it.
  const all = await observed.listCalls({ provider, environment });
  const { counted: calls, leftOut } = await splitReplacedCalls(store, all);
  const replaced = listReplacedCalls(all, calls, leftOut);
  const declared = new Set(declaring.map((u) => u.consumer));
  const callers = [...new Set(calls.map((c) => c.consumer))].filter((consumer) => !declared.has(consumer));
  // Every caller's live versions in one read (by service, oldest first): a provider called by hundreds of undeclared
  // services cost a round trip each.
  const oldest = new Map<string, string>();
  const live = callers.length > 0 ? await store.currentDeployments(environment, callers) : [];
  for (const d of live) if (!oldest.has(d.service)) oldest.set(d.service, d.version);
  const undeclared = callers.flatMap((consumer) => (oldest.has(consumer) ? [{ consumer, version: oldest.get(consumer)! }] : []));
  return { calls, undeclared, replaced };
}

/** The calls left out because their version was replaced there, each with what replaced it and when: who moved. */
function listReplacedCalls(all: readonly ObservedCall[], counted: readonly ObservedCall[], leftOut: readonly LeftOutCalls[]): ReplacedCall[] {
  const kept = new Set(counted);
  const ended = new Map(leftOut.map((l) => [`${l.consumer}\u0000${l.consumerVersion}`, l]));
  return all.flatMap((call) => {
    const end = kept.has(call) || call.consumerVersion === undefined ? undefined : ended.get(`${call.consumer}\u0000${call.consumerVersion}`);
    if (!end) return [];
    const { consumer, operation, lastSeen } = call;
    return [{ consumer, consumerVersion: call.consumerVersion!, operation, lastSeen, replacedBy: end.replacedBy, since: end.since }];
  });
}
