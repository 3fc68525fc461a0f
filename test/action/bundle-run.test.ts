// The committed bundle run as a runner runs it (`node action/dist/index.js`, inputs as INPUT_*, the pull_request
// event) against a fake GitHub that pages its lists and a real registry: moved contracts, secrets in the registry
// URL, annotations with a place, and the comment's wording.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import {
  baseShaOf,
  preparePullRequest,
  REPOSITORY,
  readFixture,
  readRunnerFiles,
  runnerEnv,
  seedRegistry,
  startTestRegistry,
  type TestRegistry,
} from './harness.js';
import { BUNDLE, ROOT, runNode } from './workflow.js';

const CONTRACT = 'api/openapi.yaml';

let github: FakeGithub;
let registry: TestRegistry;
let registryDir: string;
const dirs: string[] = [];
const fixtures: Record<string, string> = {};

beforeAll(async () => {
  // Two entries a page: the rename sits on a later page of pulls/{n}/files.
  github = await startFakeGithub({ token: 'ghs_bundle', perPage: 2 });
  ({ dir: registryDir } = await preparePullRequest({ github, number: 999, headSha: 'x', revision: '' }));
  registry = await startTestRegistry(registryDir);
  await seedRegistry(registry.client);
  await registry.client.putService('checkout-web', { owners: ['@acme/checkout'], slack: '#checkout-alerts' });
  for (const name of ['users.base.yaml', 'users.safe.yaml', 'users.breaks-two.yaml', 'users-service.yaml']) fixtures[name] = await readFixture(name);
}, 60_000);

afterAll(async () => {
  await registry?.close();
  await github?.close();
  for (const dir of [registryDir, ...dirs]) if (dir) await rm(dir, { recursive: true, force: true });
});

interface BundleRun {
  number: number;
  revision: string;
  /** The contract at the base commit, at `basePath` (default: the same path); undefined: none. */
  base?: string;
  basePath?: string;
  inputs?: Record<string, string>;
  /** More files of the pull request's checkout, by repository path. */
  files?: Record<string, string>;
  /** The bundle to run (default: the committed action/dist/index.js). */
  bundle?: string;
}

async function runBundle(options: BundleRun) {
  const samePath = options.basePath === undefined || options.basePath === CONTRACT;
  const laid = await preparePullRequest({
    github,
    number: options.number,
    headSha: String(options.number).padStart(40, 'a'),
    revision: options.revision,
    manifest: fixtures['users-service.yaml'],
    contractPath: CONTRACT,
    ...(samePath && options.base !== undefined ? { base: options.base } : {}),
  });
  dirs.push(laid.dir);
  for (const [file, text] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(laid.workspace, file)), { recursive: true });
    await writeFile(path.join(laid.workspace, file), text);
  }
  if (!samePath && options.base !== undefined) github.putFile(REPOSITORY, baseShaOf(options.number), options.basePath!, options.base);
  const inputs = { contract: CONTRACT, 'github-token': 'ghs_bundle', registry: registry.url, ...options.inputs };
  const env = runnerEnv({ inputs, github, ...laid });
  const result = await runNode([options.bundle ?? BUNDLE], env, laid.workspace);
  const comments = github.comments(REPOSITORY, options.number);
  return { ...result, ...(await readRunnerFiles(env)), comment: comments[0]?.body ?? '', comments };
}

const otherFiles = (n: number) => Array.from({ length: n }, (_, i) => ({ filename: `src/file-${i}.ts`, status: 'modified' as const }));

describe('a contract the pull request moves', () => {
  it('is judged against its old path when GitHub records the rename, found on a later page', async () => {
    github.setPullFiles(REPOSITORY, 301, [...otherFiles(5), { filename: CONTRACT, status: 'renamed', previous_filename: 'openapi.yaml' }]);
    const run = await runBundle({ number: 301, base: fixtures['users.base.yaml'], basePath: 'openapi.yaml', revision: fixtures['users.breaks-two.yaml'] });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verdict).toBe('blocked');
    expect(run.comment).toContain('moved from `openapi.yaml`');
    expect(run.comment).toMatch(/\*\*checkout-web\*\*/);
    expect(github.requests.some((r) => r.url.includes('/pulls/301/files') && r.url.includes('page=3'))).toBe(true);
  }, 60_000);

  it('is judged against the `base-contract` input when no rename is recorded', async () => {
    const run = await runBundle({
      number: 302,
      base: fixtures['users.base.yaml'],
      basePath: 'old/openapi.yaml',
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { 'base-contract': 'old/openapi.yaml' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.comment).toContain('moved from `old/openapi.yaml`');
  }, 60_000);

  it('fails without a decision when `base-contract` names a file the base does not have', async () => {
    const run = await runBundle({ number: 303, revision: fixtures['users.safe.yaml'], inputs: { 'base-contract': 'nowhere.yaml' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=Overseer could not decide \(ERR_BASE_MISSING\)::base missing: the `base-contract` input names nowhere\.yaml/m);
  }, 60_000);

  // users-service runs in production with consumers: new at this path (a move GitHub did not record, say), the contract
  // is compared with the version live there, as the gate compares it, so the pull request is blocked and says for whom.
  it('is compared with the version live in production when it is at neither path, and blocked for what breaks its consumers', async () => {
    github.setPullFiles(REPOSITORY, 304, [{ filename: CONTRACT, status: 'added' }]);
    const run = await runBundle({ number: 304, revision: fixtures['users.breaks-two.yaml'] });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('blocked');
    expect(run.comment).toContain('compared with users-service 1.0.0, live in production. 1 change would break 2 consumers deployed in production.');
    expect(run.comment).toMatch(
      /\*\*checkout-web\*\* \| @acme\/checkout · Slack #checkout-alerts \| GET \/users\/\{id\} \| response property `User\.name` was removed/,
    );
    expect(run.comment).toMatch(/\*\*orders-service\*\*/);
    expect(run.comment).toContain('**Moved from another path?**');
  }, 60_000);

  it('is compared with the version live in production when it is at neither path, and safe when it changes nothing there', async () => {
    github.setPullFiles(REPOSITORY, 305, [{ filename: CONTRACT, status: 'added' }]);
    const run = await runBundle({ number: 305, revision: fixtures['users.base.yaml'] });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('compared with users-service 1.0.0, live in production. It changes nothing the live version offers.');
  }, 60_000);
});

describe('a service that calls its own API', () => {
  it("is blocked when the pull request's contract lacks what its manifest says it calls of itself", async () => {
    const manifest = `${fixtures['users-service.yaml']}consumes:\n  users-service:\n    - operation: GET /users/{id}/avatar\n`;
    const run = await runBundle({
      number: 306,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.safe.yaml'],
      files: { 'overseer.yaml': manifest },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.comment).toContain('#### What users-service uses of its providers in production');
    expect(run.comment).toMatch(/\| users-service \| :no_entry: blocks \| users-service pr-306 calls its own API, and [^|]*GET \/users\/\{id\}\/avatar/);
  }, 60_000);
});

describe('credentials in the registry URL', () => {
  it('are masked before anything else is printed and never shown again, with the token preferred', async () => {
    const { port } = new URL(registry.url);
    const token = (await registry.client.createToken({ name: 'bundle-ci', service: 'users-service' })).token;
    const url = `http://ci-user:pa%24%24word-7731@127.0.0.1:${port}`;
    const run = await runBundle({
      number: 311,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.safe.yaml'],
      inputs: { registry: url, 'registry-token': token },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const masks = lines.filter((l) => l.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining(['::add-mask::pa%24%24word-7731', '::add-mask::pa$$word-7731', `::add-mask::${token}`]));
    // Masks come first, so the runner hides every later occurrence.
    expect(lines.slice(0, masks.length)).toEqual(masks);
    const rest = lines.slice(masks.length).join('\n') + run.stderr + run.summary + run.comment;
    expect(rest).not.toContain('7731');
    expect(rest).toContain('prefer the `registry-token` input');
  }, 60_000);
  // Such a URL with nothing listening behind it is tested in-process (test/action/main.test.ts): the bundle would
  // retry for its 10 s before saying so.
});

describe('annotations', () => {
  it('pin a YAML syntax error to its file, line and column', async () => {
    const lines = fixtures['users.safe.yaml'].split('\n');
    const broken = [...lines.slice(0, 5), '  oops: a: b', ...lines.slice(5)].join('\n');
    const run = await runBundle({ number: 321, base: fixtures['users.base.yaml'], revision: broken });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=6,col=\d+,title=Overseer could not decide \(ERR_CONTRACT_SYNTAX\)::contract unreadable: /m,
    );
  }, 60_000);

  it('put a removed property on the line of the schema that held it, not on an operation', async () => {
    const run = await runBundle({ number: 322, base: fixtures['users.base.yaml'], revision: fixtures['users.breaks-two.yaml'] });
    const propertiesLine = fixtures['users.breaks-two.yaml'].split('\n').indexOf('      properties:') + 1;
    const removal = run.stdout.split('\n').find((l) => l.startsWith('::error ') && l.includes('name'));
    expect(removal).toMatch(new RegExp(`^::error file=api/openapi\\.yaml,line=${propertiesLine},`));
  }, 60_000);
});

describe('the comment', () => {
  it('leads with what blocks and for whom, names Slack channels and links each place to the file at the head commit', async () => {
    const run = await runBundle({ number: 331, base: fixtures['users.base.yaml'], revision: fixtures['users.breaks-two.yaml'] });
    expect(run.code).toBe(1);
    const tally = run.comment.split('\n').find((l) => l.includes('· base `'));
    expect(tally).toMatch(/^\*\*\d+ blocking\*\* \(breaks checkout-web, orders-service\) · in all: \d+ breaking/);
    expect(run.comment).toContain('@acme/checkout · Slack #checkout-alerts');
    const head = String(331).padStart(40, 'a');
    expect(run.comment).toMatch(new RegExp(`\\[api/openapi\\.yaml:\\d+\\]\\(https://github\\.com/${REPOSITORY}/blob/${head}/api/openapi\\.yaml#L\\d+\\)`));
    expect(run.comment).toContain('re-run this check after they deploy');
    expect(run.comment).not.toContain('next run');
  }, 60_000);

  it('after a 403 points to the job summary, not to a comment that could not be written', async () => {
    github.failNext('POST', /\/issues\/332\/comments$/, 403);
    const run = await runBundle({ number: 332, base: fixtures['users.base.yaml'], revision: fixtures['users.breaks-two.yaml'] });
    expect(run.code).toBe(1);
    expect(run.comments).toHaveLength(0);
    const last = run.stdout.trim().split('\n').at(-1);
    expect(last).toMatch(/the job summary \(Summary tab of this run\) says who is affected/);
    expect(last).not.toContain('pull-request comment');
  }, 60_000);
});

describe('the waivers input', () => {
  const waiver = (operation: string, expires: string) =>
    ['- rule: response-required-property-removed', `  operation: ${operation}`, '  reason: the owners agreed', `  expires: ${expires}`, ''].join('\n');

  it('lets a change that breaks consumers pass when a waiver in the repository file covers it', async () => {
    const run = await runBundle({
      number: 401,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: '.github/overseer-waivers.yaml' },
      files: { '.github/overseer-waivers.yaml': waiver('GET /users/{id}', '2999-12-31') },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'safe', blocking: '0' });
    expect(run.comment).toMatch(/waived: the owners agreed/);
  }, 60_000);

  it('shows an unmatched waiver as a notice, and the advice names the file to edit', async () => {
    const run = await runBundle({
      number: 402,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver('PUT /nothing', '2999-12-31') },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.comment).toMatch(/`waiver-unused`: the waiver of response-required-property-removed on PUT \/nothing \(waivers\.yaml:1\) matches no change/);
    expect(run.comment).toContain('add a waiver to `waivers.yaml` in this pull request');
    expect(run.summary).toMatch(/waiver-unused/);
  }, 60_000);

  it('reads the manifest and the waivers file with the YAML parser inside index.js: no side file is needed', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'overseer-bundle-alone-'));
    dirs.push(dist);
    const kept = (await readdir(path.dirname(BUNDLE))).filter((f) => f === 'index.js' || /^openapi-.*\.mjs$/.test(f));
    for (const file of kept) await copyFile(path.join(path.dirname(BUNDLE), file), path.join(dist, file));
    const run = await runBundle({
      number: 404,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver('GET /users/{id}', '2999-12-31') },
      bundle: path.join(dist, 'index.js'),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Only overseer.yaml names the service whose consumers these are.
    expect(run.comment).toMatch(/\(waived: the owners agreed\) \| checkout-web \(GET \/users\/\{id\}\), orders-service \(GET \/users\/\{id\}\) \|/);
  }, 60_000);

  it('fails without a decision on a waivers file it cannot parse, pinned to its file and line', async () => {
    const run = await runBundle({
      number: 403,
      base: fixtures['users.base.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver('GET /users', 'soon') },
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.outputs.verdict).toBe('error');
    expect(run.stdout).toMatch(
      /^::error file=waivers\.yaml,line=4,title=Overseer could not decide \(ERR_WAIVER_INVALID\)::waivers unreadable: waivers\.yaml:4: expires "soon" is not a date: write it YYYY-MM-DD/m,
    );
  }, 60_000);
});

describe('Swagger 2.0', () => {
  it('loads the converter from its side file beside the bundle', async () => {
    const swagger = await readFile(path.join(ROOT, 'test/fixtures/load/swagger2.yaml'), 'utf8');
    const run = await runBundle({ number: 341, base: swagger, revision: swagger, inputs: { registry: '' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`overseer: ${CONTRACT} is safe`);
  }, 60_000);
});
