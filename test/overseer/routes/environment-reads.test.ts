// A request that names an environment reads that one row: every gate, deployment and listing passes the check, and
// reading every environment for each of them made a registry of many environments pay for all of them each time.

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
import { countingStore } from '../ui/counting-store.js';

describe('an environment named in a request', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-environment-reads-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    for (const name of ['production', 'qa', 'staging']) await store.createEnvironment(name);
    app = buildApp({ config, store: countingStore(store, calls), schemaController: reusedSchemaController() });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is read alone when it exists, not with every other environment', async () => {
    calls.clear();
    const res = await fetch(`${url}/v1/environments/staging/deployments`);
    expect([res.status, await res.json()]).toEqual([200, { deployments: [] }]);
    expect(calls.get('getEnvironment')).toBe(1);
    expect(calls.get('listEnvironments') ?? 0).toBe(0);
  });

  it('still names the known ones, and the one probably meant, when it does not exist', async () => {
    const res = await fetch(`${url}/v1/environments/prodution/deployments`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 'ERR_ENVIRONMENT_UNKNOWN',
      message: "unknown environment 'prodution' (known: production, qa, staging): did you mean production?",
    });
    // Names are kept as written: another case is another name, refused as before.
    expect((await fetch(`${url}/v1/environments/Staging/deployments`)).status).toBe(404);
  });
});
