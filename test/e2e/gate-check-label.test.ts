// `overseer check --version V` names an unpublished candidate; V may be the version deployed there (a package version
// not bumped yet). The candidate is still compared with what is deployed: a name is not a contract. Against a registry
// run in the test's process, on a fresh SQLite file.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

const contractOf = (...paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

const session = useRegistry({ name: 'gate-check-label', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);

describe('check with --version naming the version deployed there', () => {
  it('compares the working tree with the deployed contract, whatever the candidate is called', async () => {
    for (const [service, parts] of [
      ['users-d', { contract: contractOf('/health', '/users/{id}') }],
      ['all-user-d', { consumes: '  users-d: "*"' }],
    ] as const) {
      expect((await publishFolder(cli, session.dir, service, '1.0.0', parts)).code).toBe(0);
      expect((await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    }
    // The working tree: users-d with GET /users/{id} removed, not published.
    expect(
      (await publishFolder(async () => ({ code: 0, stdout: '', stderr: '' }), session.dir, 'users-d', 'tree', { contract: contractOf('/health') })).code,
    ).toBe(0);
    const manifest = join(session.dir, 'users-d-tree', 'overseer.yaml');
    for (const name of ['candidate', '1.0.0']) {
      const checked = await cli('check', '--manifest', manifest, '--against', 'production', '--version', name, '--format', 'json');
      expect(checked.code, `--version ${name}: ${checked.stdout}`).toBe(1);
      expect(JSON.parse(checked.stdout).reasons).toEqual([
        expect.objectContaining({ code: 'breaks-consumer', consumer: 'all-user-d', changes: [expect.objectContaining({ operation: 'GET /users/{id}' })] }),
      ]);
    }
  });
});
