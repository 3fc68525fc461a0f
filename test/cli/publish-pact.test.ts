// `overseer publish --pact`: a consumer known only from its pacts has no owners, and the publisher is told so, as
// `publish --manifest` tells of a manifest without owners; run in-process against a registry on loopback.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.js';
import { run } from '../../cli/main.js';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { Store } from '../../overseer/store/store.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';

const pactOf = (consumer: string) => ({
  consumer: { name: consumer },
  provider: { name: 'users-service' },
  interactions: [{ description: 'user 7', request: { method: 'GET', path: '/users/7' }, response: { status: 200, body: { id: '7' } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

let dir: string;
let store: Store;
let app: FastifyInstance;
let url: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-pact-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, {});
  store = openSqliteStore(config.db);
  app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const consumer of ['mobile-app', 'kiosk-app']) await writeFile(join(dir, `${consumer}.json`), JSON.stringify(pactOf(consumer)));
});

afterEach(async () => {
  await app?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' },
    cwd: dir,
    isTTY: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

describe('publish --pact and owners', () => {
  it('warns of each consumer the registry keeps without owners, how to set them, and not of one that has them', async () => {
    await store.upsertService({ name: 'kiosk-app', owners: ['@acme/kiosk'], slack: '#kiosk' });
    const published = await cli('publish', '--pact', 'mobile-app.json', '--pact', 'kiosk-app.json', '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr.split('\n').filter((line) => line.startsWith('warning:'))).toEqual([
      'warning: mobile-app.json: mobile-app has no owners in the registry: pull-request comments and Slack messages about its breaking changes ' +
        'mention nobody, and with no slack: channel its notifications (version.breaking, gate.refused, deprecation.ready) reach no Slack channel; ' +
        'a Pact file cannot name them: set them in the registry (PUT /v1/services/mobile-app with {"owners": [...], "slack": "#team-alerts"})',
    ]);
    // Once the registry has its owners, the next publication says nothing more.
    await store.upsertService({ name: 'mobile-app', owners: ['@acme/mobile'] });
    const again = await cli('publish', '--pact', 'mobile-app.json', '--version', '1.0.1', '--format', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/warning:/);
    expect(JSON.parse(again.stdout)).toMatchObject([{ consumer: 'mobile-app', owners: ['@acme/mobile'], files: ['mobile-app.json'] }]);
  });
});
