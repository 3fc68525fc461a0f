// `diff --consumers` where a provider moves its base path from the server URL (or a 2.0 `basePath`) into its paths and
// serves a new path at the root: the consumer's `GET /users/{id}`, relative to the old server, was refused as
// operation-missing with "no change caused it: the base fails it too", which was untrue: the base serves it, and the
// revision serves the same URL. It is now judged at that URL, and a notice tells its owners what to declare.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const getUser = (fields: string[]) => ({
  get: {
    parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
    responses: { '200': { description: 'ok', schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
  },
});
const openapi3 = (server: string, prefix: string) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  servers: [{ url: server }],
  paths: {
    [`${prefix}/users/{id}`]: {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } } },
      },
    },
    ...(prefix && { '/health': { get: { responses: { '204': { description: 'up' } } } } }),
  },
});
const swagger2 = (basePath: string, prefix: string, fields: string[]) => ({
  swagger: '2.0',
  info: { title: 'users', version: '1.0.0' },
  host: 'api.x',
  basePath,
  produces: ['application/json'],
  paths: { [`${prefix}/users/{id}`]: getUser(fields), ...(prefix && { '/health': { get: { responses: { '204': { description: 'up' } } } } }) },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-base-path-into-paths-'));
  const files: Record<string, object> = {
    'v3-base.json': openapi3('https://api.x/v1', ''),
    'v3-moved.json': openapi3('https://api.x', '/v1'),
    'v2-base.json': swagger2('/v1', '', ['name']),
    'v2-moved.json': swagger2('/', '/v1', ['name']),
    'v2-moved-without-name.json': swagger2('/', '/v1', ['nick']),
  };
  for (const [name, contract] of Object.entries(files)) await writeFile(join(dir, name), JSON.stringify(contract));
  await writeFile(join(dir, 'web.yaml'), 'service: web\nconsumes:\n  users:\n    - operation: GET /users/{id}\n      response: [name]\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const diff = (base: string, revision: string) => runCliHere(['diff', base, revision, '--service', 'users', '--consumers', 'web.yaml'], { cwd: dir });

describe('diff --consumers on a base path moved into the paths beside a new root path', () => {
  for (const [version, base, moved] of [
    ['3.x servers', 'v3-base.json', 'v3-moved.json'],
    ['2.0 basePath', 'v2-base.json', 'v2-moved.json'],
  ]) {
    it(`${version}: the use is judged at the URL it calls, and its owners are told what to declare`, async () => {
      const run = await diff(base!, moved!);
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).not.toContain('operation-missing');
      expect(run.stdout).not.toContain('the base fails it too');
      expect(run.stdout).toContain('Nothing: no consumer is broken.');
      expect(run.stdout).toContain(
        `declared-path-moved: web declares GET /users/{id} under the base path of users's server, which ${moved} moved into its paths: the URL web calls is unchanged and was judged as GET /v1/users/{id}; web's owners should declare GET /v1/users/{id}`,
      );
    });
  }

  it('2.0 basePath: a field the moved operation no longer returns still blocks, as that field', async () => {
    const run = await diff('v2-base.json', 'v2-moved-without-name.json');
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).not.toContain('operation-missing');
    expect(run.stdout).toContain('`name`');
  });
});
