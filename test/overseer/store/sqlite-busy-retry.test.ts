// The SQLite store tries a write again when SQLITE_BUSY refuses it (index.ts, `patiently`): that is safe only if the
// refused attempt left nothing behind. Each write verb is run with SQLITE_BUSY raised at each of its statements in
// turn (BEGIN, a write, the read back), as another connection holding a lock would, and must answer and leave the
// file as a run without it does: no second webhook, no 'unchanged' for an environment the call itself created.

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { NotificationInput, Store, StoreRecord } from '../../../overseer/store/store.js';
import { declare, makeContract, makeVerdict, seed, sha256 } from './builders.js';

// Every statement the store runs goes through these methods of better-sqlite3's Statement, BEGIN and COMMIT included.
const EXECUTE = ['run', 'get', 'all', 'iterate'] as const;
type Execute = (this: unknown, ...args: unknown[]) => unknown;
const probe = new Database(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<(typeof EXECUTE)[number], Execute>;
probe.close();
const originals = EXECUTE.map((name) => [name, statement[name]] as const);

/** Counts the statements run while set; the one numbered `refuse` is refused as busy, once. */
let fault: { seen: number; refuse: number } | undefined;
for (const [name, original] of originals) {
  statement[name] = function (this: unknown, ...args: unknown[]) {
    if (fault && ++fault.seen === fault.refuse) throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    return original.apply(this, args);
  };
}
afterAll(() => {
  for (const [name, original] of originals) statement[name] = original;
});

const note = (key: string): NotificationInput => ({ key, event: 'version.breaking', channel: 'slack', target: '#users', payload: { key } });
const webhook = { url: 'https://hooks.example.com/overseer', events: ['version.breaking'], secret: 'shh' };

/** users-service 1.0.0 live in production, web-app using it, a verdict, a token, a webhook, a failed notification. */
async function setUp(store: Store): Promise<void> {
  await seed(store)
    .service('users-service')
    .service('web-app')
    .publish('users-service', '1.0.0', { contract: makeContract(['/users/{id}']), branch: 'main' })
    .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'users-service', ['GET /users/{id}'])] })
    .deploy('users-service', '1.0.0', 'production')
    .done();
  await store.createToken({ name: 'ci', service: 'web-app', hash: sha256('ci') });
  await store.createWebhook(webhook);
  await store.enqueueNotifications([note('failed'), note('due')]);
  const [claimed] = await store.claimNotifications({ owner: 'worker', limit: 1, leaseMs: 60_000 });
  await store.markNotificationFailed(claimed.id, 'worker', { error: 'refused', retryInMs: null });
  await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', true), 'ci');
}

const SEEN = '2026-01-10T10:00:00.000Z';

const WRITES: Record<string, (store: Store) => Promise<unknown>> = {
  upsertService: (s) => s.upsertService({ name: 'orders-service', owners: ['@acme/orders'] }),
  publishVersion: (s) =>
    s.publishVersion(
      { service: 'web-app', version: '1.1.0', branch: 'main', declarations: [declare('web-app', 'users-service', ['GET /users/{id}'])] },
      (r) => [note(`published ${r.version.version}`)],
    ),
  recordDeployment: (s) => s.recordDeployment({ service: 'web-app', version: '1.0.0', environment: 'staging' }, (r) => [note(`deployed ${r.status}`)]),
  endDeployment: (s) => s.endDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' }),
  createEnvironment: (s) => s.createEnvironment('qa'),
  recordVerdict: (s) => s.recordVerdict(makeVerdict('web-app', '1.0.0', 'staging', false), 'ci', (v) => [note(`verdict ${v.id}`)]),
  pruneVerdicts: (s) => s.pruneVerdicts('2999-01-01T00:00:00.000Z'),
  createToken: (s) => s.createToken({ name: 'deployer', service: null, hash: sha256('deployer') }),
  revokeToken: (s) => s.revokeToken('ci', 'admin'),
  enqueueNotifications: (s) => s.enqueueNotifications([note('new'), note('due')]),
  claimNotifications: (s) => s.claimNotifications({ owner: 'worker', limit: 5, leaseMs: 60_000 }),
  markNotificationDelivered: async (s) => s.markNotificationDelivered((await s.listNotifications({ status: 'pending' }))[0].id),
  retryNotification: async (s) => s.retryNotification((await s.listNotifications({ status: 'failed' }))[0].id),
  createWebhook: (s) => s.createWebhook({ ...webhook, url: 'https://hooks.example.com/second' }),
  deleteWebhook: async (s) => s.deleteWebhook((await s.listWebhooks())[0].id),
  recordObservedCalls: (s) =>
    s.recordObservedCalls([
      { consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{id}', environment: 'production', count: 2, firstSeen: SEEN, lastSeen: SEEN },
    ]),
  watchMigrations: (s) =>
    s.watchMigrations({ provider: 'users-service', environment: 'production', parts: [{ key: 'GET /users/{id}', users: [] }] }, (freed) =>
      freed.map((f) => note(`freed ${f.key}`)),
    ),
  // Into a store left empty (an import refuses one with records): the records of another set up alike.
  importRecords: async (s) => {
    const saved = fault;
    fault = undefined;
    const source = openSqliteStore(':memory:');
    await setUp(source);
    const [records, lastIds] = [await everyRecord(source), await source.readLastIds()];
    await source.close();
    fault = saved;
    return s.importRecords(records, lastIds);
  },
};

// The clock moves between runs: times are compared as present or absent.
const timeless = (value: unknown) => JSON.parse(JSON.stringify(value ?? null).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'T')) as unknown;

async function everyRecord(store: Store): Promise<StoreRecord[]> {
  const records: StoreRecord[] = [];
  for await (const record of await store.exportRecords()) records.push(record);
  return records;
}

/** The write's answer and the store's records after it, with SQLITE_BUSY at statement `refuse` (none when 0). */
async function runWith(write: (store: Store) => Promise<unknown>, refuse: number) {
  const store = openSqliteStore(':memory:');
  try {
    if (write !== WRITES.importRecords) await setUp(store);
    fault = { seen: 0, refuse };
    const answer = await write(store).finally(() => {
      fault = { seen: fault?.seen ?? 0, refuse: 0 };
    });
    const statements = fault.seen;
    fault = undefined;
    return { answer: timeless(answer), records: timeless(await everyRecord(store)), statements };
  } finally {
    fault = undefined;
    await store.close();
  }
}

describe('SQLite store: a write refused as busy at any of its statements, then tried again', () => {
  for (const [verb, write] of Object.entries(WRITES)) {
    it(`${verb} answers and writes as it does when nothing is busy`, async () => {
      const calm = await runWith(write, 0);
      expect(calm.statements).toBeGreaterThan(0);
      for (let refuse = 1; refuse <= calm.statements; refuse++) {
        const busy = await runWith(write, refuse);
        expect(busy.statements, `busy at statement ${refuse}: it was tried again`).toBeGreaterThan(calm.statements);
        expect({ refuse, answer: busy.answer }).toEqual({ refuse, answer: calm.answer });
        expect({ refuse, records: busy.records }).toEqual({ refuse, records: calm.records });
      }
    });
  }
});
