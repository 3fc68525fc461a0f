// A page of a provider's consumers reads the uses of the consumers on that page alone: a hub's first page must not read
// every consumer's declaration text out of the store on the event loop. The store underneath is the real SQLite one,
// its reads recorded.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { USERS_V1 } from './fixtures.js';
import { sendTo } from './harness.js';

const CONSUMERS = 40;
const nameOf = (i: number) => `shop-${String(i).padStart(2, '0')}`;

/** The real store, each listing's and text read's consumers written down. */
function recordingStore(store: Store, reads: string[][]): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === 'listConsumerTexts' || key === 'listConsumersOf')
        return async (...args: unknown[]) => {
          const rows = await value.apply(target, args);
          reads.push(rows.map((r: { consumer: string }) => r.consumer));
          return rows;
        };
      if (key === 'readConsumerTexts')
        return (provider: string, entries: { consumer: string }[]) => {
          reads.push(entries.map((e) => e.consumer));
          return value.call(target, provider, entries);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a page of consumers and the texts it reads', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const reads: string[][] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-consumer-texts-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    // An app of its own (its own worker pool): no worker has parsed these uses before the first page.
    app = buildApp({ config, store: recordingStore(store, reads), schemaController: reusedSchemaController() });
    const send = sendTo(app);
    const ok = async (res: Promise<{ statusCode: number; body: string }>) => expect((await res).statusCode, (await res).body).toBeLessThan(300);
    await ok(send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] }));
    await ok(send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 }));
    for (let i = 0; i < CONSUMERS; i++) {
      await ok(send('PUT', `/v1/services/${nameOf(i)}`, { owners: ['@acme/shop'] }));
      const declarations = [{ consumer: nameOf(i), provider: 'users-service', uses: [{ operation: 'getUser', response: ['id'] }] }];
      await ok(send('POST', `/v1/services/${nameOf(i)}/versions`, { version: '1.0.0', declarations }));
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the uses of the page's consumers only, page after page, and lists every consumer once", async () => {
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      reads.length = 0;
      const res = await app.inject(`/v1/services/users-service/consumers?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { consumers: { consumer: string; uses: { label?: string }[] }[]; next?: string };
      const onPage = page.consumers.map((c) => c.consumer);
      expect(page.consumers.every((c) => c.uses[0]?.label === 'GET /users/{id}')).toBe(true);
      // Whatever the store was asked for uses of, it was this page's consumers, and no more.
      for (const read of reads) expect(read).toEqual(onPage);
      listed.push(...onPage);
      cursor = page.next;
    } while (cursor !== undefined && listed.length <= CONSUMERS);
    expect(listed).toEqual(Array.from({ length: CONSUMERS }, (_, i) => nameOf(i)));
  });
});
