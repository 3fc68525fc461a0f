// can-i-deploy about a version nobody published names the newest published, or the same version written otherwise,
// from the version names the store keeps in order: it read and sorted every row of the service for it, on the event
// loop, for anyone who asks (some 100 ms at 5,000 versions). The store's calls are counted.

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
  for (const version of ['1.1.0', '2.0.0', '1.0.0']) await store.publishVersion({ service: 'web', version });
  await store.createEnvironment('production');
  app = buildApp({ config, store: countingStore(store, calls), schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  await app.ready();
});

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
