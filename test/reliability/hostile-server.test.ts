// Hostile input against the real app on a real SQLite file, through app.inject and once more over real HTTP:
// each request gets a clear 4xx with {code, message}, the server keeps answering, and nothing is half-written.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type Harness, startHarness } from '../overseer/routes/harness.js';
import { type Caller, type HostileCase, listContractCases, listNameCases, listRequestCases, listTokenCases } from './hostile-cases.js';
import { listStrictCases } from './hostile-cases-strict.js';
import { buildLargeContract, buildPlainContract, readHostileFixture } from './hostile-documents.js';
import { createHttpSender, createInjectSender, type HostileRequest, type SendHostile } from './hostile-transport.js';

let h: Harness;
let trapHits = 0;
// A server that must never be asked: the registry may not fetch what a contract points at.
const trap: Server = createServer((_request, response) => {
  trapHits++;
  response.end('openapi: 3.0.3');
});
await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
let httpUrl: string;
const tokens: Record<Caller, string | undefined> = {
  admin: ADMIN_TOKEN,
  'users-ci': undefined,
  'orders-ci': undefined,
  wrong: 'ovs_this-token-was-never-issued-by-the-registry',
  nobody: undefined,
};
let before: RegistrySnapshot;

beforeAll(async () => {
  h = await startHarness({ adminToken: ADMIN_TOKEN });
  await seedRegistry(createInjectSender(h.app));
  httpUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
  before = await takeSnapshot(createInjectSender(h.app), h.config.db);
});

afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => trap.close(resolve));
});

async function seedRegistry(send: SendHostile): Promise<void> {
  const as = (request: HostileRequest) => send({ ...request, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect((await as({ method: 'POST', url: '/v1/environments', body: { name: 'production' } })).status).toBe(201);
  for (const service of ['users-service', 'orders-service']) {
    expect((await as({ method: 'PUT', url: `/v1/services/${service}`, body: { owners: ['@acme'] } })).status).toBe(201);
    expect(
      (await as({ method: 'POST', url: `/v1/services/${service}/versions`, body: { version: '1.0.0', contract: buildPlainContract(service) } })).status,
    ).toBe(201);
    expect((await as({ method: 'POST', url: '/v1/deployments', body: { service, version: '1.0.0', environment: 'production' } })).status).toBe(201);
    const issued = await as({ method: 'POST', url: '/v1/tokens', body: { name: service.replace('-service', '-ci'), service } });
    tokens[service === 'users-service' ? 'users-ci' : 'orders-ci'] = (issued.json as { token: string }).token;
  }
}

interface RegistrySnapshot {
  api: unknown;
  rows: Record<string, number>;
}

/** What the API shows, and how many rows each table holds (the store's own view, for orphans the API cannot show). */
async function takeSnapshot(send: SendHostile, db: string): Promise<RegistrySnapshot> {
  const read = async (url: string) => (await send({ method: 'GET', url })).json;
  const services = (await read('/v1/services')) as { services: { name: string }[] };
  const versions = await Promise.all(services.services.map((s) => read(`/v1/services/${s.name}/versions`)));
  const api = { services, versions, environments: await read('/v1/environments'), deployments: await read('/v1/deployments?limit=1000') };
  const file = new Database(db, { readonly: true });
  try {
    const tables = file.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    const rows = Object.fromEntries(tables.map(({ name }) => [name, (file.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
    return { api, rows };
  } finally {
    file.close();
  }
}

function signed(c: HostileCase): HostileRequest {
  const token = tokens[c.as ?? 'admin'];
  const headers = { ...(token && { authorization: `Bearer ${token}` }), ...c.request.headers };
  return { ...c.request, headers };
}

const ALL_CASES = [...listContractCases(trapUrl), ...listRequestCases(), ...listNameCases(), ...listTokenCases(), ...listStrictCases()];

describe.each(['inject', 'http'] as const)('hostile requests through %s', (transport) => {
  let send: SendHostile;
  beforeAll(() => {
    send = transport === 'inject' ? createInjectSender(h.app) : createHttpSender(httpUrl);
  });

  const cases = (list: HostileCase[]) => list.filter((c) => transport === 'http' || !c.httpOnly);

  async function expectRefused(c: HostileCase): Promise<void> {
    const answer = await send(signed(c));
    expect(answer.status, `${c.name}: ${answer.text.slice(0, 400)}`).toBe(c.status);
    expect(answer.json).toMatchObject({ code: c.code, message: expect.any(String) });
    expect(Object.keys(answer.json as object).filter((k) => !['code', 'message', 'line'].includes(k))).toEqual([]);
    if (c.message) expect((answer.json as { message: string }).message).toMatch(c.message);
    expect(answer.text).not.toMatch(/root:.*:0:0:/);
    expect((await send({ method: 'GET', url: '/healthz' })).status).toBe(200);
  }

  it.each(cases(ALL_CASES).map((c) => [c.name, c] as const))(
    'refuses %s',
    async (_name, c) => {
      await expectRefused(c);
    },
    60_000,
  );

  it('never fetched what a contract pointed at', () => {
    expect(trapHits).toBe(0);
  });

  it('left the registry exactly as it was', async () => {
    expect(await takeSnapshot(send, h.config.db)).toEqual(before);
    const services = (await send({ method: 'GET', url: '/v1/services' })).json as { services: { name: string }[] };
    expect(services.services.map((s) => s.name)).toEqual(['orders-service', 'users-service']);
  });
});

describe('the inputs next to the hostile ones are still accepted', () => {
  it('takes a schema that is recursive through its properties, and judges it', async () => {
    const send = createInjectSender(h.app);
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await send({ method: 'PUT', url: '/v1/services/tree-service', body: { owners: ['@acme'] }, headers: auth })).status).toBe(201);
    const published = await send({
      method: 'POST',
      url: '/v1/services/tree-service/versions',
      body: { version: '1.0.0', contract: readHostileFixture('recursive-schema.yaml') },
      headers: auth,
    });
    expect(published.status, published.text).toBe(201);
    const verdict = await send({ method: 'GET', url: '/v1/can-i-deploy?service=tree-service&version=1.0.0&environment=production' });
    expect(verdict.json).toMatchObject({ deployable: true });
  });

  it('stores a version holding quotes and semicolons as plain text: SQL never runs', async () => {
    const send = createInjectSender(h.app);
    const version = "1.0.0';DROP-TABLE-services;--";
    const published = await send({
      method: 'POST',
      url: '/v1/services/users-service/versions',
      body: { version, contract: buildPlainContract() },
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(published.status, published.text).toBe(201);
    expect((await send({ method: 'GET', url: `/v1/services/users-service/versions/${encodeURIComponent(version)}` })).json).toMatchObject({ version });
    expect((await send({ method: 'GET', url: '/v1/services' })).json).toMatchObject({
      services: expect.arrayContaining([expect.objectContaining({ name: 'users-service' })]),
    });
  });

  it('takes a 1 MB contract (parsed in the worker pool, not on the event loop) and serves it back as sent', async () => {
    const send = createInjectSender(h.app);
    const contract = buildLargeContract(1024 * 1024);
    const published = await send({
      method: 'POST',
      url: '/v1/services/users-service/versions',
      body: `\uFEFF{"version": "1.1.0", "branch": "main", "contract": ${JSON.stringify(contract)}}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(published.status, published.text).toBe(201);
    expect(published.json).toMatchObject({ status: 'created', version: { version: '1.1.0', branches: ['main'] } });
    expect((await send({ method: 'GET', url: '/v1/services/users-service/versions/1.1.0/contract' })).text).toBe(contract);
  });

  it('takes a service name and a version of 200 characters, and reads them back', async () => {
    const send = createInjectSender(h.app);
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const name = `${'a'.repeat(99)}-${'b'.repeat(100)}`;
    const version = `1.0.0-${'r'.repeat(194)}`;
    expect((await send({ method: 'PUT', url: `/v1/services/${name}`, body: { owners: ['@acme'] }, headers: auth })).status).toBe(201);
    const published = await send({ method: 'POST', url: `/v1/services/${name}/versions`, body: { version, contract: buildPlainContract() }, headers: auth });
    expect(published.status, published.text).toBe(201);
    expect((await send({ method: 'GET', url: `/v1/services/${name}/versions/${version}` })).status).toBe(200);
  });
});
