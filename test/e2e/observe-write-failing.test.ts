// While the store refuses to write observed calls (a full disk, a trigger, a table locked by a migration) the registry
// keeps them in memory; every can-i-deploy flushed them before reading and answered 500 for every service, observed or
// not. The gate now answers from what the store holds and what waits to be written, so a call seen but not yet written
// still refuses a deploy that breaks its caller, and a service nobody calls is answered as usual.
// The store is made to fail for real: a SQLite trigger that raises on every write to observed_calls.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCaller, publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-observe-write-failing-');
const { cli, ok } = session;

beforeAll(async () => {
  await publishUsersRemoval(session);
  await deployCaller(session, 'web-app');
  await deployCaller(session, 'billing-app');
  await ok('publish', '--manifest', 'billing-app.yaml', '--version', '1.1.0');
  // billing-app's call is written while the store still takes writes.
  await session.postCalls([
    { consumer: 'billing-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/9' },
  ]);
  expect((await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production')).code).toBe(1);
  const db = new Database(join(session.dir, 'registry.db'));
  db.exec(`CREATE TRIGGER refuse_observed_insert BEFORE INSERT ON observed_calls BEGIN SELECT RAISE(ABORT, 'observed calls refused'); END;
           CREATE TRIGGER refuse_observed_update BEFORE UPDATE ON observed_calls BEGIN SELECT RAISE(ABORT, 'observed calls refused'); END;`);
  db.close();
}, 120_000);

// The store takes writes again before the registry stops (after hooks run last registered first): it writes what it kept.
afterAll(() => {
  const db = new Database(join(session.dir, 'registry.db'));
  db.exec('DROP TRIGGER refuse_observed_insert; DROP TRIGGER refuse_observed_update;');
  db.close();
});

describe('can-i-deploy while observed calls cannot be written', () => {
  it('refuses a deploy that breaks a caller seen but not yet written, from the calls kept in memory', async () => {
    await session.postCalls([
      { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' },
    ]);
    const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(asked.code, asked.stderr).toBe(1);
    const verdict = JSON.parse(asked.stdout);
    const broken = verdict.reasons.filter((r: { code: string }) => r.code === 'breaks-consumer').map((r: { consumer: string }) => r.consumer);
    expect(broken.sort()).toEqual(['billing-app', 'web-app']);
    expect(verdict.reasons.find((r: { consumer: string }) => r.consumer === 'web-app')).toMatchObject({ basis: 'observed' });
  });

  it('answers every other question as usual: a service nobody calls, a consumer asking, overseer usage', async () => {
    expect(await cli('can-i-deploy', '--service', 'billing-app', '--version', '1.1.0', '--to', 'production')).toMatchObject({ code: 0 });
    expect(await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production')).toMatchObject({ code: 0 });
    const usage = await cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    expect(usage.code, usage.stderr).toBe(0);
    expect(
      JSON.parse(usage.stdout)
        .uses.map((u: { consumer: string }) => u.consumer)
        .sort(),
    ).toEqual(['billing-app', 'web-app']);
  });
});
