// What a provider's migrations are decided from: its deployed contract, the history that says when each part was
// deprecated, and who uses it there (declared or seen). Read here, decided by contracts' listMigrations (pure).

import {
  type Declaration,
  keyOfMigration,
  listDeprecations,
  listMigrations,
  type Migration,
  type ObservedCall,
  type OpenApiDocument,
} from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { Observer } from '../observe/observer.js';
import { splitReplacedCalls } from '../observe/replaced-calls.js';
import type { Store } from '../store/store.js';
import { sortVersions } from '../store/version-order.js';

// `deprecatedIn` looks this far back; older history rarely matters and each version is a contract to read.
const HISTORY_READ = 20;

/** Where observed calls come from: the app's observer, or the store read within the window (the worker's periodic check). */
export type ObservedSource = Pick<Observer, 'listCalls'> & { config: Pick<Observer['config'], 'policy'> };

/**
 * The migrations of `service` in one environment; none where it is not deployed or publishes no contract. Every live
 * version counts, newest first: while a rollout that drops a deprecated part is under way, the version before it still
 * serves the part to those who call it, and the gate still refuses its removal because of them.
 */
export async function gatherMigrations(
  store: Store,
  contracts: ContractCache,
  service: string,
  environment: string,
  observed?: ObservedSource,
): Promise<Migration[]> {
  const byPart = new Map<string, Migration>();
  let users: { consumer: string; declaration: Declaration }[] | undefined;
  let seen: Awaited<ReturnType<typeof gatherObservedUsers>>;
  for (const version of await listLiveVersions(store, service, environment)) {
    const record = await store.getVersion(service, version);
    const contract = record?.contractHash ? await contracts.get(record.contractHash) : undefined;
    // Most contracts deprecate nothing: their history and consumers need not be read (this runs after deployments).
    if (!contract || listDeprecations(contract.doc).length === 0) continue;
    if (!users) {
      users = (await store.listConsumersOf(service, { environment })).map((u) => ({ consumer: u.consumer, declaration: u.declaration }));
      seen = await gatherObservedUsers(store, service, environment, users, observed);
      for (const { consumer } of seen?.undeclared ?? []) users.push({ consumer, declaration: { consumer, provider: service, uses: [] } });
    }
    const input = {
      environment,
      deployed: { version, doc: contract.doc },
      earlier: await readEarlier(store, contracts, service, version),
      users,
    };
    const found =
      seen && observed
        ? listMigrations({ ...input, observed: { provider: service, calls: seen.calls, usage: observed.config.policy, contract } })
        : listMigrations(input);
    for (const m of found) if (!byPart.has(keyOfMigration(m))) byPart.set(keyOfMigration(m), m);
  }
  return [...byPart.values()];
}

/** The versions of `service` live in `environment`, newest first, each once (a version deployed and released is one). */
export async function listLiveVersions(store: Store, service: string, environment: string): Promise<string[]> {
  return [...new Set((await store.liveDeployments(service, environment)).map((d) => d.version))].reverse();
}

/** The versions published before `version`, newest first, up to the first without a contract: where `deprecatedIn` is looked for. */
async function readEarlier(store: Store, contracts: ContractCache, service: string, version: string): Promise<{ version: string; doc: OpenApiDocument }[]> {
  const versions = sortVersions(await store.listVersions(service));
  const at = versions.findIndex((v) => v.version === version);
  const earlier: { version: string; doc: OpenApiDocument }[] = [];
  for (const v of versions.slice(Math.max(0, at - HISTORY_READ), at).reverse()) {
    const doc = v.contractHash === null ? undefined : (await contracts.get(v.contractHash))?.doc;
    if (!doc) break;
    earlier.push({ version: v.version, doc });
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
): Promise<{ calls: ObservedCall[]; undeclared: { consumer: string; version: string }[] } | undefined> {
  if (!observed || observed.config.policy === 'declared') return undefined;
  // As at the gate: the calls of a consumer version replaced there went with it.
  const { counted: calls } = await splitReplacedCalls(store, await observed.listCalls({ provider, environment }));
  const undeclared: { consumer: string; version: string }[] = [];
  for (const consumer of new Set(calls.map((c) => c.consumer))) {
    if (declaring.some((u) => u.consumer === consumer)) continue;
    const live = await store.liveDeployments(consumer, environment);
    if (live.length > 0) undeclared.push({ consumer, version: live[0].version });
  }
  return { calls, undeclared };
}
