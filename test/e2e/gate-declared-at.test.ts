// A "no" about a consumer read from the registry said what breaks but not where that consumer declared the use: the
// registry dropped each use's manifest line at publication and never knew the manifest's path. It keeps both now (with
// the repository and commit), so can-i-deploy prints `declared at apps/web/overseer.yaml:6 in acme/web` and the
// Action's comment links that line in the consumer's repository, for an entry written as an operationId too.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePullRequest, runMain, runnerEnv } from '../action/harness.js';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import { gateStepsOf } from './gate-steps.js';
import { runCliHere } from './in-process.js';
import { useRegistry } from './registry-session.js';
import { text, usersReturning } from './users-contract.js';

const named = (version: string, properties: Record<string, object>) => {
  const contract = usersReturning(version, properties);
  return { ...contract, paths: { '/users/{id}': { get: { ...contract.paths['/users/{id}'].get, operationId: 'getUser' } } } };
};

// web's manifest sits in apps/web of its repository; its use of users is on line 6, written by operationId.
const WEB = [
  'service: web',
  'owners: ["@acme/web"]',
  'repository: acme/web',
  'consumes:',
  '  users:',
  '    - operation: getUser',
  '      response: [name]',
  '',
];

const ADMIN = ['service: admin', 'repository: acme/users-service', 'consumes:', '  users:', '    - operation: GET /users/{id}', '      response: [email]', ''];

const session = useRegistry({
  name: 'gate-declared-at',
  inDir: true,
  setup: [['environment', 'create', 'production']],
  // The session's folder stands for web's checkout: `.git` marks its root.
  before: async ({ dir }) => {
    await mkdir(join(dir, '.git'));
    await mkdir(join(dir, 'apps', 'web'), { recursive: true });
    await writeFile(join(dir, 'apps', 'web', 'overseer.yaml'), WEB.join('\n'));
    // admin's manifest lives in users' own repository: its annotation can sit on its file.
    await mkdir(join(dir, 'apps', 'admin'), { recursive: true });
    await writeFile(join(dir, 'apps', 'admin', 'overseer.yaml'), ADMIN.join('\n'));
  },
});
const { publish, deploy } = gateStepsOf(session);
let github: FakeGithub;
const dirs: string[] = [];

beforeAll(async () => {
  github = await startFakeGithub({ token: 'ghs_test' });
  await publish('users', '1.0.0', { contract: named('1.0.0', { id: text, name: text }) });
  await deploy('users', '1.0.0');
  // Published from the manifest's own folder: the path kept is still the one in the repository.
  const inWeb = await runInWeb('publish', '--manifest', 'overseer.yaml', '--version', '1.0.0', '--commit', '0123abc');
  expect(inWeb.code, inWeb.stderr).toBe(0);
  await deploy('web', '1.0.0');
  const inAdmin = await runCliHere(['publish', '--manifest', 'overseer.yaml', '--version', '1.0.0', '--commit', '0123abc'], {
    env: session.env,
    cwd: join(session.dir, 'apps', 'admin'),
  });
  expect(inAdmin.code, inAdmin.stderr).toBe(0);
  await deploy('admin', '1.0.0');
  // shop reads a field users never returned; its manifest names no repository.
  await publish('shop', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [nickname]' });
  await deploy('shop', '1.0.0');
  await publish('users', '2.0.0', { contract: named('2.0.0', { id: text }) });
}, 120_000);

afterAll(async () => {
  await github?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function runInWeb(...args: string[]) {
  return runCliHere(args, { env: session.env, cwd: join(session.dir, 'apps', 'web') });
}

describe('users 2.0.0 stops returning the name web reads', () => {
  it('can-i-deploy says where web declared the use', async () => {
    const asked = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production');
    expect(asked.code).toBe(1);
    const lines = asked.stdout.split('\n');
    const reason = lines.findIndex((l) => l.startsWith('  x breaks-consumer: users 2.0.0 would break web 1.0.0'));
    expect(lines.slice(reason + 1, reason + 3)).toEqual([
      '      rule: response-optional-property-removed',
      '      declared at apps/web/overseer.yaml:6 in acme/web',
    ]);

    const json = JSON.parse((await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production', '--format', 'json')).stdout);
    const where = { line: 6, file: 'apps/web/overseer.yaml', repository: 'acme/web', commit: '0123abc' };
    const about = (consumer: string) => json.reasons.filter((r: { consumer: string }) => r.consumer === consumer);
    expect(about('web').map((r: { code: string; declaredAt?: unknown }) => [r.code, r.declaredAt])).toEqual([
      ['breaks-consumer', where],
      ['field-missing', where],
    ]);
    // Published by publishFolder from the session's folder: the path from the root `.git` marks, no repository named.
    expect(about('shop').map((r: { declaredAt?: unknown }) => r.declaredAt)).toEqual([{ line: 5, file: 'shop-1.0.0/overseer.yaml' }]);
  });

  it("the Action's comment links that line in web's repository", async () => {
    const contract = (version: string) => readFile(join(session.dir, `users-${version}`, 'openapi.json'), 'utf8');
    const laid = await preparePullRequest({ github, number: 7, headSha: '7'.repeat(40), base: await contract('1.0.0'), revision: await contract('2.0.0') });
    dirs.push(laid.dir);
    const inputs = { contract: 'api/openapi.yaml', service: 'users', 'github-token': 'ghs_test', registry: session.registry.url, environment: 'production' };
    const action = await runMain(runnerEnv({ inputs, github, ...laid }));
    expect(action.code).toBe(1);
    const body = github.comments('acme/users-service', 7).at(-1)?.body ?? '';
    const row = body.split('\n').find((l) => l.startsWith('| **web** |'));
    expect(row).toContain('declared at [apps/web/overseer.yaml:6](https://github.com/acme/web/blob/0123abc/apps/web/overseer.yaml#L6)');
    // A use no change caused is shown where it is declared; without a repository, as text.
    const shop = body.split('\n').find((l) => l.startsWith('| **shop** |'));
    expect(shop?.endsWith('| shop-1.0.0/overseer.yaml:5 |')).toBe(true);
    // The log's annotation of that use says it too: its file is in shop's checkout, not in this pull request's.
    const annotation = action.stdout.split('\n').find((l) => l.startsWith('::error title=shop%3A field-missing::'));
    expect(annotation).toMatch(/ \(declared at shop-1\.0\.0\/overseer\.yaml:5\)$/);
    expect(action.stdout.split('\n')).toContainEqual(expect.stringMatching(/^::error file=apps\/admin\/overseer\.yaml,line=5,title=admin%3A field-missing::/));
  });
});
