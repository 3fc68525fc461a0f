// What anyone may ask about a service's versions reads their names, kept in order for the pages, and the rows it needs:
// can-i-deploy about a version nobody published, the graph of a change, the migrations' walk back to where a part was
// deprecated each read and sorted every row of the service, on the event loop (some 100 ms at 5,000 versions). The
// store's calls are counted.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { countingStore } from '../ui/counting-store.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
const calls = new Map<string, number>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-unknown-candidate-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, {});
  store = openSqliteStore(config.db);
  await store.upsertService({ name: 'web', owners: ['@web'] });
  await store.createEnvironment('production');
  app = buildApp({ config, store: countingStore(store, calls), schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  await app.ready();
  // Published out of order; GET /items deprecated since 1.1.0.
  for (const [version, deprecated] of [
    ['1.1.0', true],
    ['2.0.0', true],
    ['1.0.0', false],
  ] as const) {
    const published = await app.inject({ method: 'POST', url: '/v1/services/web/versions', payload: { version, contract: contract(deprecated) } });
    expect(published.statusCode).toBe(201);
  }
  const deployed = await app.inject({ method: 'POST', url: '/v1/deployments', payload: { service: 'web', version: '2.0.0', environment: 'production' } });
  expect(deployed.statusCode).toBe(201);
});

function contract(deprecated: boolean): string {
  const get = { deprecated, responses: { '200': { description: 'ok' } } };
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'web', version: '1' }, paths: { '/items': { get } } });
}

afterAll(async () => {
  await app?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ask(version: string): Promise<string> {
  calls.clear();
  const answer = await app.inject({ method: 'GET', url: `/v1/can-i-deploy?service=web&version=${version}&environment=production` });
  expect(answer.json()).toMatchObject({ decision: 'undecided', reasons: [{ code: 'version-unknown' }] });
  return answer.json().reasons[0].message;
}

describe('can-i-deploy about a version nobody published', () => {
  it('names the newest published, or the same version written otherwise, without reading every version of the service', async () => {
    expect(await ask('9.0.0')).toBe('web 9.0.0 is not published (the newest published is 2.0.0): publish it before asking whether it can be deployed');
    expect(calls.get('listVersions')).toBeUndefined();
    expect(await ask('v1.1')).toBe('web v1.1 is not published: did you mean 1.1.0?');
    expect(calls.get('listVersions')).toBeUndefined();
  });
});

describe("a stranger's other reads of a service's versions", () => {
  it('draws the graph of a change against the version before it, without reading every version', async () => {
    calls.clear();
    const graph = await app.inject({ method: 'GET', url: '/graph?service=web&to=2.0.0' });
    expect(graph.statusCode).toBe(200);
    expect(graph.body).toContain('href="/services/web?from=1.1.0&amp;to=2.0.0#diff"');
    expect(calls.get('listVersions')).toBeUndefined();
  });

  it('walks back to the version a part was deprecated in, reading the versions before it alone', async () => {
    calls.clear();
    const answer = await app.inject({ method: 'GET', url: '/v1/services/web/migrations?environment=production' });
    expect(answer.json().migrations).toMatchObject([{ operation: 'GET /items', deprecatedIn: '1.1.0' }]);
    expect(calls.get('listVersions')).toBeUndefined();
  });
});
