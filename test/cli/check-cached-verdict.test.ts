// A check's verdict names a candidate (`users-service candidate`), never the contract it judged: a cache in front of the
// registry keyed on the path alone handed every check the first verdict it stored, and a contract removing every
// operation its consumer calls printed that verdict's DEPLOYABLE. The registry gives the question's Idempotency-Key
// back with its verdict; the CLI (and the Action, through the same client) refuses an answer carrying another's.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPathKeyedCache } from '../e2e/hostile-proxy.js';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'check-cached-verdict',
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const caches: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(caches.map((c) => c.close())));

const emptyContract = async () => {
  const empty = join(session.dir, 'no-operations.yaml');
  await writeFile(empty, 'openapi: 3.0.3\ninfo: { title: users, version: "2" }\npaths: {}\n');
  return empty;
};

describe('a check answered from a cache keyed on the path alone', () => {
  let cache: Awaited<ReturnType<typeof startPathKeyedCache>>;
  let url = '';
  beforeAll(async () => {
    cache = await startPathKeyedCache(session.registry.url);
    caches.push(cache);
    url = cache.url;
  });

  it('is no decision (exit 2), not the stored DEPLOYABLE, for a contract that breaks the consumer', async () => {
    const env = { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' };
    const unchanged = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production'], { env });
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toMatch(/^DEPLOYABLE: users-service candidate to production/);

    const empty = await emptyContract();
    // The same question to the registry itself is refused: checkout-web calls what this contract removes.
    const direct = await session.cli('check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', empty, '--against', 'production');
    expect(direct.code, direct.stderr).toBe(1);

    const cached = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', empty, '--against', 'production'], { env });
    expect(cache.served()).toBe(1);
    expect(cached).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered POST /v1/check with the verdict of another request (its Idempotency-Key is not this question's): ` +
        'is a cache or proxy in front of it answering another request? (--registry, OVERSEER_URL)\n' +
        'Run "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n',
    });
  });
});

// A proxy that passes on only the headers it knows dropped the key given back: the verdict read as an older registry's,
// whose answers carry none, and was taken unchecked. The key in the body is read instead.
describe('a check answered from a cache that also drops the Idempotency-Key header', () => {
  it('is still no decision: the key in the body is another question’s', async () => {
    const cache = await startPathKeyedCache(session.registry.url, { drop: ['idempotency-key'] });
    caches.push(cache);
    const env = { OVERSEER_URL: cache.url, OVERSEER_RETRY_MS: '0' };
    const unchanged = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production'], { env });
    expect(unchanged.code, unchanged.stderr).toBe(0);
    const empty = await emptyContract();
    const cached = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', empty, '--against', 'production'], { env });
    expect(cache.served()).toBe(1);
    expect(cached.code).toBe(2);
    expect(cached.stdout).toBe('');
    expect(cached.stderr).toContain(`error ERR_REGISTRY_RESPONSE: the registry at ${cache.url} answered POST /v1/check with the verdict of another request`);
  });

  it('an older registry, which gives no key back in either place, is answered as before', async () => {
    const older = await startPathKeyedCache(session.registry.url, { drop: ['idempotency-key'], older: true });
    caches.push(older);
    const env = { OVERSEER_URL: older.url, OVERSEER_RETRY_MS: '0' };
    const result = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production', '--format', 'json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const verdict = JSON.parse(result.stdout);
    expect(verdict).toMatchObject({ decision: 'deployable', service: 'users-service' });
    expect(verdict).not.toHaveProperty('idempotencyKey');
  });
});
