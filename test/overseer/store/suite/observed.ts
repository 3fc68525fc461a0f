// Store suite: calls observed in traces, aggregated per key, listed by filter and pruned by age.

import { beforeEach, describe, expect, it } from 'vitest';
import type { ObservedCallInput, Store } from '../../../../overseer/store/store.js';
import { makeVerdict } from '../builders.js';

const call = (over: Partial<ObservedCallInput> = {}): ObservedCallInput => ({
  consumer: 'web-app',
  provider: 'users-service',
  operation: 'GET /users/{id}',
  environment: 'production',
  count: 3,
  firstSeen: '2026-01-10T10:00:00.000Z',
  lastSeen: '2026-01-10T11:00:00.000Z',
  ...over,
});

export function describeObserved(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('observed calls', () => {
    it('adds counts and widens first and last seen, within a batch and across batches', async () => {
      await store.recordObservedCalls([call(), call({ count: 2, firstSeen: '2026-01-09T08:00:00.000Z', lastSeen: '2026-01-09T09:00:00.000Z' })]);
      await store.recordObservedCalls([call({ count: 5, firstSeen: '2026-01-12T00:00:00.000Z', lastSeen: '2026-01-12T01:00:00.000Z' })]);
      expect(await store.listObservedCalls()).toEqual([call({ count: 10, firstSeen: '2026-01-09T08:00:00.000Z', lastSeen: '2026-01-12T01:00:00.000Z' })]);
    });

    it('adds counts up to 2^53 - 1 and stops there, even from a row above it (written before counts were bounded)', async () => {
      await store.recordObservedCalls([call({ count: Number.MAX_SAFE_INTEGER - 1 })]);
      await store.recordObservedCalls([call({ count: 5 })]);
      await store.recordObservedCalls([call({ consumer: 'old-app', count: 9e18 })]);
      await store.recordObservedCalls([call({ consumer: 'old-app', count: 9e18 })]);
      expect((await store.listObservedCalls()).map((c) => [c.consumer, c.count])).toEqual([
        ['old-app', Number.MAX_SAFE_INTEGER],
        ['web-app', Number.MAX_SAFE_INTEGER],
      ]);
    });

    it("keeps the caller's versions apart, a call naming none apart from them, and counts each version's calls up", async () => {
      await store.recordObservedCalls([call({ consumerVersion: '1.0.0' }), call(), call({ consumerVersion: '1.1.0' })]);
      await store.recordObservedCalls([call({ consumerVersion: '1.0.0', count: 1 })]);
      expect(await store.listObservedCalls()).toEqual([call(), call({ consumerVersion: '1.0.0', count: 4 }), call({ consumerVersion: '1.1.0' })]);
    });

    it('keeps one row per consumer, provider, operation and environment, and filters by each', async () => {
      await store.recordObservedCalls([
        call(),
        call({ environment: 'staging' }),
        call({ consumer: 'admin-app' }),
        call({ provider: 'orders-service', operation: 'POST /orders' }),
      ]);
      const keys = (list: ObservedCallInput[]) => list.map((c) => `${c.consumer} ${c.provider} ${c.operation} ${c.environment}`);
      expect(keys(await store.listObservedCalls())).toEqual([
        'admin-app users-service GET /users/{id} production',
        'web-app orders-service POST /orders production',
        'web-app users-service GET /users/{id} production',
        'web-app users-service GET /users/{id} staging',
      ]);
      expect(keys(await store.listObservedCalls({ provider: 'users-service', environment: 'production' }))).toEqual([
        'admin-app users-service GET /users/{id} production',
        'web-app users-service GET /users/{id} production',
      ]);
      expect(keys(await store.listObservedCalls({ consumer: 'web-app', provider: 'orders-service' }))).toEqual([
        'web-app orders-service POST /orders production',
      ]);
    });

    it('lists the calls a service made and was made at once, each once, in the order of the other listings', async () => {
      const pair = (consumer: string, provider: string, environment = 'production') => call({ consumer, provider, environment });
      await store.recordObservedCalls([pair('web-app', 'leaf'), pair('leaf', 'users-service'), pair('leaf', 'leaf'), pair('shop', 'users-service')]);
      await store.recordObservedCalls([pair('leaf', 'users-service', 'staging')]);
      const both = await store.listObservedCalls({ party: 'leaf', environment: 'production' });
      expect(both.map((c) => `${c.consumer}>${c.provider}`)).toEqual(['leaf>leaf', 'leaf>users-service', 'web-app>leaf']);
      const ways = [{ provider: 'leaf' }, { consumer: 'leaf' }].map((q) => store.listObservedCalls({ ...q, environment: 'production' }));
      const [of, by] = await Promise.all(ways);
      expect(both.filter((c) => c.provider === 'leaf')).toEqual(of);
      expect(both.filter((c) => c.consumer === 'leaf')).toEqual(by);
    });

    it('lists only calls last seen within the window, and prunes the older ones', async () => {
      await store.recordObservedCalls([call({ consumer: 'old-app', lastSeen: '2026-01-01T00:00:00.000Z', firstSeen: '2026-01-01T00:00:00.000Z' }), call()]);
      const since = '2026-01-05T00:00:00.000Z';
      expect((await store.listObservedCalls({ since })).map((c) => c.consumer)).toEqual(['web-app']);
      expect(await store.pruneObservedCalls(since)).toBe(1);
      expect((await store.listObservedCalls()).map((c) => c.consumer)).toEqual(['web-app']);
      expect(await store.pruneObservedCalls(since)).toBe(0);
    });

    it('moves the write mark with every write of observed calls (imported, recorded, pruned) and not with a recorded verdict', async () => {
      const marks = [await store.readWriteMark()];
      const moved = async () => {
        const mark = await store.readWriteMark();
        expect(marks).not.toContain(mark);
        marks.push(mark);
      };
      const old = call({ consumer: 'old-app', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-01T00:00:00.000Z' });
      expect(await store.importRecords([{ kind: 'observed-call', ...old }])).toBe(true);
      await moved();
      // Every can-i-deploy records a verdict: were it to move the mark, the gate would read a hub's calls again on each ask.
      await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', true), 'ci-web');
      await store.recordVerdict(makeVerdict('web-app', '1.0.1', 'production', false), 'ci-web');
      expect(await store.readWriteMark()).toBe(marks.at(-1));
      await store.recordObservedCalls([call()]);
      await moved();
      expect(await store.pruneObservedCalls('2026-01-05T00:00:00.000Z')).toBe(1);
      await moved();
      expect((await store.listObservedCalls()).map((c) => c.consumer)).toEqual(['web-app']);
      expect(await store.readWriteMark()).toBe(marks.at(-1));
    });

    it('refuses callers new to a provider and environment past maxConsumers, and keeps counting the ones it holds', async () => {
      const bound = { maxConsumers: 2 };
      expect(await store.recordObservedCalls([call({ consumer: 'a' }), call({ consumer: 'b' }), call({ consumer: 'c' })], bound)).toEqual({ refused: 1 });
      // Another operation of a caller held is no new caller; another environment has room of its own.
      const next = [call({ consumer: 'a', operation: 'POST /users' }), call({ consumer: 'd' }), call({ consumer: 'd', environment: 'staging' })];
      expect(await store.recordObservedCalls(next, bound)).toEqual({ refused: 1 });
      const rows = (await store.listObservedCalls()).map((c) => `${c.consumer} ${c.operation} ${c.environment} ${c.count}`);
      expect(rows).toEqual(['a GET /users/{id} production 3', 'a POST /users production 3', 'b GET /users/{id} production 3', 'd GET /users/{id} staging 3']);
    });

    it('writes the calls of a registered service past the bound: made-up caller names must not crowd a real consumer out', async () => {
      await store.upsertService({ name: 'reports', owners: ['@acme/reports'] });
      const pods = [call({ consumer: 'web-7f9c-a1' }), call({ consumer: 'web-7f9c-b2' })];
      expect(await store.recordObservedCalls(pods, { maxConsumers: 2 })).toEqual({ refused: 0 });
      const late = [call({ consumer: 'reports', operation: 'GET /legacy/{id}' }), call({ consumer: 'web-7f9c-c3' })];
      expect(await store.recordObservedCalls(late, { maxConsumers: 2 })).toEqual({ refused: 1 });
      expect((await store.listObservedCalls()).map((c) => `${c.consumer} ${c.operation}`)).toEqual([
        'reports GET /legacy/{id}',
        'web-7f9c-a1 GET /users/{id}',
        'web-7f9c-b2 GET /users/{id}',
      ]);
    });

    it('never drops what it holds past the bound: those callers are still counted, a new one is refused', async () => {
      await store.recordObservedCalls([call({ consumer: 'a' }), call({ consumer: 'b' }), call({ consumer: 'c' })]);
      expect(await store.recordObservedCalls([call({ consumer: 'c' }), call({ consumer: 'a' }), call({ consumer: 'z' })], { maxConsumers: 2 })).toEqual({
        refused: 1,
      });
      expect((await store.listObservedCalls()).map((c) => `${c.consumer} ${c.count}`)).toEqual(['a 6', 'b 3', 'c 6']);
    });
  });
}
