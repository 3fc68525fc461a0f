// A hub's can-i-deploy reads the consumers it finds outside its listing (callers seen in traces that declare nothing of
// it, and consumers that misspell its name) together: one by one, a hundred callers cost three hundred round trips
// to PostgreSQL at the first ask after each deployment. The store calls are counted on the real store, each a round
// trip on PostgreSQL; the verdict is what the user reads.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { traceExport } from '../../helpers/otlp.js';
import { eachStore, useCleanups } from '../store/each-store.js';
import { openCountedApp, sendTo } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');
const STORES = eachStore();

describe.each(STORES)('the consumers of a hub found outside its listing, on %s', (_name, open) => {
  const cleanups = useCleanups();

  /** users-service 2.0.0 drops getUser: a registry where it runs in production, and a way to ask about it counting the reads. */
  async function openRegistry(): Promise<{ app: FastifyInstance; ask: () => Promise<{ refusedFor: string[]; reads: number }> }> {
    const handle = await open();
    cleanups.push(handle.cleanup);
    const { app, calls } = await openCountedApp(handle.store, cleanups, [
      ['POST', '/v1/environments', { name: 'production' }],
      ['PUT', '/v1/services/users-service', { owners: ['@acme/users'] }],
      ['POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') }],
      ['POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: fixture('users.v2-no-get-user.yaml') }],
      ['POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }],
    ]);
    const ask = async () => {
      calls.clear();
      const res = await app.inject('/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production');
      const reads = [...calls.values()].reduce((a, b) => a + b, 0);
      const reasons = (res.json() as Verdict).reasons;
      return { refusedFor: [...new Set(reasons.filter((r) => r.severity === 'error').map((r) => r.consumer!))].sort(), reads };
    };
    return { app, ask };
  }

  /** Deploys consumers `from`..`to` of users-service in production, each a version that `declarations` describes. */
  async function deployConsumers(app: FastifyInstance, from: number, to: number, declarations: (name: string) => unknown[]) {
    const send = sendTo(app);
    for (let i = from; i < to; i++) {
      const name = `shop-${i}`;
      expect((await send('PUT', `/v1/services/${name}`, { owners: ['@acme/shop'] })).statusCode).toBeLessThan(300);
      expect((await send('POST', `/v1/services/${name}/versions`, { version: '1.0.0', declarations: declarations(name) })).statusCode).toBeLessThan(300);
      expect((await send('POST', '/v1/deployments', { service: name, version: '1.0.0', environment: 'production' })).statusCode).toBeLessThan(300);
    }
  }
  const names = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `shop-${from + i}`);
  /** Each caller seen calling getUser in production, naming its version when given one. */
  async function sendCalls(app: FastifyInstance, callers: string[], consumerVersion?: string): Promise<void> {
    const calls = callers.map((consumer) => ({
      consumer,
      ...(consumerVersion !== undefined && { consumerVersion }),
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: 'https://users.internal/api/users/7',
    }));
    expect((await sendTo(app)('POST', '/v1/traces', traceExport(calls))).statusCode).toBe(200);
  }

  it('reads as much for six callers seen in traces, declaring nothing of it, as for one', async () => {
    const { app, ask } = await openRegistry();
    const seen = (from: number, to: number) => sendCalls(app, names(from, to));
    await deployConsumers(app, 0, 6, () => []);
    expect(await ask()).toMatchObject({ refusedFor: [] });
    await seen(0, 1);
    const one = await ask();
    await seen(1, 6);
    const six = await ask();
    expect([one.refusedFor, six.refusedFor]).toEqual([names(0, 1), names(0, 6)]);
    expect(six.reads).toBe(one.reads);
  });

  it('reads as much for six callers naming the version seen calling as for one, a caller it does not know among them', async () => {
    const { app, ask } = await openRegistry();
    const seen = (callers: string[]) => sendCalls(app, callers, '1.0.0');
    await deployConsumers(app, 0, 6, () => []);
    expect(await ask()).toMatchObject({ refusedFor: [] });
    await seen(['stranger-app', ...names(0, 1)]);
    const one = await ask();
    await seen(names(1, 6));
    const six = await ask();
    expect([one.refusedFor, six.refusedFor]).toEqual([names(0, 1), names(0, 6)]);
    expect(six.reads).toBe(one.reads);
  });

  it('reads as much for six consumers that misspell its name as for one', async () => {
    const { app, ask } = await openRegistry();
    const misspelled = (consumer: string) => [{ consumer, provider: 'user-service', uses: [{ operation: 'getUser' }] }];
    // The observer's first read of the calls (none) is made here.
    expect(await ask()).toMatchObject({ refusedFor: [] });
    await deployConsumers(app, 0, 1, misspelled);
    const one = await ask();
    await deployConsumers(app, 1, 6, misspelled);
    const six = await ask();
    expect([one.refusedFor, six.refusedFor]).toEqual([names(0, 1), names(0, 6)]);
    expect(six.reads).toBe(one.reads);
  });
});
