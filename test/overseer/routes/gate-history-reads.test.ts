// A consumer naming an operationId the provider has since renamed is placed by the provider's history, newest first.
// The gate reads that history a page at a time, only as far as its walk goes: a service that publishes every commit
// must not have every version read (rows, branches, texts) for a use placed a few versions back. The store underneath
// is the real SQLite one, the versions it hands out counted.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store, VersionRecord } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { USERS_V1, USERS_V2_BREAKING } from './fixtures.js';
import { sendTo } from './harness.js';

const NAMED = USERS_V1;
const RENAMED = USERS_V1.replace('operationId: getUser', 'operationId: fetchUser');
const RENAMED_BREAKING = USERS_V2_BREAKING.replace('operationId: getUser', 'operationId: fetchUser');
const VERSIONS = 40;

/** The real store, each version record it hands out (a listing or a page of one) written down by service. */
function countingStore(store: Store, handed: string[]): Store {
  const count = (versions: readonly VersionRecord[]) => handed.push(...versions.map((v) => v.service));
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === 'listVersions')
        return async (service: string) => {
          const versions = await target.listVersions(service);
          count(versions);
          return versions;
        };
      if (key === 'listVersionPage')
        return async (...args: Parameters<Store['listVersionPage']>) => {
          const page = await target.listVersionPage(...args);
          count(page.versions);
          return page;
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe("the gate's read of a provider's history", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const handed: string[] = [];

  /** `version` of `service` to production: the reasons' messages, and how many of the service's versions the store handed out. */
  async function ask(service: string, version: string): Promise<{ messages: string[]; read: number }> {
    const before = handed.filter((s) => s === service).length;
    const res = await app.inject(`/v1/can-i-deploy?service=${service}&version=${version}&environment=production`);
    expect(res.statusCode, res.body).toBe(200);
    const reasons = (res.json() as { reasons: { code: string; message: string }[] }).reasons;
    return { messages: reasons.map((r) => `${r.code}: ${r.message}`), read: handed.filter((s) => s === service).length - before };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-gate-history-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    app = buildApp({ config, store: countingStore(store, handed), schemaController: reusedSchemaController() });
    const send = sendTo(app);
    const ok = async (method: 'POST' | 'PUT', url: string, body: unknown) => {
      const res = await send(method, url, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    await ok('POST', '/v1/environments', { name: 'production' });
    // users-service named it getUser until 1.38.0; accounts-service only in 1.0.0. Each renamed it in the version live.
    const histories = { 'users-service': (n: number) => (n < VERSIONS - 1 ? NAMED : RENAMED), 'accounts-service': (n: number) => (n === 0 ? NAMED : RENAMED) };
    for (const [service, contractOf] of Object.entries(histories)) {
      await ok('PUT', `/v1/services/${service}`, { owners: ['@acme/users'] });
      for (let n = 0; n < VERSIONS; n++) await ok('POST', `/v1/services/${service}/versions`, { version: `1.${n}.0`, contract: contractOf(n) });
      await ok('POST', '/v1/deployments', { service, version: `1.${VERSIONS - 1}.0`, environment: 'production' });
      await ok('POST', `/v1/services/${service}/versions`, { version: `1.${VERSIONS}.0`, contract: RENAMED_BREAKING });
      const consumer = `${service}-reader`;
      await ok('PUT', `/v1/services/${consumer}`, { owners: ['@acme/web'] });
      const declarations = [{ consumer, provider: service, uses: [{ operation: 'getUser', response: ['email'] }] }];
      await ok('POST', `/v1/services/${consumer}/versions`, { version: '1.0.0', declarations });
      await ok('POST', '/v1/deployments', { service: consumer, version: '1.0.0', environment: 'production' });
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('places a use named a few versions back from the newest page alone', async () => {
    const { messages, read } = await ask('users-service', `1.${VERSIONS}.0`);
    expect(messages).toEqual([
      expect.stringMatching(/^breaks-consumer: .*getUser, now GET \/users\/\{id\} \(named so in users-service 1\.38\.0\)/),
      expect.stringMatching(/^field-missing: .*email/),
    ]);
    // Before, every one of its 41 versions was handed out for the walk, which read three of them.
    expect(read).toBe(16);
  });

  it('goes on to older pages until the use is placed, handing out each version once', async () => {
    const { messages, read } = await ask('accounts-service', `1.${VERSIONS}.0`);
    expect(messages).toEqual([
      expect.stringMatching(/^breaks-consumer: .*getUser, now GET \/users\/\{id\} \(named so in accounts-service 1\.0\.0\)/),
      expect.stringMatching(/^field-missing: .*email/),
    ]);
    expect(read).toBe(VERSIONS + 1);
  });
});
