// A use that the provider's previous version already failed is said to be "already unmet" by that version, and by what
// kind: deployed, released, or only the latest published. A provider published on the main branch and deployed nowhere
// was said to be "deployed" in the version.breaking event a publication sends: a reader looked for a deployment that
// does not exist. Through the CLI, against a registry in the test's process with a webhook receiver on loopback.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere } from './in-process.js';
import { startRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';

let dir: string;
let registry: RegistryHere;
let hooks: WebhookReceiver;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    },
  },
};

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-gate-unmet-words-'));
  ({ registry, hooks } = await startRegistryWithHooks(join(dir, 'registry.db'), ['version.breaking']));
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  await hooks?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a use the provider never met, with nothing deployed anywhere', () => {
  it('says the latest published version failed it, not a deployed one, in the event a publication sends', async () => {
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    const publish = async (service: string, version: string, parts: Parameters<typeof publishFolder>[4]) => {
      const done = await publishFolder((...args) => cli(...args, '--branch', 'main'), dir, service, version, parts);
      expect(done.code, done.stderr).toBe(0);
    };
    await publish('users', '1.0.0', { contract: users });
    await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, nickname]' });
    await publish('users', '1.1.0', { contract: { ...users, info: { title: 'users', version: '1.1' } } });

    const [request] = await hooks.waitFor(1);
    const event = JSON.parse(request!.body);
    expect(event).toMatchObject({ type: 'version.breaking', service: 'users', version: '1.1.0' });
    expect(request!.body, request!.body).toContain('already unmet by the latest published version 1.0.0');
    expect(request!.body).not.toContain('deployed version');

    // The same words as `check` says against the latest published versions (1.1.0 is the latest now).
    const checked = await cli('check', '--manifest', join(dir, 'users-1.1.0', 'overseer.yaml'));
    expect(checked.code).toBe(1);
    expect(checked.stdout, checked.stdout).toContain('already unmet by the latest published version 1.1.0');
  });
});
