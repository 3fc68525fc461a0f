// The migration check of a provider that deprecates a part reads its users and its history a fixed number of times:
// one caller at a time (each undeclared caller's live versions) and one live version at a time (each version's row,
// the names, a page of history), a provider called by hundreds of services cost hundreds of round trips to PostgreSQL
// at every check. The store calls are counted on the real store; what the check remembers is who the notice names.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import type { ObservedSource } from '../../../overseer/gather/migrations.js';
import { parseNotifyConfig } from '../../../overseer/notify/config.js';
import { checkAllMigrations } from '../../../overseer/notify/ready.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { sha256 } from '../store/builders.js';
import { eachStore, useCleanups } from '../store/each-store.js';
import { countingStore } from '../ui/counting-store.js';

const STORES = eachStore();
const work = reusedWorkPool(parseConfig({ db: 'unused.db' }, {}))!;
const config = parseNotifyConfig({}, (message) => new Error(message));

/** users-service's contract at `version`, its response field `email` deprecated when `deprecated`. */
function usersContract(version: string, deprecated: boolean) {
  const user = { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', ...(deprecated && { deprecated: true }) } } };
  const responses = { '200': { description: 'a user', content: { 'application/json': { schema: user } } } };
  const text = JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'users', version },
    paths: { '/users/{id}': { get: { operationId: 'getUser', responses } } },
  });
  return { hash: sha256(text), canonical: text, text, format: 'json' as const };
}

/** Calls read from the store, as the worker's periodic check reads them. */
const fromStore = (store: Store): ObservedSource => ({ listCalls: (query) => store.listObservedCalls(query), config: { policy: 'both' } });

describe.each(STORES)('the migration check of a provider with callers seen in traces on %s', (_name, open) => {
  const cleanups = useCleanups();

  /** `count` services deployed to production and seen calling getUser there, none declaring it. */
  async function addCallers(store: Store, from: number, to: number) {
    const seen = new Date().toISOString();
    for (let i = from; i < to; i++) {
      const name = `caller-${i}`;
      await store.upsertService({ name, owners: ['@acme/callers'] });
      await store.publishVersion({ service: name, version: '1.0.0' });
      await store.recordDeployment({ service: name, version: '1.0.0', environment: 'production' });
      const call = { consumer: name, provider: 'users-service', operation: 'GET /users/{id}', environment: 'production' };
      await store.recordObservedCalls([{ ...call, count: 3, firstSeen: seen, lastSeen: seen }]);
    }
  }

  it('makes as many reads with 30 undeclared callers and two live versions as with 2 callers and one, and remembers every caller', async () => {
    const handle = await open();
    cleanups.push(handle.cleanup);
    const calls = new Map<string, number>();
    const store = countingStore(handle.store, calls);
    await store.createEnvironment('production');
    await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
    await store.publishVersion({ service: 'users-service', version: '0.9.0', contract: usersContract('0.9.0', false) });
    await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: usersContract('1.0.0', true) });
    await store.publishVersion({ service: 'users-service', version: '1.1.0', contract: usersContract('1.1.0', true) });
    await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
    await addCallers(store, 0, 2);
    const observed = fromStore(store);
    const check = async () => {
      calls.clear();
      const freed = await checkAllMigrations({ store, work, config, observed, now: () => new Date() });
      const watched = await handle.store.listMigrationWatch({ provider: 'users-service', environment: 'production' });
      return { freed, reads: [...calls.values()].reduce((a, b) => a + b, 0), users: watched.flatMap((w) => w.users) };
    };
    await check();
    const few = await check();
    expect(few.users).toEqual(['caller-0', 'caller-1']);

    await addCallers(store, 2, 30);
    // A rollout under way: 1.1.0 beside 1.0.0, both serving the deprecated field.
    await store.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'production', mode: 'rolling' });
    await check();
    const many = await check();
    expect(many.users).toEqual(Array.from({ length: 30 }, (_, i) => `caller-${i}`).sort());
    expect(many.reads).toBe(few.reads);
    expect([few.freed, many.freed]).toEqual([0, 0]);
  }, 120_000);
});
