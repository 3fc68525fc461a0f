// The registry as a whole: buildApp, its configuration from flags and environment, and startServer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseContract } from '../../contracts/load/load.js';
import { ConfigError, describeDatabase, parseConfig } from '../../overseer/config.js';
import { startServer } from '../../overseer/server.js';
import { USERS_V1 } from './routes/fixtures.js';
import { type Harness, startHarness } from './routes/harness.js';

describe('buildApp', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness({ env: { OVERSEER_MAX_CONTRACT_BYTES: '4096' } })));
  afterEach(() => h.close());

  it('answers /healthz with the counts an operator watches: observed calls unwritten, tasks waiting for a worker', async () => {
    const res = await h.send('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      // A client sends a deployment whose answer was lost again only to a registry that says it remembers its key.
      writeKeys: true,
      keyedWrites: [
        'POST /v1/deployments',
        'POST /v1/deployments/end',
        'POST /v1/tokens',
        'POST /v1/environments',
        'DELETE /v1/tokens/:name',
        'POST /v1/notifications/:id/retry',
      ],
      observe: { unwritten: 0, dropped: 0, refused: 0, refusedCallers: 0 },
      work: { waiting: { write: 0, gate: 0, ingest: 0, read: 0, anonymous: 0 } },
    });
  });

  it('serves its own OpenAPI document, generated from the route schemas, that our loader reads without a warning', async () => {
    const res = await h.send('GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/v1/apis/{name}',
      '/v1/can-i-deploy',
      '/v1/check',
      '/v1/deployments',
      '/v1/deployments/end',
      '/v1/environments',
      '/v1/environments/{env}/deployments',
      '/v1/hosts/{name}',
      '/v1/metrics',
      '/v1/notifications',
      '/v1/notifications/{id}',
      '/v1/notifications/{id}/retry',
      '/v1/repositories/{owner}/{repo}',
      '/v1/services',
      '/v1/services/{name}',
      '/v1/services/{name}/consumers',
      '/v1/services/{name}/migrations',
      '/v1/services/{name}/usage',
      '/v1/services/{name}/versions',
      '/v1/services/{name}/versions/{version}',
      '/v1/services/{name}/versions/{version}/contract',
      '/v1/services/{name}/versions/{version}/declarations',
      '/v1/tokens',
      '/v1/tokens/{name}',
      '/v1/traces',
      '/v1/verdicts',
      '/v1/verdicts/{id}',
      '/v1/webhooks',
      '/v1/webhooks/{id}',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ApiError', 'Verdict', 'Declaration', 'Version', 'Service']));
    const publish = doc.paths['/v1/services/{name}/versions'].post;
    expect(Object.keys(publish.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409', '413', '500']));
    expect(publish.security).toEqual([{ bearerAuth: [] }]);
    const loaded = await parseContract(res.body, 'openapi.json');
    expect(loaded.warnings).toEqual([]);
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const res = await h.send('GET', '/v2/nothing?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'ERR_ROUTE_UNKNOWN', message: 'no route GET /v2/nothing' });
  });

  it('limits bodies: small routes, and contracts by OVERSEER_MAX_CONTRACT_BYTES', async () => {
    const huge = await h.send('PUT', '/v1/services/users-service', { owners: ['x'.repeat(300 * 1024)] });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('ERR_BODY_TOO_LARGE');
    await h.send('PUT', '/v1/services/users-service', { owners: ['@a'] });
    const big = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: `${USERS_V1}${'# padding\n'.repeat(500)}` });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('ERR_CONTRACT_TOO_LARGE');
  });

  it('sends 500 without details when something unexpected fails', async () => {
    await h.store.close();
    const res = await h.send('GET', '/v1/services');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'ERR_INTERNAL', message: expect.stringMatching(/^internal error \(request .+\)$/) });
  });

  it('sends 503 with Retry-After, not 500, when the process is out of file descriptors on the way (a flood of idle connections)', async () => {
    // What Node throws when open(2) fails with EMFILE: the registry met it loading a route's validator under a flood.
    const emfile = Object.assign(new Error("EMFILE: too many open files, open 'dist/overseer/schema-code/x.cjs'"), {
      code: 'EMFILE',
      errno: -24,
      syscall: 'open',
    });
    h.store.listServices = () => Promise.reject(emfile);
    const res = await h.send('GET', '/v1/services');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toEqual({ code: 'ERR_BUSY', message: 'the registry has no file descriptor free to answer (EMFILE): retry in 2 s' });
  });
});

describe('parseConfig', () => {
  it('reads flags over environment over defaults', () => {
    expect(parseConfig({}, {})).toMatchObject({ port: 4010, host: '127.0.0.1', db: 'data/overseer.db', maxContractBytes: 16 * 1024 * 1024 });
    const config = parseConfig({ port: '5000' }, { OVERSEER_PORT: '6000', OVERSEER_DB: '/tmp/x.db', OVERSEER_ADMIN_TOKEN: 'a'.repeat(20) });
    expect(config).toMatchObject({ port: 5000, db: '/tmp/x.db', adminToken: 'a'.repeat(20) });
  });

  it('refuses bad values with clear errors', () => {
    expect(() => parseConfig({ port: 'http' }, {})).toThrow(/^--port must be a whole number from 0 to 65535, got "http"$/);
    expect(() => parseConfig({}, { OVERSEER_PORT: 'abc' })).toThrow(/^OVERSEER_PORT must be a whole number from 0 to 65535, got "abc"$/);
    expect(() => parseConfig({}, { OVERSEER_ADMIN_TOKEN: 'short' })).toThrow(/at least 16 characters/);
    expect(() => parseConfig({}, { OVERSEER_MAX_CONTRACT_BYTES: '-1' })).toThrow(ConfigError);
    expect(() => parseConfig({ databaseUrl: 'mysql://x/y' }, {})).toThrow(/must start with postgres:\/\/ or postgresql:\/\//);
    expect(() => parseConfig({}, { OVERSEER_DATABASE_URL: 'postgres://a b' })).toThrow(/not a valid URL/);
    expect(() => parseConfig({ db: 'x.db', databaseUrl: 'postgres://h/d' }, {})).toThrow(/--db or --database-url, not both/);
  });

  it('reads a PostgreSQL URL from --database-url or OVERSEER_DATABASE_URL, a flag winning over either variable', () => {
    expect(parseConfig({ databaseUrl: 'postgresql://h/d' }, { OVERSEER_DATABASE_URL: 'postgres://other/e' }).databaseUrl).toBe('postgresql://h/d');
    expect(parseConfig({}, { OVERSEER_DATABASE_URL: 'postgres://h/d', OVERSEER_DB: 'x.db' }).databaseUrl).toBe('postgres://h/d');
    expect(parseConfig({ db: 'x.db' }, { OVERSEER_DATABASE_URL: 'postgres://h/d' })).not.toHaveProperty('databaseUrl');
    expect(parseConfig({}, { OVERSEER_DATABASE_URL: '' })).not.toHaveProperty('databaseUrl');
  });

  it('describes the database without its password', () => {
    expect(describeDatabase({ db: 'data/x.db' })).toBe('data/x.db');
    expect(describeDatabase({ db: 'data/x.db', databaseUrl: 'postgres://app:s3cret@db:5432/overseer' })).toBe('postgres://app:***@db:5432/overseer');
    expect(describeDatabase({ db: '', databaseUrl: 'postgres://app@db/overseer?password=s3cret&sslmode=require' })).toBe(
      'postgres://app@db/overseer?password=***&sslmode=require',
    );
  });

  it('refuses a non-loopback host without an admin token', () => {
    expect(() => parseConfig({ host: '0.0.0.0' }, {})).toThrow(/refusing to listen on 0.0.0.0 without OVERSEER_ADMIN_TOKEN/);
    expect(parseConfig({ host: '0.0.0.0' }, { OVERSEER_ADMIN_TOKEN: 'a'.repeat(16) }).host).toBe('0.0.0.0');
    expect(parseConfig({ host: '::1' }, {}).host).toBe('::1');
  });
});

describe('startServer', () => {
  it('creates the data folder, listens on port 0 and closes the store on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overseer-server-'));
    try {
      const config = { ...parseConfig({ port: '0', db: join(dir, 'nested', 'data', 'registry.db') }, {}), logLevel: 'silent' as const };
      const server = await startServer(config, { handleSignals: false });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/healthz`);
      expect(await res.json()).toMatchObject({ status: 'ok' });
      await server.close();
      await server.closed;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start open on a reachable address', async () => {
    const config = { ...parseConfig({ port: '0' }, {}), host: '0.0.0.0' };
    await expect(startServer(config, { handleSignals: false })).rejects.toThrow(/refusing to listen/);
  });
});
