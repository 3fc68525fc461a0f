// A provider whose servers no longer serve any base path it served (`https://x/api/v1` now `https://x/api/v2`, paths
// unchanged) answers none of the URLs its consumers call: web's GET /api/v1/users/1 finds nothing. The gate warned and
// let it through (a warning to pass on), a yes no reviewer gives: now it breaks the consumers of the operations served
// there. Where another base path of the base is kept (`/beta` dropped beside `/v1`), a consumer may call the kept one,
// and it stays a warning. Against a real registry through the CLI, and offline through diff --consumers.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { json, object } from './users-statuses.js';

const accounts = (...servers: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'accounts', version: '1' },
  servers: servers.map((url) => ({ url })),
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', ...json(object('id')) } },
      },
    },
    '/health': { get: { responses: { '204': { description: 'up' } } } },
  },
});
const USES = '  accounts:\n    - operation: GET /users/{id}\n      response: [id]';
const GONE = 'server https://x.dev/api/v1 is no longer listed and no server keeps its base path /api/v1';

const session = useRegistry({ name: 'gate-server-base-path-gone', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a base path gone from the servers', () => {
  it('refuses the consumers of the operations served there when no base path is kept; warns them when one is', async () => {
    await publish('accounts', '1.0.0', { contract: accounts('https://x.dev/api/v1', 'https://x.dev/beta') });
    await deploy('accounts', '1.0.0');
    await publish('web', '1.0.0', { consumes: USES });
    await deploy('web', '1.0.0');

    // /beta dropped, /api/v1 kept: web may call either, so a warning to pass on, not a refusal.
    await publish('accounts', '1.1.0', { contract: accounts('https://x.dev/api/v1') });
    const kept = await verdictOf('accounts', '1.1.0');
    expect(kept.code).toBe(0);
    expect(kept.reasons.map((r) => [r.code, r.consumer])).toEqual([['warns-consumer', 'web']]);
    await deploy('accounts', '1.1.0');

    await publish('accounts', '2.0.0', { contract: accounts('https://x.dev/api/v2') });
    const moved = await verdictOf('accounts', '2.0.0');
    expect(moved.code, JSON.stringify(moved.verdict)).toBe(1);
    expect(moved.errors.map((r) => [r.code, r.consumer])).toEqual([['breaks-consumer', 'web']]);
    expect(moved.errors[0]!.message).toContain(GONE);
    const text = await session.cli('can-i-deploy', '--service', 'accounts', '--version', '2.0.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(GONE);

    // diff --consumers, offline: the same no.
    const dir = join(session.dir, 'offline');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'base.json'), JSON.stringify(accounts('https://x.dev/api/v1')));
    await writeFile(join(dir, 'revision.json'), JSON.stringify(accounts('https://x.dev/api/v2')));
    await writeFile(join(dir, 'web.yaml'), `service: web\nowners: ["@acme/web"]\nconsumes:\n${USES}\n`);
    const diff = await session.cli('diff', join(dir, 'base.json'), join(dir, 'revision.json'), '--service', 'accounts', '--consumers', join(dir, 'web.yaml'));
    expect(diff.code, diff.stdout).toBe(1);
    expect(diff.stdout).toContain(`GET /users/{id}: ${GONE} (api-server-base-path-changed)`);
  });
});
