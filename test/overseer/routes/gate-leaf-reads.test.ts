// A leaf's can-i-deploy read its environment's generation once for each of the gate's kept reads (the counted versions,
// the misdirected consumers, the replaced callers, the callers that declare nothing) and the observed calls twice (the
// calls of it, the calls it made): every ask, on every store. Each is now read once per ask and handed on. The store
// calls are counted on the real store; the notices are what the user reads, a call recorded since included.

import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import type { Store } from '../../../overseer/store/store.js';
import { eachStore, useCleanups } from '../store/each-store.js';
import { USERS_V1 } from './fixtures.js';
import { openCountedApp } from './harness.js';

const STORES = eachStore();
const readsId = [{ consumer: 'leaf', provider: 'users-service', uses: [{ operation: 'getUser', response: ['id'] }] }];

/** A call within the window, recorded as any replica's would be: straight to the store. */
function recordCall(store: Store, consumer: string, provider: string, operation: string, consumerVersion?: string) {
  const seen = new Date().toISOString();
  const call = { consumer, provider, operation, environment: 'production', count: 2, firstSeen: seen, lastSeen: seen };
  return store.recordObservedCalls([{ ...call, ...(consumerVersion && { consumerVersion }) }]);
}

describe.each(STORES)("a leaf's can-i-deploy on %s", (_name, open) => {
  const cleanups = useCleanups();

  /** users-service in production; leaf 1.0.0 live there reading its getUser, 1.1.0 the same; shop 1.0.0 live, calling leaf. */
  async function openRegistry(): Promise<{ app: FastifyInstance; store: Store; calls: Map<string, number> }> {
    const handle = await open();
    cleanups.push(handle.cleanup);
    const { app, calls } = await openCountedApp(handle.store, cleanups, [
      ['POST', '/v1/environments', { name: 'production' }],
      ['POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, service: { owners: ['@acme/users'] } }],
      ['POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }],
      ['POST', '/v1/services/leaf/versions', { version: '1.0.0', declarations: readsId, service: { owners: ['@acme/leaf'] } }],
      ['POST', '/v1/deployments', { service: 'leaf', version: '1.0.0', environment: 'production' }],
      ['POST', '/v1/services/leaf/versions', { version: '1.1.0', declarations: readsId }],
      ['POST', '/v1/services/shop/versions', { version: '1.0.0', service: { owners: ['@acme/shop'] } }],
      ['POST', '/v1/deployments', { service: 'shop', version: '1.0.0', environment: 'production' }],
    ]);
    // Calls that bring every kept read of the ask into play: leaf's, beyond what it declares, and a caller of leaf that
    // names its version and declares nothing of it.
    await recordCall(handle.store, 'leaf', 'users-service', 'POST /users');
    await recordCall(handle.store, 'shop', 'leaf', 'GET /orders', '1.0.0');
    return { app, store: handle.store, calls };
  }

  /** leaf 1.1.0 to production: the calls the notices name as undeclared, and the store reads the ask made of each kind. */
  async function ask(app: FastifyInstance, calls: Map<string, number>) {
    calls.clear();
    const res = await app.inject('/v1/can-i-deploy?service=leaf&version=1.1.0&environment=production');
    expect(res.statusCode, res.body).toBe(200);
    const notices = (res.json() as Verdict).notices ?? [];
    const undeclared = notices.filter((n) => n.code === 'undeclared-call').map((n) => n.message.match(/calling users-service (\S+ \S+)/)?.[1]);
    const reads = (verb: string) => calls.get(verb) ?? 0;
    return { undeclared, generations: reads('readScopeGeneration'), callReads: reads('listObservedCalls'), marks: reads('readWriteMark') };
  }

  it('reads the generation once and the observed calls once, and names a call recorded since at the next ask', async () => {
    const { app, store, calls } = await openRegistry();
    const first = await ask(app, calls);
    expect(first.undeclared).toEqual(['POST /users']);
    expect([first.generations, first.callReads]).toEqual([1, 1]);
    const again = await ask(app, calls);
    expect(again).toEqual({ undeclared: ['POST /users'], generations: 1, callReads: 0, marks: 1 });

    // Another replica records a call leaf made: the write mark moves, and the next ask reads the calls again, both ways.
    await recordCall(store, 'leaf', 'users-service', 'GET /users');
    const after = await ask(app, calls);
    expect([...after.undeclared].sort()).toEqual(['GET /users', 'POST /users']); // neither is offered by users-service 1.0.0: said in the order seen
    expect([after.generations, after.marks, after.callReads]).toEqual([1, 1, 1]);
    expect((await ask(app, calls)).callReads).toBe(0);
  }, 120_000);
});
