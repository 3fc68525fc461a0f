// The tracked-migration check (at start and every hour) reads the store a page of deployments at a time: one provider at
// a time, a registry of 5,000 services cost thousands of round trips to PostgreSQL every hour. The store calls are
// counted on the real store (each one a round trip on PostgreSQL); what the check finds is the notice its users see.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import { parseNotifyConfig } from '../../../overseer/notify/config.js';
import { checkAllMigrations } from '../../../overseer/notify/ready.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { makeContract, sha256 } from '../store/builders.js';
import { eachStore, useCleanups } from '../store/each-store.js';
import { countingStore } from '../ui/counting-store.js';

const STORES = eachStore();
const work = reusedWorkPool(parseConfig({ db: 'unused.db' }, {}))!;
const config = parseNotifyConfig({}, (message) => new Error(message));

/** users-service's contract, its response field `email` deprecated. */
function deprecatingContract() {
  const user = { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', deprecated: true } } };
  const responses = { '200': { description: 'a user', content: { 'application/json': { schema: user } } } };
  const text = JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'users', version: '1' },
    paths: { '/users/{id}': { get: { operationId: 'getUser', responses } } },
  });
  return { hash: sha256(text), canonical: text, text, format: 'json' as const };
}

const readsUser = (consumer: string, response: string[]) => [{ consumer, provider: 'users-service', uses: [{ operation: 'getUser', response }] }];

describe.each(STORES)('the migration check on %s', (_name, open) => {
  const cleanups = useCleanups();

  async function deployProviders(store: Store, from: number, to: number) {
    for (let i = from; i < to; i++) {
      const name = `plain-${i}`;
      await store.upsertService({ name, owners: ['@acme/plain'] });
      await store.publishVersion({ service: name, version: '1.0.0', contract: makeContract([`/plain-${i}`]) });
      await store.recordDeployment({ service: name, version: '1.0.0', environment: 'production' });
    }
  }

  it('makes as many reads with 45 providers deployed as with 5, and still says when the last user of a deprecated field left', async () => {
    const handle = await open();
    cleanups.push(handle.cleanup);
    const calls = new Map<string, number>();
    const store = countingStore(handle.store, calls);
    await store.createEnvironment('production');
    for (const name of ['users-service', 'web-app']) await store.upsertService({ name, owners: ['@acme/team'] });
    await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: deprecatingContract() });
    await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
    await store.publishVersion({ service: 'web-app', version: '1.0.0', declarations: readsUser('web-app', ['id', 'email']) });
    await store.publishVersion({ service: 'web-app', version: '1.1.0', declarations: readsUser('web-app', ['id']) });
    await store.recordDeployment({ service: 'web-app', version: '1.0.0', environment: 'production' });
    await deployProviders(store, 0, 5);
    const check = async () => {
      calls.clear();
      const freed = await checkAllMigrations({ store, work, config, now: () => new Date() });
      return { freed, reads: [...calls.values()].reduce((a, b) => a + b, 0) };
    };
    // The first check remembers web-app reading `email`; the next ones find nothing new.
    expect((await check()).freed).toBe(0);
    const few = await check();
    await deployProviders(store, 5, 45);
    // The forty contracts new to the check are read together, once; the providers no service is named (misspelt in a
    // manifest, counted as the gate counts them) are read again once, for the environment's new generation.
    const first = await check();
    const many = await check();
    expect([first.freed, many.freed]).toEqual([0, 0]);
    expect(first.reads).toBeLessThanOrEqual(few.reads + 2);
    expect(many.reads).toBe(few.reads);

    await store.recordDeployment({ service: 'web-app', version: '1.1.0', environment: 'production' });
    expect((await check()).freed).toBe(1);
    expect((await check()).freed).toBe(0);
  }, 120_000);
});
