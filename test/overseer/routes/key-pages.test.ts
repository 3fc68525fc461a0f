// Services, environments, tokens and webhooks are sent a page at a time over real HTTP, and the CLI (the Action's
// client too) reads every page: a registry of 1,002 environments lists all of them, 1,000 to an answer, and an environment
// where 1,002 services run lists their deployments so.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../../cli/client.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { type RegistryHere, runCliHere, startRegistryHere } from '../../e2e/in-process.js';
import { sha256 } from '../store/builders.js';

const ADMIN = 'admin-token-for-key-pages-0123456789';
const COUNT = 1002;
const names = Array.from({ length: COUNT }, (_, i) => `svc-${String(i).padStart(4, '0')}`);

describe('listings a page at a time', () => {
  let dir: string;
  let registry: RegistryHere;
  const get = (path: string, token?: string) => fetch(`${registry.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-key-pages-'));
    const db = join(dir, 'registry.db');
    const store = await openSqliteStore(db);
    for (const name of names) {
      await store.upsertService({ name, owners: ['@acme'] });
      await store.createEnvironment(name);
      await store.createToken({ name, service: null, hash: sha256(name) });
      await store.publishVersion({ service: name, version: '1.0.0' });
      await store.recordDeployment({ service: name, version: '1.0.0', environment: names[0]! });
    }
    for (const name of ['a', 'b', 'c']) await store.createWebhook({ url: `https://hooks.example.com/${name}`, events: ['*'], secret: 's' });
    await store.close();
    registry = await startRegistryHere(db, { OVERSEER_ADMIN_TOKEN: ADMIN });
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['/v1/services', 'services'],
    ['/v1/environments', 'environments'],
    ['/v1/tokens', 'tokens'],
  ])('%s sends 1,000 by name, then `next` leads to the rest', async (path, key) => {
    const first = await (await get(path, ADMIN)).json();
    expect(first[key].map((r: { name: string }) => r.name)).toEqual(names.slice(0, 1000));
    const second = await (await get(`${path}?cursor=${first.next}`, ADMIN)).json();
    expect(second[key].map((r: { name: string }) => r.name)).toEqual(names.slice(1000));
    expect(second).not.toHaveProperty('next');
  });

  it('sends what runs in an environment 1,000 deployments at a time, by service, and the client reads every page', async () => {
    const path = `/v1/environments/${names[0]}/deployments`;
    const first = await (await get(path)).json();
    expect(first.deployments.map((d: { service: string }) => d.service)).toEqual(names.slice(0, 1000));
    const second = await (await get(`${path}?cursor=${first.next}`)).json();
    expect(second.deployments.map((d: { service: string }) => d.service)).toEqual(names.slice(1000));
    expect(second).not.toHaveProperty('next');
    const small = await (await get(`${path}?limit=1&cursor=${first.next}`)).json();
    expect(small.deployments.map((d: { service: string }) => d.service)).toEqual([names[1000]]);
    expect(small.next).toBeDefined();
    const client = createRegistryClient({ baseUrl: registry.url, retryForMs: 0 });
    expect((await client.currentDeployments(names[0]!)).map((d) => d.service)).toEqual(names);
  });

  it('sends webhooks by id, `limit` a page', async () => {
    const first = await (await get('/v1/webhooks?limit=2', ADMIN)).json();
    expect(first.webhooks.map((w: { url: string }) => w.url)).toEqual(['https://hooks.example.com/a', 'https://hooks.example.com/b']);
    const second = await (await get(`/v1/webhooks?limit=2&cursor=${first.next}`, ADMIN)).json();
    expect(second).toEqual({ webhooks: [expect.objectContaining({ url: 'https://hooks.example.com/c' })] });
  });

  it('refuses a cursor it did not give, or one of another listing, with 400; anonymous asks for tokens are refused first', async () => {
    const forged = await get('/v1/services?cursor=bm90LW91cnM');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining('cursor') });
    const nameCursor = (await (await get('/v1/services?limit=1')).json()).next;
    const crossed = await get(`/v1/webhooks?cursor=${nameCursor}`, ADMIN);
    expect(crossed.status).toBe(400);
    expect((await crossed.json()).code).toBe('ERR_REQUEST_INVALID');
    expect((await get('/v1/tokens?cursor=bm90LW91cnM')).status).toBe(401);
  });

  it('the CLI and its client list every page', async () => {
    const env = { OVERSEER_URL: registry.url, OVERSEER_TOKEN: ADMIN };
    const environments = await runCliHere(['environment', 'list'], { env });
    expect(environments.stdout.trim().split('\n')).toEqual(names);
    const tokens = await runCliHere(['token', 'list', '--format', 'json'], { env });
    expect(JSON.parse(tokens.stdout).tokens.map((t: { name: string }) => t.name)).toEqual(names);
    const client = createRegistryClient({ baseUrl: registry.url, retryForMs: 0 });
    expect((await client.listServices()).map((s) => s.name)).toEqual(names);
  });
});
