// Two small contracts, each shallow, whose recursive schemas nest as deep as the least common multiple of their cycles
// when compared (97 and 89 schemas: 8,633 pairs deep): the diff, the check and the gate refuse them with the bound
// named, where the pair walk used to overflow the stack (a 500 from the registry, "Maximum call stack" from the CLI).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

/** A cycle of `length` object schemas, each holding the next as property `a`; `leaf` types their other property. */
function cycleContract(length: number, leaf: string): string {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < length; i++) {
    schemas[`S${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/S${(i + 1) % length}` }, [`z${i % 7}`]: { type: leaf } } };
  }
  return JSON.stringify(documentOf(schemas));
}

/** `depth` schemas in a row, the last typed `leaf`: deep, but within the bound. */
function chainContract(depth: number, leaf: string): string {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) schemas[`S${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/S${i + 1}` } } };
  schemas[`S${depth}`] = { type: leaf };
  return JSON.stringify(documentOf(schemas));
}

function documentOf(schemas: Record<string, unknown>) {
  const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } };
  return {
    openapi: '3.0.3',
    info: { title: 'users', version: '1' },
    paths: { '/x': { get: { responses: { 200: { description: 'ok', ...body } } } } },
    components: { schemas },
  };
}

const TOO_DEEP = /nest deeper than 256 levels through \$refs at #\/components\/schemas\/S\d+\/properties\/a/;
const session = useRegistry({ name: 'deep-pairs' });
const files = { base: '', revision: '', chainBase: '', chainRevision: '' };

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const answer = await fetch(`${session.registry.url}${path}`, init);
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

async function sendOk(method: string, path: string, body: unknown): Promise<void> {
  const answer = await send(method, path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
}

beforeAll(async () => {
  const write = async (name: string, text: string) => {
    const file = join(session.dir, name);
    await writeFile(file, text);
    return file;
  };
  files.base = await write('cycle-97.json', cycleContract(97, 'string'));
  files.revision = await write('cycle-89.json', cycleContract(89, 'integer'));
  files.chainBase = await write('chain-200.json', chainContract(200, 'string'));
  files.chainRevision = await write('chain-200-integer.json', chainContract(200, 'integer'));
  await sendOk('POST', '/v1/environments', { name: 'prod' });
  for (const name of ['users', 'web']) await sendOk('PUT', `/v1/services/${name}`, { owners: ['@team'] });
  await sendOk('POST', '/v1/services/users/versions', { version: '1', contract: cycleContract(97, 'string'), contractFile: 'cycle-97.json' });
  await sendOk('POST', '/v1/services/web/versions', { version: '1', manifest: 'service: web\nowners: ["@team"]\nconsumes:\n  users: "*"\n' });
  for (const service of ['users', 'web']) await sendOk('POST', '/v1/deployments', { service, version: '1', environment: 'prod' });
}, 60_000);

describe('schemas that nest past the bound only when compared', () => {
  it('overseer diff exits 2 with one line naming the revision, the bound and the place', async () => {
    const r = await session.cli('diff', files.base, files.revision);
    expect(r.stderr).toMatch(
      /^error ERR_CONTRACT_TOO_DEEP: [^\n]*cycle-89\.json:1: compared with [^\n]*cycle-97\.json, its schemas nest deeper than 256 levels/,
    );
    expect(r.stderr).toMatch(TOO_DEEP);
    expect(r.stderr).not.toContain('OVERSEER_DEBUG');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('still compares a chain of 200 schemas to its end', async () => {
    const r = await session.cli('diff', files.chainBase, files.chainRevision);
    expect(r.stdout).toContain('response-property-type-changed');
    expect(r.code).toBe(1);
  });

  it('answers an anonymous check 400 naming the bound, and /healthz still answers', async () => {
    const check = await send('POST', '/v1/check', {
      service: 'users',
      environment: 'prod',
      contract: cycleContract(89, 'integer'),
      contractFile: 'cycle-89.json',
    });
    expect(check.status).toBe(400);
    expect(check.body).toMatchObject({ code: 'ERR_CONTRACT_INVALID' });
    expect(check.body.message).toMatch(TOO_DEEP);
    expect((await send('GET', '/healthz')).status).toBe(200);
  });

  it('answers can-i-deploy of a published version 400 naming the bound, never deployable', async () => {
    await sendOk('POST', '/v1/services/users/versions', { version: '2', contract: cycleContract(89, 'integer'), contractFile: 'cycle-89.json' });
    const gate = await send('GET', '/v1/can-i-deploy?service=users&version=2&environment=prod');
    expect(gate.status).toBe(400);
    expect(gate.body).toMatchObject({ code: 'ERR_CONTRACT_INVALID' });
    expect(gate.body.message).toMatch(TOO_DEEP);
    expect((await send('GET', '/healthz')).status).toBe(200);
  });
});
