// `overseer diff` driven in-process through run(): formats, --fail-on, --severity-levels and --waivers,
// on the contracts and policy files in test/fixtures/policy.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/main.js';
import { FORMATS } from '../../contracts/format/index.js';
import { findAll, parseXml } from '../contracts/format/xml-check.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/policy');

async function diff(...options: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), env: {}, cwd: FIXTURES, isTTY: false };
  const code = await run(['diff', 'base.yaml', 'revision.yaml', ...options], io);
  return { code, stdout, stderr };
}

async function diffJson(...options: string[]) {
  const result = await diff('--format', 'json', ...options);
  return { ...result, json: JSON.parse(result.stdout) };
}

// base -> revision: GET /orders removed and a required query parameter added (breaking), an optional
// response property removed and info.version bumped 1.2.0 -> 1.2.1 though the changes need a major (warnings),
// POST /users added (info).
describe('overseer diff: formats', () => {
  it.each([...FORMATS])('%s exits 1 for the two breaking changes, whatever the format', async (format) => {
    const { code, stderr } = await diff('--format', format);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('text', async () => {
    const { stdout } = await diff();
    expect(stdout).toContain('BREAKING  path /orders (GET) was removed without being deprecated first (api-path-removed-without-deprecation)  base.yaml:30');
    expect(stdout).toContain('info.version 1.2.0 -> 1.2.1: a patch bump; the changes need a major bump');
    expect(stdout.endsWith('2 breaking, 2 warnings, 1 info; 2 blocking -> blocked\n')).toBe(true);
  });

  it('json', async () => {
    const { json } = await diffJson();
    expect(json.summary).toEqual({ breaking: 2, warning: 2, info: 1, blocking: 2 });
    expect(json.changes.map((c: any) => c.id)).toEqual([
      'api-path-removed-without-deprecation',
      'new-required-request-parameter',
      'api-version-bump-too-small',
      'response-optional-property-removed',
      'endpoint-added',
    ]);
    expect(json.versionBump).toEqual({ base: '1.2.0', revision: '1.2.1', given: 'patch', needed: 'major' });
  });

  it('markdown', async () => {
    const { stdout } = await diff('--format', 'markdown');
    expect(stdout.startsWith('### :no_entry: 2 blocking changes\n')).toBe(true);
  });

  it("github: one annotation per change on the revision file, base-side ones on their operation's line", async () => {
    const lines = (await diff('--format', 'github')).stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=revision.yaml,title=GET /orders%3A api-path-removed-without-deprecation::path /orders (GET) was removed without being deprecated first (breaking, blocking)%0ASeen in the base: base.yaml:30',
      '::error file=revision.yaml,line=15,title=GET /users/{userId}%3A new-required-request-parameter::new required query parameter `tenant` (breaking, blocking)',
      '::warning file=revision.yaml,line=4,title=Document%3A api-version-bump-too-small::info.version 1.2.0 -> 1.2.1 is a patch bump, but the changes need a major bump (2 breaking changes and 1 change that breaks a consumer using what changed) (warning)',
      '::warning file=revision.yaml,line=7,title=GET /users/{userId}%3A response-optional-property-removed::response property `nickname` was removed (it was optional) (warning)%0ASeen in the base: base.yaml:27',
      '::notice file=revision.yaml,line=33,title=POST /users%3A endpoint-added::POST /users was added (info)',
      'overseer: 2 breaking, 2 warnings, 1 info; 2 blocking -> blocked',
    ]);
  });

  it('junit: well-formed XML with a failure per blocking change', async () => {
    const root = parseXml((await diff('--format', 'junit')).stdout);
    expect(root.attributes).toMatchObject({ tests: '5', failures: '2', skipped: '0' });
    expect(findAll(root, 'testsuite').map((s) => s.attributes.name)).toEqual(['Document', 'GET /orders', 'POST /users', 'GET /users/{userId}']);
  });

  it('sarif: a 2.1.0 log with a rule per id and a result per change', async () => {
    const log = JSON.parse((await diff('--format', 'sarif')).stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.rules).toHaveLength(5);
    expect(log.runs[0].results.map((r: any) => r.level)).toEqual(['error', 'error', 'warning', 'warning', 'note']);
  });
});

describe('overseer diff: --fail-on', () => {
  it.each([
    { failOn: 'never', code: 0, blocking: 0 },
    { failOn: 'breaking', code: 1, blocking: 2 },
    { failOn: 'warning', code: 1, blocking: 4 },
    { failOn: 'info', code: 1, blocking: 5 },
  ])('$failOn: exit $code with $blocking blocking', async ({ failOn, code, blocking }) => {
    const result = await diffJson('--fail-on', failOn);
    expect(result.code).toBe(code);
    expect(result.json.summary.blocking).toBe(blocking);
  });

  it('lets the version finding block only when --fail-on reaches its level', async () => {
    const { json } = await diffJson('--fail-on', 'warning', '--severity-levels', 'severity.txt');
    const finding = json.changes.find((c: any) => c.id === 'api-version-bump-too-small');
    expect(finding.level).toBe('warning');
    expect(json.summary.blocking).toBe(3);
  });
});

describe('overseer diff: --severity-levels', () => {
  it('sets levels, drops NONE rules, and notes rules it does not check', async () => {
    const { code, json } = await diffJson('--severity-levels', 'severity.txt');
    expect(code).toBe(0);
    expect(json.changes.map((c: any) => [c.id, c.level])).toEqual([
      ['api-version-bump-too-small', 'warning'],
      ['api-path-removed-without-deprecation', 'warning'],
      ['new-required-request-parameter', 'warning'],
      ['endpoint-added', 'info'],
    ]);
    // With nothing breaking left, the bump the changes need falls to minor (an endpoint was added).
    expect(json.versionBump.needed).toBe('minor');
    expect(json.notices).toEqual([
      {
        code: 'severity-rule-unknown',
        message: '"some-oasdiff-only-rule" is not a rule overseer checks: this line has no effect',
        file: 'severity.txt',
        line: 5,
      },
    ]);
  });

  it('exits 2 for a bad severity file, naming file and line', async () => {
    const { code, stdout, stderr } = await diff('--severity-levels', 'bad-severity.txt');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error ERR_SEVERITY_INVALID: bad-severity.txt:3: "FATAL" is not a level: use ERR, WARN, INFO or NONE (or breaking, warning, info, none)\nRun "overseer explain ERR_SEVERITY_INVALID" for what to do.\n',
    );
  });

  it('exits 2 for a missing severity file', async () => {
    const { code, stderr } = await diff('--severity-levels', 'nope.txt');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error ERR_POLICY_UNREADABLE: nope\.txt: no such file in \/.+\nRun "overseer explain ERR_POLICY_UNREADABLE" for what to do\.\n$/);
  });
});

describe('overseer diff: --waivers', () => {
  it('shows waived changes, marked, and lets them not block', async () => {
    const { code, json } = await diffJson('--waivers', 'waivers.yaml');
    expect(code).toBe(0);
    expect(json.summary).toEqual({ breaking: 2, warning: 2, info: 1, blocking: 0 });
    expect(json.changes.filter((c: any) => c.waived).map((c: any) => [c.id, c.waived])).toEqual([
      ['api-path-removed-without-deprecation', { reason: 'orders moved to orders-service (ADR-12)', expires: '2999-12-31' }],
      ['new-required-request-parameter', { reason: 'every caller sends tenant since the gateway release', expires: '2999-12-31' }],
    ]);
    expect((await diff('--waivers', 'waivers.yaml')).stdout).toContain('(waived until 2999-12-31 24:00 UTC: orders moved to orders-service (ADR-12))');
  });

  it('an expired waiver stops waiving and says so, naming the waiver', async () => {
    const { code, json } = await diffJson('--waivers', 'expired-waivers.yaml');
    expect(code).toBe(1);
    expect(json.summary.blocking).toBe(2);
    expect(json.changes.some((c: any) => c.waived)).toBe(false);
    expect(json.notices).toEqual([
      {
        code: 'waiver-expired',
        message:
          'the waiver of api-path-removed-without-deprecation on GET /orders (expired-waivers.yaml:1) expired on 2000-01-01: it no longer waives anything (its reason: orders moved to orders-service (ADR-12))',
        file: 'expired-waivers.yaml',
        line: 1,
      },
    ]);
    const github = (await diff('--format', 'github', '--waivers', 'expired-waivers.yaml')).stdout;
    expect(github).toContain('::warning file=expired-waivers.yaml,line=1,title=waiver-expired::the waiver of');
  });

  it('a consumer-scoped waiver covers that consumer only', async () => {
    const consumers = ['--service', 'users-service', '--consumers', 'consumers/*.yaml'];
    const before = await diffJson(...consumers);
    expect(before.code).toBe(1);
    expect(before.json.changes.filter((c: any) => c.consumers.length).map((c: any) => [c.id, c.consumers])).toEqual([
      ['api-path-removed-without-deprecation', ['billing']],
      ['new-required-request-parameter', ['checkout-web']],
    ]);
    const after = await diffJson(...consumers, '--waivers', 'consumer-waivers.yaml');
    expect(after.code).toBe(1);
    expect(after.json.summary.blocking).toBe(1);
    expect(after.json.changes[1]).toMatchObject({ id: 'new-required-request-parameter', waived: { reason: 'checkout-web sends tenant from 2.3' } });
  });

  it('exits 2 for a bad waivers file, naming file and line', async () => {
    const { code, stderr } = await diff('--waivers', 'bad-waivers.yaml');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error ERR_WAIVER_INVALID: bad-waivers.yaml:2: operation "listOrders" must be "METHOD /path" (like "GET /users/{id}") or "*"\nRun "overseer explain ERR_WAIVER_INVALID" for what to do.\n',
    );
  });
});
