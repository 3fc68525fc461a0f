// `overseer diff registry:SERVICE@ENVIRONMENT` where several versions of the service are live (a supported release, a
// rollout): the pre-commit hook compares with the version deployed there, and is told which others it did not.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

function contract(paths: string[]) {
  const operation = (id: string) => ({ get: { operationId: id, responses: { '200': { description: 'ok' } } } });
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'users', version: '1.0.0' },
    paths: Object.fromEntries(paths.map((p) => [p, operation(p.slice(1))])),
  });
}

const session = useRegistry({
  name: 'diff-live',
  inDir: true,
  before: async ({ dir }) => {
    await writeFile(join(dir, 'v1.json'), contract(['/users']));
    await writeFile(join(dir, 'v2.json'), contract(['/users', '/teams']));
    await writeFile(join(dir, 'overseer.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./v1.json\n');
  },
  setup: [
    ['publish', '--version', '1.0.0'],
    ['publish', '--version', '2.0.0', '--contract', 'v2.json'],
    ['environment', 'create', 'production'],
    // The old version stays supported (an app in users' hands); the new one is what production runs.
    ['record-release', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '2.0.0', '--env', 'production'],
  ],
});
const { cli } = session;

describe('diff registry:SERVICE@ENVIRONMENT with several live versions', () => {
  it('compares with the version deployed there, not a release listed before it', async () => {
    // The working copy lacks GET /teams, which production's deployed 2.0.0 serves: a removal, not "No changes".
    const r = await cli('diff', 'registry:users-service@production', 'v1.json');
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('api-path-removed-without-deprecation');
    expect(r.stdout).toContain('users-service@production (2.0.0)');
    expect(r.stderr).toBe(
      'note: registry:users-service@production is users-service 2.0.0, the version deployed there; 1.0.0 (released) is live ' +
        'there too: compare with registry:users-service@1.0.0 as well\n',
    );
  });

  it('says which version it took when each live version runs beside another (a rollout under way)', async () => {
    for (const args of [
      ['environment', 'create', 'canary'],
      ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'canary', '--rolling'],
      ['record-deployment', '--service', 'users-service', '--version', '2.0.0', '--env', 'canary', '--rolling'],
    ]) {
      const done = await cli(...args);
      expect(done.code, done.stderr).toBe(0);
    }
    const live = await (await fetch(`${session.registry.url}/v1/environments/canary/deployments`)).json();
    expect(live.deployments.map((d: { version: string; live: string }) => `${d.version} ${d.live}`)).not.toContain(expect.stringMatching(/ deployed$/));
    const r = await cli('diff', 'registry:users-service@canary', 'v2.json');
    expect(r.stderr).toMatch(/^note: registry:users-service@canary is users-service \d\.0\.0, the version deployed there last; /);
  });

  it('says nothing more when one version is live', async () => {
    const done = await cli('record-support-ended', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
    expect(done.code, done.stderr).toBe(0);
    const r = await cli('diff', 'registry:users-service@production', 'v2.json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('No changes.');
  });
});

describe('changelog registry:SERVICE@ENVIRONMENT', () => {
  it('reads a side from the registry as diff does, instead of looking for a file named registry:...', async () => {
    const r = await cli('changelog', 'registry:users-service@production', 'v1.json', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const changelog = JSON.parse(r.stdout);
    expect(JSON.stringify(changelog)).toContain('GET /teams');
    expect(changelog.base.file).toBe('registry:users-service@production');
    const unknown = await cli('changelog', 'registry:user-service@production', 'v1.json');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      'error ERR_SERVICE_UNKNOWN: registry:user-service@production: no service is named user-service: did you mean users-service?\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
    );
  });

  it('names the published version a typo away from the one written', async () => {
    const r = await cli('diff', 'registry:users-service@2.0', 'v1.json');
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_VERSION_UNKNOWN: unknown version 2.0 of users-service: did you mean registry:users-service@2.0.0?\nRun "overseer explain ERR_VERSION_UNKNOWN" for what to do.\n',
    });
  });
});
