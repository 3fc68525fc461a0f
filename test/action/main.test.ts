// main() with the real ports against a fake GitHub (real HTTP on loopback, real octokit) and the real registry on port 0.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FakeGithub } from '../helpers/fake-github.js';
import { baseShaOf, findClosedPort, REPOSITORY, type TestRegistry } from './harness.js';
import { MARKER, type RunOptions, useActionSession } from './session.js';

let github: FakeGithub;
let registry: TestRegistry;
let fixtures: Record<string, string>;
let down: string;
const session = useActionSession(async () => {
  down = `http://127.0.0.1:${await findClosedPort()}`;
  ({ github, registry, fixtures } = session);
});

const run = (options: RunOptions) => session.run(options);
const markerComments = (number: number) => session.markerComments(number);

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
    // Annotations on the contract's lines, and a failed step. The change reaches GET /users first, through the shared
    // schema; the title names the operation the blocked consumers call, as the comment's table does.
    expect(result.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=\d+,title=GET \/users\/\{id\}%3A response-required-property-removed::.*Breaks: checkout-web \(GET \/users\/\{id\}\), orders-service \(GET \/users\/\{id\}\)/m,
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
    const result = await run({ number: 2, headSha: 'c2'.repeat(20), revision: fixtures['users.breaks-two.yaml'], registryUrl: down });
    expect(result.code).toBe(2);
    expect(result.outputs.verdict).toBe('error');
    expect(result.stdout).toMatch(
      new RegExp(
        `^::error title=Overseer could not decide \\(ERR_REGISTRY_UNREACHABLE\\)::registry unreachable: cannot reach the registry at ${down} \\(ECONNREFUSED`,
        'm',
      ),
    );
    const [comment] = markerComments(2);
    expect(comment.body).toMatch(/Overseer could not judge `api\/openapi\.yaml`/);
    expect(comment.body).toMatch(/registry unreachable/);
    expect(comment.body).not.toMatch(/is safe|consumers deployed/);
    expect(result.summary).toMatch(/registry unreachable/);
  });

  // In this process, where the client retries for 0.2 s: the bundle's own 10 s of retrying would say nothing more.
  it('registry down at a URL with credentials: the message and the summary name it without them', async () => {
    const registryUrl = down.replace('//', '//ci-user:hunter2-4242@');
    const result = await run({ number: 41, headSha: 'd4'.repeat(20), revision: fixtures['users.safe.yaml'], registryUrl });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`registry unreachable: cannot reach the registry at ${down} (ECONNREFUSED`);
    expect(result.summary).toMatch(/registry unreachable/);
    expect(result.stdout + result.summary).not.toContain('hunter2');
  });

  it('an environment the registry does not know fails rather than passing with no consumers', async () => {
    const result = await run({ number: 5, headSha: 'f1'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'prodution' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/the registry knows no environment "prodution" \(known: production\)/);
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
          `::error title=Overseer could not decide (ERR_REGISTRY_RESPONSE)::registry unusable: the registry at ${other.url} answered ${said}: is it an Overseer registry? (the \`registry\` input)`,
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
      /::error file=api\/openapi\.yaml,line=\d+,col=\d+,title=Overseer could not decide \(ERR_CONTRACT_SYNTAX\)::contract unreadable: api\/openapi\.yaml:\d+: not valid YAML/,
    );
  });

  it('a base commit the token cannot read fails as "base missing"; a file new at a readable base is compared with the live one', async () => {
    const missing = await run({ number: 7, headSha: 'f3'.repeat(20), revision: fixtures['users.safe.yaml'], base: null });
    expect(missing.code).toBe(0);
    expect(markerComments(7)[0].body).toContain('compared with users-service 1.0.0, live in production. No change breaks');
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

  it('a comment another bot wrote (GITHUB_TOKEN before, an App now) that this token may not edit: says so, and posts a new one', async () => {
    const old = github.addComment(REPOSITORY, 11, `${MARKER}\n### :white_check_mark: Overseer: \`api/openapi.yaml\` is safe for production`, 'acme-ci[bot]');
    const result = await run({ number: 11, headSha: 'f6'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::warning title=Overseer::the pull-request comment ${old.id} was written by acme-ci[bot], and GitHub refuses (403) to let this token edit it: ` +
        'a token may edit only the comments of its own account (was the workflow moved from GITHUB_TOKEN to a GitHub App, or the reverse?). ' +
        'Posted a new comment instead; delete the old one',
    );
    expect(result.stdout).not.toMatch(/fork/);
    const comments = markerComments(11);
    expect(comments.map((c) => [c.user.login, c.body.split('\n')[1]])).toEqual([
      ['acme-ci[bot]', '### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production'],
      ['github-actions[bot]', '### :no_entry: Overseer: `api/openapi.yaml` is blocked for production'],
    ]);
    // The next push updates the new comment, and posts no third.
    const again = await run({ number: 11, headSha: 'f7'.repeat(20), revision: fixtures['users.safe.yaml'] });
    expect(again.stdout).toMatch(/^overseer: pull-request comment updated$/m);
    expect(again.stdout).not.toMatch(/::warning/);
    expect(markerComments(11).map((c) => c.body.split('\n')[1])).toEqual([
      '### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production',
      '### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production',
    ]);
    expect(markerComments(11)[1].body).toContain('`f7f7f7f`');
  });

  it('a failure to decide replaces a stale verdict another bot wrote with a new comment, rather than leaving it up', async () => {
    github.addComment(REPOSITORY, 12, `${MARKER}\n### :white_check_mark: Overseer: \`api/openapi.yaml\` is safe for production`, 'acme-ci[bot]');
    const result = await run({ number: 12, headSha: 'f8'.repeat(20), revision: fixtures['users.safe.yaml'], registryUrl: down });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^::warning title=Overseer::the pull-request comment \d+ was written by acme-ci\[bot\]/m);
    expect(markerComments(12).map((c) => [c.user.login, c.body.split('\n')[1]])).toEqual([
      ['acme-ci[bot]', '### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production'],
      ['github-actions[bot]', '### :warning: Overseer could not judge `api/openapi.yaml` at `f8f8f8f`'],
    ]);
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
      /::error file=waivers\.yaml,line=4,title=Overseer could not decide \(ERR_WAIVER_INVALID\)::waivers unreadable: waivers\.yaml:4: expires "someday" is not a date: write it YYYY-MM-DD/,
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
