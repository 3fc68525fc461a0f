// A service's page names the caller seen in traces that no service is registered as, with the service probably meant:
// it read every service of the registry to guess (5,000 records at 5,000 services, per visit). The records each store
// call returns are counted on the real store; the guesses are what the page shows beside each such caller.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import type { ObservedSource } from '../../../overseer/gather/migrations.js';
import type { Store } from '../../../overseer/store/store.js';
import { gatherServiceData } from '../../../overseer/ui/gather-service.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { eachStore, useCleanups } from '../store/each-store.js';

const STORES = eachStore();
const work = reusedWorkPool(parseConfig({ db: 'unused.db' }, {}))!;

/** The store, counting the records its calls return (a list's length, one for a record found). */
function countingRecords(store: Store, counted: { records: number }): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(target, args);
        counted.records += Array.isArray(result) ? result.length : result instanceof Map ? result.size : result === undefined ? 0 : 1;
        return result;
      };
    },
  });
}

describe.each(STORES)('the service page of a provider called by unregistered callers on %s', (_name, open) => {
  const cleanups = useCleanups();

  it('reads as many records with 60 other services registered as with none, and guesses the same names', async () => {
    const handle = await open();
    cleanups.push(handle.cleanup);
    const { store } = handle;
    await store.createEnvironment('production');
    for (const name of ['users-service', 'billing-worker', 'ledger-service']) await store.upsertService({ name, owners: ['@acme/team'] });
    const seen = new Date().toISOString();
    const call = { provider: 'users-service', operation: 'GET /users/{id}', environment: 'production', count: 1, firstSeen: seen, lastSeen: seen };
    await store.recordObservedCalls(['billing-wroker', 'Ledger-Service', 'reporting-job'].map((consumer) => ({ ...call, consumer })));
    const observed: ObservedSource = { listCalls: (query) => store.listObservedCalls(query), config: { policy: 'both' } };
    const visit = async () => {
      const counted = { records: 0 };
      const data = await gatherServiceData(countingRecords(store, counted), work, 'users-service', {}, observed);
      return { records: counted.records, unregistered: data?.unregistered };
    };

    const few = await visit();
    expect(few.unregistered).toEqual({ 'billing-wroker': 'billing-worker', 'Ledger-Service': 'ledger-service', 'reporting-job': null });
    for (let i = 0; i < 60; i++) await store.upsertService({ name: `svc-${String(i).padStart(3, '0')}`, owners: ['@acme/many'] });
    const many = await visit();
    expect(many.unregistered).toEqual(few.unregistered);
    expect(many.records).toBe(few.records);
  }, 120_000);
});
