// A use that the provider's previous version already failed is said to be "already unmet" by that version, and by what
// kind: deployed, released, or only the latest published. A provider published on the main branch and deployed nowhere
// was said to be "deployed" in the version.breaking event a publication sends: a reader looked for a deployment that
// does not exist. Through the CLI, against a registry in the test's process with a webhook receiver on loopback.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';

const session = useRegistryWithHooks('gate-unmet-words', ['version.breaking']);
const { cli } = session;

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

describe('a use the provider never met, with nothing deployed anywhere', () => {
  it('says the latest published version failed it, not a deployed one, in the event a publication sends', async () => {
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    const publish = async (service: string, version: string, parts: Parameters<typeof publishFolder>[4]) => {
      const done = await publishFolder((...args) => cli(...args, '--branch', 'main'), session.dir, service, version, parts);
      expect(done.code, done.stderr).toBe(0);
    };
    await publish('users', '1.0.0', { contract: users });
    await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, nickname]' });
    await publish('users', '1.1.0', { contract: { ...users, info: { title: 'users', version: '1.1' } } });

    const [request] = await session.hooks.waitFor(1);
    const event = JSON.parse(request!.body);
    expect(event).toMatchObject({ type: 'version.breaking', service: 'users', version: '1.1.0' });
    expect(request!.body, request!.body).toContain('already unmet by the latest published version 1.0.0');
    expect(request!.body).not.toContain('deployed version');

    // The same words as `check` says against the latest published versions (1.1.0 is the latest now).
    const checked = await cli('check', '--manifest', join(session.dir, 'users-1.1.0', 'overseer.yaml'));
    expect(checked.code).toBe(1);
    expect(checked.stdout, checked.stdout).toContain('already unmet by the latest published version 1.1.0');
  });
});
