// What the pull request's author reads, walked as a first-week user: a waived break said "no change breaks any consumer"
// and nothing about the deploy, the waive advice gave no waiver to copy, and a failure named no code to look up.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

const WAIVER = [
  '- rule: response-required-property-removed',
  '  operation: GET /users/{id}',
  '  reason: the apps stopped reading name (JIRA-12)',
  '  expires: 2999-12-31',
  '',
].join('\n');

describe('a break waived in the pull request', () => {
  it('is named in the verdict, with the consumers it still breaks, and the deploy step can-i-deploy needs', async () => {
    const { fixtures } = session;
    const result = await session.run({
      number: 41,
      headSha: 'd1'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': WAIVER },
    });
    expect(result.code, result.stdout).toBe(0);
    const [comment] = session.markerComments(41);
    const lines = comment.body.split('\n');
    expect(lines[1]).toBe('### :white_check_mark: Overseer: `api/openapi.yaml` is safe for production');
    expect(lines[3]).toBe(
      'Nothing blocks for the 3 consumers deployed in production: 1 change that breaks checkout-web and orders-service is waived (`waivers.yaml`).',
    );
    expect(comment.body).not.toMatch(/No change breaks/);
    const advice = comment.body.slice(comment.body.indexOf('#### What to do'));
    expect(advice).toContain('Nothing blocks: merge when the review is done.');
    expect(advice).toContain(
      '- **Before deploying**: the waived change still breaks checkout-web and orders-service in production. `can-i-deploy` honours the waiver only ' +
        'if it is published with the version (`overseer publish --waivers waivers.yaml`); tell the owners: @acme/checkout (checkout-web), @acme/orders, @alice (orders-service).',
    );
  });
});

describe('a break waived offline', () => {
  it('says in the verdict that a change passed by a waiver', async () => {
    const result = await session.run({
      number: 45,
      headSha: 'd7'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      registryUrl: null,
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': WAIVER },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(session.markerComments(45)[0]!.body.split('\n')[3]).toBe(
      'No change reaches `fail-on: breaking` (judged without a registry: no consumers known). 1 change is waived (`waivers.yaml`).',
    );
  });
});

describe('a blocking change', () => {
  it('gives a waiver to paste, for the rule, the operation and the consumer it breaks', async () => {
    const { fixtures } = session;
    const result = await session.run({
      number: 42,
      headSha: 'd2'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': '[]\n' },
    });
    expect(result.code, result.stdout).toBe(1);
    const [comment] = session.markerComments(42);
    const advice = comment.body.slice(comment.body.indexOf('#### What to do'));
    expect(advice).toContain(
      [
        '  ```yaml',
        '  - rule: response-required-property-removed',
        '    operation: GET /users/{id}',
        '    consumer: checkout-web',
        '    reason: <why the owners of checkout-web agree>',
        '    expires: <YYYY-MM-DD>',
        '  - rule: response-required-property-removed',
        '    operation: GET /users/{id}',
        '    consumer: orders-service',
        '    reason: <why the owners of orders-service agree>',
        '    expires: <YYYY-MM-DD>',
        '  ```',
      ].join('\n'),
    );
    // Pasted with a reason and a date, the draft is a waivers file the Action takes, and the check passes.
    const draft = advice.slice(advice.indexOf('```yaml\n') + 8, advice.indexOf('  ```\n'));
    const filled = draft
      .split('\n')
      .map((line) => line.slice(2))
      .join('\n')
      .replace(/<why [^>]+>/g, 'agreed in JIRA-7')
      .replace('<YYYY-MM-DD>', '2999-01-01')
      .replace('<YYYY-MM-DD>', '2999-01-01');
    const again = await session.run({
      number: 42,
      headSha: 'd6'.repeat(20),
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': filled },
    });
    expect(again.code, again.stdout).toBe(0);
    expect(session.markerComments(42)[0]!.body.split('\n')[3]).toMatch(/^Nothing blocks for the 3 consumers deployed in production: 1 change that breaks/);
  });
});

describe('a run that could not decide', () => {
  it('names the error code in the annotation and the comment, the command that explains it, and its row on GitHub', async () => {
    const { fixtures } = session;
    // A verdict first, so that the failure replaces a comment (a setup failure creates none).
    await session.run({ number: 43, headSha: 'd3'.repeat(20), revision: fixtures['users.breaks-two.yaml'] });
    const result = await session.run({
      number: 43,
      headSha: 'd4'.repeat(20),
      revision: 'openapi: 3.0.3\ninfo: [unclosed\n',
      // What the runner sets for `uses: your-org/overseer/action@v1`.
      env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTION_REPOSITORY: 'your-org/overseer', GITHUB_ACTION_REF: 'v1' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=3,col=1,title=Overseer could not decide \(ERR_CONTRACT_SYNTAX\)::contract unreadable: api\/openapi\.yaml:3: not valid YAML/m,
    );
    const [comment] = session.markerComments(43);
    expect(comment.body).toContain(
      'Error code `ERR_CONTRACT_SYNTAX`: `npx overseer explain ERR_CONTRACT_SYNTAX` prints when it happens and what to do ' +
        '(also in [docs/ERRORS.md](https://github.com/your-org/overseer/blob/v1/docs/ERRORS.md#err_contract_syntax)).',
    );
    // The anchor is one the page has.
    expect(await readFile('docs/ERRORS.md', 'utf8')).toContain('<a id="err_contract_syntax"></a>`ERR_CONTRACT_SYNTAX`');
  });

  it('gives the command alone from a local action (`uses: ./action`), where the runner names no release to link to', async () => {
    await session.run({ number: 46, headSha: 'd8'.repeat(20), revision: session.fixtures['users.breaks-two.yaml'] });
    const result = await session.run({ number: 46, headSha: 'd9'.repeat(20), revision: 'openapi: 3.0.3\ninfo: [unclosed\n' });
    expect(result.code).toBe(2);
    const [comment] = session.markerComments(46);
    expect(comment.body).toContain('Error code `ERR_CONTRACT_SYNTAX`: `npx overseer explain ERR_CONTRACT_SYNTAX` prints when it happens and what to do.\n');
    expect(comment.body).not.toContain('docs/ERRORS.md');
  });

  it('names the code where the failure is in no file, as a waivers input naming none', async () => {
    const result = await session.run({
      number: 44,
      headSha: 'd5'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      inputs: { waivers: 'nowhere.yaml' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_WAIVERS_UNREADABLE\)::waivers unreadable: nowhere\.yaml is not in the workspace/m,
    );
  });
});
