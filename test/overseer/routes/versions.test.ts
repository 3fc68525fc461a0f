// Publishing versions (idempotent, content-addressed) and reading them back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BROKEN_YAML, CHECKOUT_MANIFEST, USERS_V1, USERS_V2_BREAKING, usersV1AsJson } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await h.send('PUT', '/v1/services/checkout-web', { owners: ['@acme/checkout'] });
});
afterEach(() => h.close());

describe('POST /v1/services/{name}/versions', () => {
  it('creates a version (201), then answers unchanged (200) for the same content', async () => {
    const first = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'main', contract: USERS_V1 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'created', version: { service: 'users-service', version: '1.0.0', branches: ['main'] }, warnings: [] });
    expect(first.json().version.contractHash).toMatch(/^[0-9a-f]{64}$/);

    const again = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'release', contract: USERS_V1 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'unchanged', version: { branches: ['main', 'release'] } });
  });

  it('hashes the canonical document: the same contract in JSON with other key order is unchanged', async () => {
    const yaml = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 });
    const json = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: usersV1AsJson() });
    expect(json.statusCode).toBe(200);
    expect(json.json().version.contractHash).toBe(yaml.json().version.contractHash);
  });

  it('refuses other content for a published version with 409', async () => {
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 });
    const conflict = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V2_BREAKING });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toEqual({ code: 'ERR_VERSION_CONFLICT', message: expect.stringContaining('already published with other contract') });
  });

  it("answers 400 with the loader's message and line for a contract that cannot be read", async () => {
    const res = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: BROKEN_YAML, contractFile: 'openapi.yaml' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('ERR_CONTRACT_INVALID');
    expect(body.line).toBeGreaterThanOrEqual(5);
    expect(body.message).toMatch(new RegExp(`^openapi\\.yaml:${body.line}: not valid YAML`));
    expect(await h.store.getVersion('users-service', '1.0.0')).toBeUndefined();
  });

  it('answers 400 for a document that is not OpenAPI, and returns validation warnings without refusing', async () => {
    const notOpenApi = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: 'just: text\n' });
    expect(notOpenApi.statusCode).toBe(400);
    expect(notOpenApi.json().code).toBe('ERR_CONTRACT_INVALID');
    const invalid = USERS_V1.replace("        '201': { description: created }", "        '201': { descriptio: created }");
    const warned = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.1', contract: invalid });
    expect(warned.statusCode).toBe(201);
    expect(warned.json().warnings.length).toBeGreaterThan(0);
    expect(warned.json().warnings[0]).toMatchObject({ code: 'contract-invalid', message: expect.any(String) });
  });

  it('takes declarations from a manifest, each with its line, and refuses a manifest of another service', async () => {
    const res = await h.send('POST', '/v1/services/checkout-web/versions', {
      version: '1.0.0',
      manifest: CHECKOUT_MANIFEST,
      manifestFile: 'web/overseer.yaml',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().version.manifestFile).toBe('web/overseer.yaml');
    // The line is kept, so that the gate's reasons say where the use is declared.
    const line = CHECKOUT_MANIFEST.split('\n').findIndex((l) => l.includes('operation: getUser')) + 1;
    const declarations = await h.send('GET', '/v1/services/checkout-web/versions/1.0.0/declarations');
    expect(declarations.json()).toEqual({
      declarations: [{ consumer: 'checkout-web', provider: 'users-service', uses: [{ operation: 'getUser', response: ['id', 'name', 'email'], line }] }],
    });
    const wrong = await h.send('POST', '/v1/services/users-service/versions', { version: '9.0.0', manifest: CHECKOUT_MANIFEST });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('ERR_PUBLICATION_INVALID');
  });

  it('takes declarations as JSON, a one-operation list included', async () => {
    const declarations = [
      { consumer: 'checkout-web', provider: 'users-service', uses: [{ operation: 'getUser', response: ['email'] }] },
      { consumer: 'checkout-web', provider: 'orders-service', uses: '*' },
    ];
    const res = await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', declarations });
    expect(res.statusCode, res.body).toBe(201);
    const stored = (await h.send('GET', '/v1/services/checkout-web/versions/1.0.0/declarations')).json().declarations;
    expect(stored).toEqual([declarations[1], declarations[0]]);
  });

  it('reports manifest problems with their line, and refuses both declarations and a manifest', async () => {
    const bad = await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', manifest: 'service: checkout-web\nowners: 3\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ERR_MANIFEST_INVALID', line: 2 });
    const both = await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', manifest: CHECKOUT_MANIFEST, declarations: [] });
    expect(both.json().code).toBe('ERR_PUBLICATION_INVALID');
  });

  it('refuses a declaration that uses nothing of its provider: the gate would judge nothing for it', async () => {
    const empty = await h.send('POST', '/v1/services/checkout-web/versions', {
      version: '1.0.0',
      declarations: [{ consumer: 'checkout-web', provider: 'users-service', uses: [] }],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ code: 'ERR_DECLARATION_INVALID', message: expect.stringContaining('users-service by checkout-web uses nothing') });
    expect((await h.send('GET', '/v1/services/checkout-web/versions/1.0.0')).statusCode).toBe(404);
  });

  it('refuses declarations of another consumer, unknown fields and an unknown service', async () => {
    const other = await h.send('POST', '/v1/services/checkout-web/versions', {
      version: '1.0.0',
      declarations: [{ consumer: 'billing-worker', provider: 'users-service', uses: '*' }],
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe('ERR_DECLARATION_INVALID');
    const typo = await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', declaration: [] });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().code).toBe('ERR_REQUEST_INVALID');
    const unknown = await h.send('POST', '/v1/services/nobody/versions', { version: '1.0.0' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ERR_SERVICE_UNKNOWN');
  });
});

describe('reading versions', () => {
  beforeEach(async () => {
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.10.0', contract: USERS_V1 });
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.9.0', contract: USERS_V2_BREAKING, commit: 'abc123' });
  });

  it('lists versions in semantic version order and reads one', async () => {
    const list = await h.send('GET', '/v1/services/users-service/versions');
    expect(list.json().versions.map((v: { version: string }) => v.version)).toEqual(['1.9.0', '1.10.0']);
    const one = await h.send('GET', '/v1/services/users-service/versions/1.9.0');
    expect(one.json()).toMatchObject({ service: 'users-service', version: '1.9.0', commit: 'abc123', branches: [] });
  });

  it('lists them a page at a time: `next` leads to the rest, and a cursor it did not give is refused', async () => {
    await h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V1 });
    const first = (await h.send('GET', '/v1/services/users-service/versions?limit=2')).json();
    expect(first.versions.map((v: { version: string }) => v.version)).toEqual(['1.9.0', '1.10.0']);
    const second = (await h.send('GET', `/v1/services/users-service/versions?limit=2&cursor=${first.next}`)).json();
    expect(second.versions.map((v: { version: string }) => v.version)).toEqual(['2.0.0']);
    expect(second).not.toHaveProperty('next');
    const forged = await h.send('GET', '/v1/services/users-service/versions?cursor=bm90LW91cnM');
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining('cursor') });
  });

  it('serves the contract as published, with its media type', async () => {
    const res = await h.send('GET', '/v1/services/users-service/versions/1.10.0/contract');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    expect(res.body).toBe(USERS_V1);
    const json = await h.send('POST', '/v1/services/users-service/versions', { version: '3.0.0', contract: usersV1AsJson() });
    expect(json.statusCode).toBe(201);
    // Same hash as 1.10.0: the first text published under it is kept.
    expect((await h.send('GET', '/v1/services/users-service/versions/3.0.0/contract')).body).toBe(USERS_V1);
  });

  it('answers 404 with the error shape for unknown services, versions and missing contracts', async () => {
    expect((await h.send('GET', '/v1/services/users-service/versions/7.7.7')).json()).toEqual({
      code: 'ERR_VERSION_UNKNOWN',
      message: 'unknown version 7.7.7 of users-service',
    });
    expect((await h.send('GET', '/v1/services/nobody/versions')).json().code).toBe('ERR_SERVICE_UNKNOWN');
    expect((await h.send('GET', '/v1/services/nobody/versions/1.0.0/declarations')).statusCode).toBe(404);
    await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', manifest: CHECKOUT_MANIFEST });
    const missing = await h.send('GET', '/v1/services/checkout-web/versions/1.0.0/contract');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ERR_CONTRACT_MISSING');
  });
});
