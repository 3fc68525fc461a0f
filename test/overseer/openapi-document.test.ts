// The registry writes its own OpenAPI document at the first GET /openapi.json, not at start: a start loads neither
// @fastify/swagger nor the YAML writer it brings. Run in a child process on dist/, whose module cache is its own.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SCRIPT = `
import { createRequire } from 'node:module';
import { join } from 'node:path';
const { buildApp } = await import(join(process.cwd(), 'dist/overseer/app.js'));
const { parseConfig } = await import(join(process.cwd(), 'dist/overseer/config.js'));
const { openSqliteStore } = await import(join(process.cwd(), 'dist/overseer/store/sqlite/index.js'));
const cache = createRequire(import.meta.url).cache;
const loaded = (name) => Object.keys(cache).some((file) => file.includes('/node_modules/' + name + '/'));
const store = openSqliteStore(':memory:');
const app = buildApp({ config: parseConfig({ db: ':memory:' }, {}), store });
await app.ready();
const atStart = { swagger: loaded('@fastify/swagger'), yaml: loaded('yaml') };
const first = await app.inject({ method: 'GET', url: '/openapi.json' });
const second = await app.inject({ method: 'GET', url: '/openapi.json' });
const afterFirst = { swagger: loaded('@fastify/swagger'), yaml: loaded('yaml') };
await app.close();
await store.close();
console.log(JSON.stringify({ atStart, afterFirst, status: first.statusCode, type: first.headers['content-type'], body: first.body, same: first.body === second.body }));
`;

let result: {
  atStart: { swagger: boolean; yaml: boolean };
  afterFirst: { swagger: boolean; yaml: boolean };
  status: number;
  type: string;
  body: string;
  same: boolean;
};

beforeAll(() => {
  assertBuilt();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  result = JSON.parse(run.stdout);
});

describe('GET /openapi.json', () => {
  it('loads nothing of the document writer until asked', () => {
    expect(result.atStart).toEqual({ swagger: false, yaml: false });
    expect(result.afterFirst).toEqual({ swagger: true, yaml: true });
  });

  it('answers the document of every route, with the shared schemas as components, the same each time', () => {
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/^application\/json/);
    const doc = JSON.parse(result.body);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Overseer registry');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/v1/services', '/v1/services/{name}', '/v1/check']));
    // Hidden, and HEAD routes left out.
    expect(doc.paths['/openapi.json']).toBeUndefined();
    expect(doc.paths['/v1/services'].head).toBeUndefined();
    expect(Object.keys(doc.components.schemas)).toContain('Declaration');
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    expect(result.same).toBe(true);
  });

  it("documents the gate's header naming the notices the registry gives itself, on every verdict it answers", () => {
    const doc = JSON.parse(result.body);
    const answers = [doc.paths['/v1/can-i-deploy'].get, doc.paths['/v1/can-i-deploy'].post, doc.paths['/v1/check'].post];
    for (const answer of answers) {
      const header = answer.responses['200'].headers['overseer-verdict-notices'];
      expect(header.schema).toMatchObject({ type: 'string', example: 'environment-empty' });
      expect(header.description).toMatch(/^The notice codes this registry puts in its verdicts/);
      expect(answer.responses['200'].content['application/json'].schema).toBeDefined();
    }
  });
});
