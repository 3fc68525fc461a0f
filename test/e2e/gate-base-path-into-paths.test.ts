// A base path moved from the server URL into the paths while a new path is served at the root (`https://x/v1` +
// `/users/{id}` becomes `https://x` + `/v1/users/{id}` and `/health`): not every path writes `/v1`, so the declared
// `GET /users/{id}` named nothing in the candidate, and the gate refused the move with operation-missing although every
// URL a client calls is the same. Against a real registry: the use is judged at its URL, and its owners told to redeclare.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const contract = (server: string, prefix: string, fields: string[], withHealth: boolean, version = '1') => ({
  openapi: '3.0.3',
  info: { title: 'accounts', version },
  servers: [{ url: server }],
  paths: {
    [`${prefix}/users/{id}`]: {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } },
            },
          },
        },
      },
    },
    ...(withHealth && { '/health': { get: { responses: { '204': { description: 'up' } } } } }),
  },
});

const session = useRegistry({ name: 'gate-base-path-into-paths', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a base path moved into the paths beside a new root path, against a real registry', () => {
  it('lets the move through with a warning to redeclare, and still refuses a real removal at the moved path', async () => {
    await publish('accounts', '1.0.0', { contract: contract('https://accounts.example.com/v1', '', ['id', 'plan'], false) });
    await deploy('accounts', '1.0.0');
    await publish('billing', '1.0.0', { consumes: '  accounts:\n    - operation: GET /users/{id}\n      response: [plan]' });
    await deploy('billing', '1.0.0');

    await publish('accounts', '1.1.0', { contract: contract('https://accounts.example.com', '/v1', ['id', 'plan'], true) });
    const moved = await verdictOf('accounts', '1.1.0');
    expect(moved.errors).toEqual([]);
    expect(moved.code, JSON.stringify(moved.verdict)).toBe(0);
    expect(moved.reasons).toEqual([
      expect.objectContaining({
        code: 'declared-path-moved',
        severity: 'warning',
        consumer: 'billing',
        operation: 'GET /v1/users/{id}',
        message: expect.stringContaining("billing's owners should declare GET /v1/users/{id}"),
      }),
    ]);

    // The same move, taking `plan` away: refused for the field billing reads at that URL, not for a missing operation.
    await publish('accounts', '1.2.0', { contract: contract('https://accounts.example.com', '/v1', ['id'], true) });
    const removed = await verdictOf('accounts', '1.2.0');
    expect(removed.code).toBe(1);
    expect(removed.errors).not.toContainEqual(expect.objectContaining({ code: 'operation-missing' }));
    expect(removed.errors).toContainEqual(expect.objectContaining({ consumer: 'billing', message: expect.stringContaining('plan') }));
    expect(JSON.stringify(removed.errors)).not.toContain('already unmet');
  });

  // The warning names the revision as can-i-deploy names a version, in every format: `diff` and the Action's comment
  // named it by its file ("once /ci/work/openapi.json is live"), where the document's own version tells it apart.
  it('names the revision by its version at every door, not by its file', async () => {
    const said = 'which accounts 1.1.0 moved into its paths: the URL billing calls is unchanged and was judged as GET /v1/users/{id}';
    for (const format of ['text', 'markdown']) {
      const asked = await session.cli('can-i-deploy', '--service', 'accounts', '--version', '1.1.0', '--to', 'production', '--format', format);
      expect(asked.stdout).toContain(said);
    }
    const base = join(session.dir, 'accounts-base.json');
    const revision = join(session.dir, 'accounts-revision.json');
    await writeFile(base, JSON.stringify(contract('https://accounts.example.com/v1', '', ['id', 'plan'], false, '1.0.0')));
    await writeFile(revision, JSON.stringify(contract('https://accounts.example.com', '/v1', ['id', 'plan'], true, '1.1.0')));
    const manifest = join(session.dir, 'billing.yaml');
    await writeFile(
      manifest,
      'service: billing\nowners: ["@acme/billing"]\nconsumes:\n  accounts:\n    - operation: GET /users/{id}\n      response: [plan]\n',
    );
    for (const format of ['text', 'json', 'markdown', 'github']) {
      const diffed = await session.cli('diff', base, revision, '--service', 'accounts', '--consumers', manifest, '--format', format);
      expect(diffed.code, diffed.stderr).toBe(0);
      expect(diffed.stdout, format).toContain(format === 'github' ? 'which accounts 1.1.0 moved into its paths' : said);
      expect(diffed.stdout, format).toContain('since once accounts 1.1.0 is live no version of accounts names GET /users/{id}');
    }
    // Both documents at version 1: nothing tells them apart but their files.
    await writeFile(base, JSON.stringify(contract('https://accounts.example.com/v1', '', ['id', 'plan'], false)));
    await writeFile(revision, JSON.stringify(contract('https://accounts.example.com', '/v1', ['id', 'plan'], true)));
    const unversioned = await session.cli('diff', base, revision, '--service', 'accounts', '--consumers', manifest);
    expect(unversioned.stdout).toContain(`which ${revision} moved into its paths`);
  });
});
