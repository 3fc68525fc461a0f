// What a provider's migrations are decided from: its deployed contract, the history that says when each part was
// deprecated, and who uses it there (declared or seen). Read here, decided by contracts' listMigrations (pure) in the
// worker pool, where the contracts were parsed: the event loop sends hashes and names, and receives the migrations.

import type { Migration } from '../../contracts/index.js';
import type { Observer } from '../observe/observer.js';
import { splitReplacedCalls } from '../observe/replaced-calls.js';
import type { Store } from '../store/store.js';
import { sortVersions } from '../store/version-order.js';
import { askByHash, refOf } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { WireMigrations } from '../work/wire.js';

// `deprecatedIn` looks this far back; older history rarely matters and each version is a contract to read.
const HISTORY_READ = 20;

/** Where observed calls come from: the app's observer, or the store read within the window (the worker's periodic check). */
export type ObservedSource = Pick<Observer, 'listCalls'> & { config: Pick<Observer['config'], 'policy'> };

/** The pool as the migrations use it. */
export type MigrationWork = Pick<WorkPool, 'listMigrations' | 'markContract'>;

/** The migrations of `service` in one environment; none where it is not deployed or publishes no contract. */
export async function gatherMigrations(
  store: Store,
  work: MigrationWork,
  service: string,
  environment: string,
  observed?: ObservedSource,
): Promise<Migration[]> {
  const deployment = await store.currentDeployment(service, environment);
  const record = deployment && (await store.getVersion(service, deployment.version));
  const hash = record?.contractHash;
  if (!deployment || !hash) return [];
  // Most contracts deprecate nothing: their history and consumers need not be read (this runs after deployments).
  const deprecations = await askByHash(
    store,
    () => [hash],
    async (texts) => {
      if (texts && !texts.has(hash)) return 0;
      const marks = await work.markContract({ refs: [], deprecations: true, contract: refOf(hash, texts) });
      if ('missing' in marks || marks.read) return 'missing' in marks ? marks : (marks.deprecations ?? []).length;
      // Not an empty list: the ready check would take it for every consumer gone.
      throw new Error(`the contract stored for ${service} ${deployment.version} (sha256 ${hash.slice(0, 12)}) no longer parses`);
    },
  );
  if (deprecations === 0) return [];
  const versions = sortVersions(await store.listVersions(service));
  const at = versions.findIndex((v) => v.version === deployment.version);
  const earlier = versions
    .slice(Math.max(0, at - HISTORY_READ), at)
    .reverse()
    .map((v) => ({ version: v.version, hash: v.contractHash }));
  // A version that published no contract ends the walk back, as one whose contract is gone.
  const stop = earlier.findIndex((v) => v.hash === null);
  const walked = (stop === -1 ? earlier : earlier.slice(0, stop)).map((v) => ({ version: v.version, hash: v.hash! }));
  const users = (await store.listConsumersOf(service, { environment })).map((u) => ({ consumer: u.consumer, declaration: u.declaration }));
  const question: Omit<WireMigrations, 'deployed' | 'earlier'> = { environment, users };
  if (observed && observed.config.policy !== 'declared') {
    // As at the gate: the calls of a consumer version replaced there went with it.
    const { counted: calls } = await splitReplacedCalls(store, await observed.listCalls({ provider: service, environment }));
    // A consumer seen calling that declares nothing of the provider counts too, when it runs there (a release included).
    for (const consumer of new Set(calls.map((c) => c.consumer))) {
      if (users.some((u) => u.consumer === consumer) || (await store.liveDeployments(consumer, environment)).length === 0) continue;
      users.push({ consumer, declaration: { consumer, provider: service, uses: [] } });
    }
    question.observed = { provider: service, calls, usage: observed.config.policy };
  }
  return askByHash(
    store,
    () => [hash, ...walked.map((v) => v.hash)],
    (texts) =>
      work.listMigrations({
        ...question,
        deployed: { version: deployment.version, contract: refOf(hash, texts) },
        earlier: walked.map((v) => ({ version: v.version, contract: refOf(v.hash, texts) })),
        ...(texts && { withTexts: true }),
      }),
  );
}
