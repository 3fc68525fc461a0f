// An Idempotency-Key belongs to the token that sent it: another token's write with the same key (copied from a log, or
// drawn alike) is its own write, never answered with the first writer's answer nor refused as its repeat. And
// `environment create` whose answer is lost is sent again with its key and told "created"; `token revoke`, told it revoked. A real registry over HTTP on
// SQLite and on PostgreSQL (where the keys are kept), a misbehaving proxy in front (hostile-proxy.ts).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/use-postgres.js';
import { assertBuilt } from './cli-process.js';
import { type HostileProxy, startHostileProxy } from './hostile-proxy.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

const ADMIN = 'admin-token-for-keyed-write-tests-0123';
const cluster = usePostgres();
const publish = (version: string) => ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', version, '--branch', 'main'];

describe.each(['sqlite', 'postgres'] as const)('keyed writes on %s', (store) => {
  let dir: string;
  let registry: RegistryHere;
  let serviceToken: string;
  const proxies: HostileProxy[] = [];
  const cli = (args: string[], url = registry.url) => runCliHere(args, { env: { OVERSEER_URL: url, OVERSEER_TOKEN: ADMIN, OVERSEER_RETRY_MS: '30000' } });

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'overseer-keyed-writes-'));
    const db = store === 'sqlite' ? join(dir, 'registry.db') : await cluster().createDatabase();
    registry = await startRegistryHere(db, { OVERSEER_ADMIN_TOKEN: ADMIN });
    for (const args of [['environment', 'create', 'production'], publish('1.0.0'), publish('1.1.0')]) {
      const done = await cli(args);
      expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
    }
    const made = await cli(['token', 'create', '--service', 'users-service', '--name', 'users-ci']);
    expect(made.code, made.stderr).toBe(0);
    serviceToken = made.stdout.trim();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function deploy(token: string, key: string, version: string, environment = 'production') {
    const response = await fetch(`${registry.url}/v1/deployments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ service: 'users-service', version, environment }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { status?: string; deployment?: { id: number; version: string }; code?: string; message?: string },
    };
  }
  const live = async () => {
    const response = await fetch(`${registry.url}/v1/environments/production/deployments`);
    return ((await response.json()) as { deployments: Array<{ service: string; version: string }> }).deployments.map((d) => `${d.service} ${d.version}`);
  };

  it('another token sending the same key and body is recorded, not told the first token’s answer', async () => {
    const first = await deploy(serviceToken, `same-key-${store}`, '1.0.0');
    expect(first.status).toBe(201);
    expect((await deploy(ADMIN, `newer-${store}`, '1.1.0')).status).toBe(201);
    // The admin sends the service token's key (read in a CI log) with the same body: a deployment of its own.
    const theirs = await deploy(ADMIN, `same-key-${store}`, '1.0.0');
    expect(theirs.status).toBe(201);
    expect(theirs.body).toMatchObject({ status: 'created', deployment: { version: '1.0.0' } });
    expect(theirs.body.deployment?.id).not.toBe(first.body.deployment?.id);
    expect(await live()).toEqual(['users-service 1.0.0']);
  });

  it('another token sending the same key with another body is recorded, not refused as a reused key', async () => {
    expect((await deploy(serviceToken, `other-body-${store}`, '1.0.0')).status).toBe(200);
    const theirs = await deploy(ADMIN, `other-body-${store}`, '1.1.0');
    expect(theirs).toMatchObject({ status: 201, body: { status: 'created', deployment: { version: '1.1.0' } } });
    expect(await live()).toEqual(['users-service 1.1.0']);
  });

  it('the same token sending its key with another body is refused 409, naming the key, and nothing is recorded', async () => {
    expect((await deploy(serviceToken, `reused-${store}`, '1.0.0')).status).toBe(201);
    const again = await deploy(serviceToken, `reused-${store}`, '1.1.0');
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      code: 'ERR_IDEMPOTENCY_KEY_REUSED',
      message: `the Idempotency-Key reused-${store} was sent before with another request: a key names one write; send this one with a new key`,
    });
    expect(await live()).toEqual(['users-service 1.0.0']);
  });

  it('environment create whose answer is lost is sent again with its key: one environment, and the command says it created it', async () => {
    const dropping = await startHostileProxy(registry.url, (request, before) =>
      request.path === '/v1/environments' && request.method === 'POST' && before === 0 ? 'forward-then-drop' : 'forward',
    );
    proxies.push(dropping);
    const result = await cli(['environment', 'create', 'staging'], dropping.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('created environment staging\n');
    const sent = dropping.seen.filter((s) => s.method === 'POST' && s.path === '/v1/environments');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    const listed = await cli(['environment', 'list']);
    expect(listed.stdout).toBe('production\nstaging\n');
  });

  it('/healthz names environment create, token revoke and a notification retry among the keyed writes', async () => {
    const health = (await (await fetch(`${registry.url}/healthz`)).json()) as { keyedWrites: string[] };
    expect(health.keyedWrites).toEqual([
      'POST /v1/deployments',
      'POST /v1/deployments/end',
      'POST /v1/tokens',
      'POST /v1/environments',
      'DELETE /v1/tokens/:name',
      'POST /v1/notifications/:id/retry',
    ]);
  });

  it('token revoke whose answer is lost is sent again with its key, and says it revoked the token, not that someone had', async () => {
    const made = await cli(['token', 'create', '--service', 'users-service', '--name', `lost-revoke-${store}`]);
    expect(made.code, made.stderr).toBe(0);
    const dropping = await startHostileProxy(registry.url, (request, before) =>
      request.method === 'DELETE' && request.path.startsWith('/v1/tokens/') && before === 0 ? 'forward-then-drop' : 'forward',
    );
    proxies.push(dropping);
    const result = await cli(['token', 'revoke', `lost-revoke-${store}`], dropping.url);
    expect(result).toMatchObject({ code: 0, stderr: `revoked token "lost-revoke-${store}": requests that present it are refused now\n` });
    const sent = dropping.seen.filter((s) => s.method === 'DELETE');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    const presented = await fetch(`${registry.url}/v1/services`, { headers: { authorization: `Bearer ${made.stdout.trim()}` } });
    expect(presented.status).toBe(401);
  });
});

describe('environment create through to an older registry', () => {
  let dir: string;
  let registry: RegistryHere;
  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'overseer-keyed-writes-older-'));
    registry = await startRegistryHere(join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // A registry of round 34 named no environment among its keyed writes: the lost answer is not sent again.
  it('a lost answer is not sent again, and the message says where to look', async () => {
    const older = await startHostileProxy(registry.url, (request) =>
      request.path === '/healthz'
        ? { status: 200, body: '{"status":"ok","writeKeys":true,"keyedWrites":["POST /v1/deployments","POST /v1/deployments/end","POST /v1/tokens"]}' }
        : request.path === '/v1/environments' && request.method === 'POST'
          ? 'forward-then-drop'
          : 'forward',
    );
    try {
      const result = await runCliHere(['environment', 'create', 'qa'], { env: { OVERSEER_URL: older.url, OVERSEER_TOKEN: ADMIN, OVERSEER_RETRY_MS: '30000' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error ERR_REGISTRY_UNREACHABLE: the registry at ${older.url} dropped the connection after POST /v1/environments, which is not sent again: the registry may have done it; ` +
          'look at the environments (overseer environment list, GET /v1/environments): if qa is listed, it exists, made by this command or another',
      );
      expect(older.seen.filter((s) => s.method === 'POST' && s.path === '/v1/environments')).toHaveLength(1);
    } finally {
      await older.close();
    }
  });
});
