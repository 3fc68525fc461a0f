// A registry moved with overseer export and overseer import (SQLite to PostgreSQL, or a restore from a backup) left
// every call seen in traces behind: the dump held no observed calls, so the restored registry said yes to removing an
// operation a live consumer was seen calling, until that consumer happened to call it again (a monthly job: a month).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';
import { deployCaller, publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-hunt-dump-');
const { ok } = session;
let restored: RegistryHere | undefined;

beforeAll(async () => {
  await publishUsersRemoval(session);
  await deployCaller(session, 'billing-worker', '3.1.0');
}, 120_000);

afterAll(async () => {
  await restored?.stop();
});

describe('a registry restored from its dump', () => {
  it('keeps the calls seen in traces, and the gate still refuses what they use', async () => {
    const call = { consumer: 'billing-worker', consumerVersion: '3.1.0', environment: 'production', provider: 'users-service', method: 'GET' };
    await session.postCalls([
      { ...call, url: 'https://users.internal/api/users/7' },
      { ...call, url: 'https://users.internal/api/users/8' },
    ]);
    const usage = ['usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json'];
    const before = JSON.parse((await ok(...usage)).stdout);
    expect(before.uses).toEqual([
      expect.objectContaining({ consumer: 'billing-worker', operation: 'GET /users/{userId}', observed: expect.objectContaining({ count: 2 }) }),
    ]);

    // The registry stops (export refuses a file it serves), and its dump is restored into a new file.
    await session.registry.stop();
    const here = (...args: string[]) => runCliHere(args, { cwd: session.dir, env: {} });
    const exported = await here('export', '--db', 'registry.db', '--out', 'backup.jsonl');
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await here('import', '--db', 'restored.db', 'backup.jsonl');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/, 1 observed call into the SQLite file restored\.db /);

    restored = await startRegistryHere(join(session.dir, 'restored.db'));
    const cli = (...args: string[]) => runCliHere(args, { cwd: session.dir, env: { OVERSEER_URL: restored!.url } });
    expect(JSON.parse((await cli(...usage)).stdout)).toEqual(before);
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout + gate.stderr).toBe(1);
    expect(JSON.parse(gate.stdout).reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'billing-worker', basis: 'observed' }));
  });
});
