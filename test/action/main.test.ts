// main() with the real ports against a fake GitHub (real HTTP on loopback, real octokit) and the real registry on port 0.

import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerOf } from '../../action/comment.js';
import { escapeMarkdown } from '../../contracts/index.js';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import {
  type ActionRun,
  baseShaOf,
  preparePullRequest,
  REPOSITORY,
  readFixture,
  runMain,
  runnerEnv,
  seedRegistry,
  startTestRegistry,
  type TestRegistry,
} from './harness.js';

const MARKER = markerOf('api/openapi.yaml');

let github: FakeGithub;
let registry: TestRegistry;
let registryDir: string;
const dirs: string[] = [];
const fixtures: Record<string, string> = {};

beforeAll(async () => {
  github = await startFakeGithub({ token: 'ghs_test' });
  ({ dir: registryDir } = await preparePullRequest({ github, number: 999, headSha: 'x', revision: '' }));
  registry = await startTestRegistry(registryDir);
  await seedRegistry(registry.client);
  for (const name of ['users.base.yaml', 'users.safe.yaml', 'users.breaks-two.yaml', 'users-service.yaml']) fixtures[name] = await readFixture(name);
});

afterAll(async () => {
  await registry?.close();
  await github?.close();
  for (const dir of [registryDir, ...dirs]) if (dir) await rm(dir, { recursive: true, force: true });
});

interface RunOptions {
  number: number;
  headSha: string;
  revision: string;
  base?: string | null;
  manifest?: string | null;
  inputs?: Record<string, string>;
  registryUrl?: string | null;
  /** More files of the pull request's checkout, by repository path. */
  files?: Record<string, string>;
}

async function run(options: RunOptions): Promise<ActionRun> {
  const base = options.base === null ? undefined : (options.base ?? fixtures['users.base.yaml']);
  const manifest = options.manifest === null ? undefined : (options.manifest ?? fixtures['users-service.yaml']);
  const laid = await preparePullRequest({
    github,
    number: options.number,
    headSha: options.headSha,
    revision: options.revision,
    ...(base !== undefined && { base }),
    ...(manifest !== undefined && { manifest }),
  });
  dirs.push(laid.dir);
  for (const [file, text] of Object.entries(options.files ?? {})) await writeFile(path.join(laid.workspace, file), text);
  const registryUrl = options.registryUrl === null ? undefined : (options.registryUrl ?? registry.url);
  const inputs = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', ...(registryUrl && { registry: registryUrl }), ...options.inputs };
  return runMain(runnerEnv({ inputs, github, ...laid }));
}

const markerComments = (number: number) => github.comments(REPOSITORY, number).filter((c) => c.body.startsWith(MARKER));

describe('the pull-request gate against the registry', () => {
  it('blocks a change that breaks two consumers, names them and their owners, and creates the comment', async () => {
    const result = await run({ number: 1, headSha: 'a1'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs).toEqual({ breaking: expect.stringMatching(/^[1-9]/), blocking: expect.stringMatching(/^[1-9]/), verdict: 'blocked' });
    const [comment] = markerComments(1);
    expect(github.comments(REPOSITORY, 1)).toHaveLength(1);
    const lines = comment.body.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('### :no_entry: Overseer: `api/openapi.yaml` is blocked for production');
    expect(comment.body).toMatch(/would break 2 consumers deployed in production/);
    expect(comment.body).toMatch(/\| \*\*checkout-web\*\* \| @acme\/checkout \| GET \/users\/\{id\} \|/);
    expect(comment.body).toMatch(/\| \*\*orders-service\*\* \| @acme\/orders, @alice \| GET \/users\/\{id\} \|/);
    expect(comment.body).not.toMatch(/billing-worker \|/);
    // Verdict, then blockers, then every change folded, then what to do.
    const order = ['is blocked', '#### What blocks, by consumer', '<details>', '#### What to do'].map((s) => comment.body.indexOf(s));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(comment.body).toMatch(/\*\*Deprecate first\*\*/);
    expect(comment.body).toMatch(/\*\*Coordinate with the owners\*\*: @acme\/checkout \(checkout-web\), @acme\/orders, @alice \(orders-service\)/);
    expect(comment.body).toMatch(/\*\*Waive it\*\*/);
    // Annotations on the contract's lines, and a failed step.
    expect(result.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=\d+,title=GET \/users%3A response-required-property-removed::.*Breaks: checkout-web, orders-service/m,
    );
    expect(result.stdout).toMatch(/^::error title=Overseer::api\/openapi\.yaml: 1 blocking finding;/m);
    expect(result.summary).toContain('What blocks, by consumer');
    const created = github.requests.filter((r) => r.method === 'POST');
    expect(created.at(-1)?.authorization).toBe('token ghs_test');
    const contents = github.requests.filter((r) => r.url.includes('/contents/')).map((r) => decodeURIComponent(r.url));
    expect(contents).toContain(`/repos/acme/users-service/contents/api/openapi.yaml?ref=${baseShaOf(1)}`);
  });

  it('updates the same comment on the next push, and says safe once nothing breaks any more', async () => {
    const [before] = markerComments(1);
    const result = await run({ number: 1, headSha: 'a2'.repeat(20), revision: fixtures['users.safe.yaml'] });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    const after = markerComments(1);
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(before.id);
    expect(after[0].body).not.toBe(before.body);
    expect(after[0].body.split('\n')[1]).toBe('### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production');
    expect(after[0].body).toMatch(/No change breaks any of the 3 consumers deployed in production/);
    expect(github.requests.some((r) => r.method === 'PATCH' && r.url === `/repos/${REPOSITORY}/issues/comments/${before.id}`)).toBe(true);
  });

  it('passes a safe change with a comment that says so', async () => {
    const result = await run({ number: 2, headSha: 'c1'.repeat(20), revision: fixtures['users.safe.yaml'] });
    expect(result).toMatchObject({ code: 0, outputs: { breaking: '0', blocking: '0', verdict: 'safe' } });
    const [comment] = markerComments(2);
    expect(comment.body).toMatch(/is safe for production/);
    expect(comment.body).toMatch(/Nothing blocks/);
    expect(result.stdout).not.toMatch(/^::error/m);
  });

  it('finds its comment among a hundred others, on a later page, and leaves them alone', async () => {
    for (let i = 0; i < 120; i++) github.addComment(REPOSITORY, 3, i === 5 ? `> ${MARKER}\n> quoted by a person` : `comment ${i}`);
    await run({ number: 3, headSha: 'd1'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    await run({ number: 3, headSha: 'd2'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    expect(markerComments(3)).toHaveLength(1);
    expect(github.comments(REPOSITORY, 3)).toHaveLength(121);
    expect(github.comments(REPOSITORY, 3)[5].body).toMatch(/^> /);
  });

  it('checks what the service uses of its providers, and blocks on an operation they do not offer', async () => {
    const manifest = `${fixtures['users-service.yaml']}consumes:\n  orders-service:\n    - GET /orders/{id}/refunds\n`;
    const result = await run({ number: 4, headSha: 'e1'.repeat(20), revision: fixtures['users.safe.yaml'], manifest });
    expect(result.code, result.stdout).toBe(1);
    const [comment] = markerComments(4);
    expect(comment.body).toMatch(/#### What users-service uses of its providers in production/);
    expect(comment.body).toMatch(/\| orders-service \| :no_entry: blocks \| .*GET \/orders\/\{id\}\/refunds.* \| `operation-missing` \|/);
    expect(comment.body).toMatch(/\*\*Deploy the providers first\*\*/);
    expect(result.stdout).toMatch(/^::error file=overseer\.yaml,line=6,title=orders-service%3A operation-missing::/m);
  });
});

describe('failures fail the step and say what failed', () => {
  it('registry down: "registry unreachable", never "no consumers", and the old verdict in the comment is replaced', async () => {
    const result = await run({ number: 2, headSha: 'c2'.repeat(20), revision: fixtures['users.breaks-two.yaml'], registryUrl: 'http://127.0.0.1:9' });
    expect(result.code).toBe(2);
    expect(result.outputs.verdict).toBe('error');
    expect(result.stdout).toMatch(/^::error title=Overseer could not decide::registry unreachable: cannot reach the registry at http:\/\/127\.0\.0\.1:9/m);
    const [comment] = markerComments(2);
    expect(comment.body).toMatch(/Overseer could not judge `api\/openapi\.yaml`/);
    expect(comment.body).toMatch(/registry unreachable/);
    expect(comment.body).not.toMatch(/is safe|consumers deployed/);
    expect(result.summary).toMatch(/registry unreachable/);
  });

  it('an environment the registry does not know fails rather than passing with no consumers', async () => {
    const result = await run({ number: 5, headSha: 'f1'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'prodution' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/the registry has no deployments in "prodution" \(known: production\)/);
    expect(markerComments(5)).toHaveLength(0);
  });

  it('a registry URL leading to another service that answers 200 fails naming the URL and the request, never a TypeError', async () => {
    const manifest = `${fixtures['users-service.yaml']}consumes:\n  orders-service:\n    - GET /orders/{id}\n`;
    const cases = [
      ['/v1/environments', '{"status":"ok"}', 'GET /v1/environments with something that is not a list of environments'],
      ['/v1/environments', '', 'GET /v1/environments with something that is not a list of environments'],
      ['/v1/services/users-service/consumers', '{"items":[]}', 'GET /v1/services/users-service/consumers with something that is not a listing of consumers'],
      ['/v1/services/checkout-web', '{"id":7}', 'GET /v1/services/checkout-web with something that is not a service'],
      ['/v1/check', '{"ok":true}', 'POST /v1/check with something that is not a verdict'],
    ];
    for (const [i, [wrong, body, said]] of cases.entries()) {
      // One answer comes from something else; every other request reaches the real registry.
      const other = await startProxy(registry.url, (url) => (url.split('?')[0] === wrong ? body : undefined));
      try {
        const result = await run({ number: 30 + i, headSha: `a${i}`.repeat(20), revision: fixtures['users.safe.yaml'], manifest, registryUrl: other.url });
        expect(result.code, result.stdout).toBe(2);
        expect(result.outputs.verdict).toBe('error');
        expect(result.stdout).toContain(
          `::error title=Overseer could not decide::registry unusable: the registry at ${other.url} answered ${said}: is it an Overseer registry? (the \`registry\` input)`,
        );
      } finally {
        await other.close();
      }
    }
  });

  it('a contract that cannot be read fails with its file and line', async () => {
    const result = await run({ number: 6, headSha: 'f2'.repeat(20), revision: 'openapi: 3.0.3\ninfo: [unclosed\n' });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /::error file=api\/openapi\.yaml,line=\d+,col=\d+,title=Overseer could not decide::contract unreadable: api\/openapi\.yaml:\d+: not valid YAML/,
    );
  });

  it('a base commit the token cannot read fails as "base missing"; a file new at a readable base is safe', async () => {
    const missing = await run({ number: 7, headSha: 'f3'.repeat(20), revision: fixtures['users.safe.yaml'], base: null });
    expect(missing.code).toBe(0);
    expect(markerComments(7)).toHaveLength(0);
    github.failNext('GET', /\/contents\//, 404);
    github.failNext('GET', /\/commits\//, 404);
    const unreadable = await run({ number: 8, headSha: 'f4'.repeat(20), revision: fixtures['users.safe.yaml'] });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toMatch(/base missing: the base commit bbbbbbb of pull request #8 cannot be read/);
  });

  it('a comment the token may not write is a warning; the verdict still fails the step', async () => {
    github.failNext('POST', /\/issues\/9\/comments$/, 403);
    const result = await run({ number: 9, headSha: 'f5'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::warning title=Overseer::could not write the pull-request comment \(403\)/m);
    expect(result.summary).toMatch(/is blocked for production/);
  });
});

describe('offline, without a registry', () => {
  it('judges by fail-on alone, like overseer diff', async () => {
    const blocked = await run({ number: 10, headSha: 'g1'.repeat(20), revision: fixtures['users.breaks-two.yaml'], registryUrl: null, manifest: null });
    expect(blocked.code, blocked.stdout).toBe(1);
    const [comment] = markerComments(10);
    expect(comment.body.split('\n')[1]).toBe('### :no_entry: Overseer: `api/openapi.yaml` is blocked');
    expect(comment.body).toMatch(/judged without a registry/);
    expect(comment.body).toMatch(/#### What blocks\n/);
    expect(comment.body).toMatch(/\*\*Connect a registry\*\*/);
    const never = await run({
      number: 10,
      headSha: 'g2'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      registryUrl: null,
      inputs: { 'fail-on': 'never' },
    });
    expect(never).toMatchObject({ code: 0, outputs: { verdict: 'safe', blocking: '0' } });
    expect(markerComments(10)).toHaveLength(1);
  });
});

describe('the waivers input', () => {
  const breaks = (number: number, headSha: string, waivers: string) =>
    run({
      number,
      headSha,
      revision: fixtures['users.breaks-two.yaml'],
      registryUrl: null,
      manifest: null,
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waivers },
    });

  it('lets a waived change pass, shown as waived', async () => {
    const waivers = [
      '- rule: response-required-property-removed',
      '  operation: GET /users/{id}',
      '  reason: the apps stopped reading name in 3.2',
      '  expires: 2999-12-31',
      '',
    ].join('\n');
    const result = await breaks(20, 'h1'.repeat(20), waivers);
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ verdict: 'safe', blocking: '0' });
    expect(result.summary).toMatch(/waived: the apps stopped reading name in 3\.2/);
  });

  it('shows an unmatched or expired waiver as a notice, and the advice names the file to edit', async () => {
    const waivers = [
      '- rule: response-required-property-removed',
      '  operation: DELETE /users/{id}',
      '  reason: no such operation',
      '  expires: 2999-12-31',
      '- rule: response-required-property-removed',
      '  operation: "*"',
      '  reason: long ago',
      '  expires: 2020-01-01',
      '',
    ].join('\n');
    const result = await breaks(21, 'h2'.repeat(20), waivers);
    expect(result.code, result.stdout).toBe(1);
    const [comment] = markerComments(21);
    expect(comment.body).toMatch(
      /`waiver-unused`: the waiver of response-required-property-removed on DELETE \/users\/\{id\} \(waivers\.yaml:1\) matches no change/,
    );
    expect(comment.body).toMatch(/`waiver-expired`: .*\(waivers\.yaml:5\) expired on 2020-01-01/);
    expect(comment.body).toContain('add a waiver to `waivers.yaml` in this pull request');
    expect(result.summary).toMatch(/waiver-unused/);
  });

  it('without the input, the advice says how to add it', async () => {
    await run({ number: 22, headSha: 'h3'.repeat(20), revision: fixtures['users.breaks-two.yaml'], registryUrl: null, manifest: null });
    const [comment] = markerComments(22);
    expect(comment.body).toMatch(/name it in the action's `waivers` input/);
    expect(comment.body).not.toMatch(/overseer diff --waivers/);
  });

  it('fails without a decision on a waivers file it cannot parse, naming its file and line', async () => {
    const bad = ['- rule: response-required-property-removed', '  operation: GET /users', '  reason: ok', '  expires: someday', ''].join('\n');
    const result = await breaks(23, 'h4'.repeat(20), bad);
    expect(result.code, result.stdout).toBe(2);
    expect(result.outputs).toMatchObject({ verdict: 'error' });
    expect(result.stdout).toMatch(
      /::error file=waivers\.yaml,line=4,title=Overseer could not decide::waivers unreadable: waivers\.yaml:4: expires "someday" is not a date: write it YYYY-MM-DD/,
    );
  });

  it('fails without a decision when the named waivers file is not in the checkout', async () => {
    const result = await run({
      number: 24,
      headSha: 'h5'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      registryUrl: null,
      manifest: null,
      inputs: { waivers: 'policy/waivers.yaml' },
    });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toMatch(/waivers unreadable: policy\/waivers\.yaml is not in the workspace/);
  });
});

/**
 * Posts calls seen in traces until the registry uses them all: its span matching reads the environments and deployments
 * through a cache of a few seconds, so those recorded just before may not be known at once.
 */
async function postCalls(calls: ClientCall[]): Promise<void> {
  for (const started = Date.now(); ; ) {
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport(calls)),
    });
    expect(posted.status).toBe(200);
    const answer = (await posted.json()) as { partialSuccess: { rejectedSpans?: number; errorMessage?: string } };
    if (!answer.partialSuccess.rejectedSpans) return;
    if (Date.now() - started > 30_000) throw new Error(`the registry did not use the spans: ${answer.partialSuccess.errorMessage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('uses the registry did not count', () => {
  // Last, in an environment of its own: the calls seen there touch no other test's verdict.
  it('are in the comment, the job summary and the log, in the words can-i-deploy uses, while the step still passes', async () => {
    await registry.client.createEnvironment('staging');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' });
    const call = { consumer: 'ghost-app', environment: 'staging', provider: 'users-service', method: 'GET', url: 'https://users.internal/users/42' };
    await postCalls([call]);
    const result = await run({ number: 40, headSha: 'k1'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'staging' } });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    const [comment] = markerComments(40);
    expect(comment.body).toMatch(/No consumer deployed in staging uses this service\. 1 use the registry did not count would break: below\./);
    // The registry's own words for the same contract, as `overseer check` and `can-i-deploy` print them.
    const verdict = await registry.client.check({
      service: 'users-service',
      version: 'pr-40',
      environment: 'staging',
      contract: fixtures['users.breaks-two.yaml'],
    });
    const [notice] = verdict.notices ?? [];
    expect(notice).toMatchObject({ code: 'caller-not-live', consumer: 'ghost-app' });
    expect(notice.message).toMatch(/^ghost-app was seen calling GET \/users\/\{id\} of users-service in staging .* users-service pr-40 would break/);
    expect(comment.body).toContain(`#### Uses not counted (1)\n\n- \`caller-not-live\`: ${escapeMarkdown(notice.message)}`);
    expect(result.summary).toContain('#### Uses not counted (1)');
    expect(result.stdout).toMatch(/^::warning title=Overseer%3A caller-not-live::ghost-app was seen calling GET \/users\/\{id\}/m);
  });
});

describe('consumers the registry counts from traces', () => {
  // Last, in an environment of its own: the calls seen there touch no other test's verdict.
  it('block the pull request as they refuse can-i-deploy, though their declarations are untouched', async () => {
    await registry.client.createEnvironment('qa');
    for (const service of ['users-service', 'billing-worker']) await registry.client.recordDeployment({ service, version: '1.0.0', environment: 'qa' });
    // billing-worker declares only GET /users (items[].id, items[].address.country): removing `name` breaks none of it.
    const call = { consumer: 'billing-worker', environment: 'qa', provider: 'users-service', method: 'GET', url: 'https://users.internal/users/42' };
    await postCalls([call]);
    const result = await run({ number: 41, headSha: 'k2'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'qa' } });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs.verdict).toBe('blocked');
    const [comment] = markerComments(41);
    expect(comment.body.split('\n')[1]).toBe('### :no_entry: Overseer: `api/openapi.yaml` is blocked for qa');
    expect(comment.body).toMatch(/it would break 1 consumer seen calling users-service there \(in traces\)\./);
    // The registry's own reason for the same contract, as `overseer check` prints it.
    const verdict = await registry.client.check({ service: 'users-service', version: 'pr-41', environment: 'qa', contract: fixtures['users.breaks-two.yaml'] });
    const observed = verdict.reasons.filter((r) => r.basis === 'observed' && r.code === 'breaks-consumer');
    expect(observed.map((r) => r.consumer)).toEqual(['billing-worker']);
    expect(observed[0]!.message).toMatch(/\(observed: billing-worker calls GET \/users\/\{id\}, last seen \S+, without declaring it\)$/);
    expect(comment.body).toContain('#### What blocks, for consumers seen calling users-service in qa');
    expect(comment.body).toContain(`| **billing-worker** | :no_entry: blocks | ${escapeMarkdown(observed[0]!.message)} | \`breaks-consumer\` |`);
    expect(comment.body).toMatch(/\*\*Ask the consumers seen calling it\*\*/);
    expect(result.stdout).toMatch(/^::error title=billing-worker%3A breaks-consumer::users-service pr-41 would break billing-worker 1\.0\.0/m);
    // A pull request that does not make the change (the base branch made it already) is not blocked by it.
    const later = await run({
      number: 42,
      headSha: 'k3'.repeat(20),
      base: fixtures['users.breaks-two.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'qa' },
    });
    expect(later.code, later.stdout).toBe(0);
    expect(later.summary).not.toContain('seen calling');
  });
});

/** A server on loopback that answers 200 with `answer(url)` where it gives one, and forwards every other request to `target`. */
async function startProxy(target: string, answer: (url: string) => string | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, response) => {
    const own = answer(request.url ?? '');
    if (own !== undefined) return void response.writeHead(200, { 'content-type': 'application/json' }).end(own);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const forwarded = await fetch(`${target}${request.url}`, {
      method: request.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(request.headers.authorization && { authorization: request.headers.authorization }) },
      ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
    });
    response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
