// The gate never says yes by mistake: the seven cases of issue 15, each against a real `overseer serve` on a fresh SQLite file.
// `cli` runs the CLI in the test's process (test/e2e/in-process.ts); `runCli` spawns the built binary, for publish and check.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

let dir: string;
let db: string;
let registry: RunningRegistry;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliHere(args, { env });
const page = async (path: string) => (await fetch(new URL(path, registry.url))).text();

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-gate-'));
  db = join(dir, 'registry.db');
  registry = await startRegistry(db);
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  for (const service of ['users-service', 'checkout-web']) {
    const published = await cli('publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
  }
  expect((await cli('environment', 'create', 'production')).code).toBe(0);
  expect((await cli('environment', 'create', 'staging')).code).toBe(0);
  for (const service of ['users-service', 'checkout-web']) {
    expect((await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).code).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the gate against a real registry', () => {
  it('1. a misspelled environment is no decision (exit 2) and never becomes an environment', async () => {
    const message =
      "error ERR_ENVIRONMENT_UNKNOWN: unknown environment 'prodution' (known: production, staging): did you mean production?\n" +
      'Run "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n';
    const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'prodution');
    expect(asked).toMatchObject({ code: 2, stdout: '', stderr: message });
    const recorded = await cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'prodution');
    expect(recorded).toMatchObject({ code: 2, stderr: message });
    expect(await cli('environment', 'list')).toMatchObject({ code: 0, stdout: 'production\nstaging\n' });
  });

  it('2. a waiver naming the operation a consumer calls covers a change in a shared schema; one matching nothing is named', async () => {
    const waivers = join(dir, 'waivers.yaml');
    await writeFile(
      waivers,
      [
        '- rule: response-optional-property-removed',
        '  operation: GET /users/{id}',
        '  consumer: checkout-web',
        '  field: email',
        '  reason: the receipt stops showing the e-mail address in 4.2',
        '  expires: 2999-12-31',
        '- rule: response-optional-property-removed',
        '  operation: GET /users/{id}',
        '  consumer: checkout-web',
        '  field: nickname',
        '  reason: a stale entry',
        '  expires: 2999-12-31',
        '',
      ].join('\n'),
    );
    const base = ['diff', 'examples/users-service/openapi.yaml', 'examples/users-service/openapi.v2.yaml', '--service', 'users-service'];
    const consumers = ['--consumers', 'examples/checkout-web/overseer.yaml'];
    expect((await cli(...base, ...consumers)).code).toBe(1);
    const waived = await cli(...base, ...consumers, '--waivers', waivers, '--format', 'json');
    expect(waived.code, waived.stdout).toBe(0);
    const report = JSON.parse(waived.stdout);
    expect(report.notices).toContainEqual(expect.objectContaining({ code: 'waiver-unused', file: waivers, line: 7 }));
    expect(report.notices.filter((n: { code: string }) => n.code === 'waiver-unused')).toHaveLength(1);
  });

  it('3. an unpublished version is undecided: exit 2, shown as undecided, never among refusals', async () => {
    const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '9.9.9', '--to', 'production', '--format', 'json');
    expect(asked.code).toBe(2);
    expect(JSON.parse(asked.stdout)).toMatchObject({ decision: 'undecided', deployable: false });
    expect((await cli('can-i-deploy', '--service', 'nobody', '--version', '1.0.0', '--to', 'production')).code).toBe(2);
    const [nobody, unknownVersion] = (await (await fetch(new URL('/v1/verdicts', registry.url))).json()).verdicts;
    expect([nobody.decision, unknownVersion.decision]).toEqual(['undecided', 'undecided']);

    const verdictPage = await page(`/verdicts/${unknownVersion.id}`);
    expect(verdictPage).toContain('The gate could not decide');
    expect(verdictPage).not.toContain('The gate refused');
    const nobodyPage = await page(`/verdicts/${nobody.id}`);
    expect(nobodyPage).toContain('nobody <span class="muted">(not in the registry)</span>');
    expect(nobodyPage).not.toContain('href="/services/nobody');
    const environments = await page('/environments');
    expect(environments).toContain('The gate refused no deploy recently.');
    const services = await page('/');
    expect(services).not.toContain('<span class="badge breaking">refused</span> <code>9.9.9</code>');
    expect(await page('/?blocked=1')).toContain('No service matches this filter.');
  });

  it('4. a publication that fails leaves no service behind', async () => {
    await mkdir(join(dir, 'broken'), { recursive: true });
    await writeFile(join(dir, 'broken', 'openapi.yaml'), 'openapi: 3.0.3\ninfo: [unclosed\n');
    await writeFile(join(dir, 'broken', 'overseer.yaml'), 'service: broken-service\nowners: ["@acme/x"]\nprovides: ./openapi.yaml\n');
    const published = await runCli(['publish', '--manifest', 'overseer.yaml', '--version', '1.0.0'], { env, cwd: join(dir, 'broken') });
    expect(published.code).toBe(2);
    expect(published.stderr).toMatch(/openapi\.yaml/);
    expect((await fetch(new URL('/v1/services/broken-service', registry.url))).status).toBe(404);
    expect(await page('/')).not.toContain('broken-service');
  });

  it('5. a second registry on the same SQLite file exits 2 naming the first', async () => {
    const second = await runCli(['serve', '--port', '0', '--db', db]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`is already served by process ${registry.child.pid} at ${registry.url}`);
    expect(second.stderr).toContain('PostgreSQL');
  });

  it('6. a change that breaks a consumer needs a major bump, in diff and in changelog', async () => {
    const v2 = await readFile('examples/users-service/openapi.v2.yaml', 'utf8');
    await writeFile(join(dir, 'users-1.0.1.yaml'), v2.replace('version: 2.0.0', 'version: 1.0.1'));
    const diff = await cli(
      'diff',
      'examples/users-service/openapi.yaml',
      join(dir, 'users-1.0.1.yaml'),
      '--service',
      'users-service',
      '--consumers',
      'examples/checkout-web/overseer.yaml',
    );
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('info.version 1.0.0 -> 1.0.1: a patch bump; the changes need a major bump');
    const changelog = await cli('changelog', 'examples/users-service/openapi.yaml', join(dir, 'users-1.0.1.yaml'));
    expect(changelog.stdout).toContain('These changes need a major version bump (given: patch)');
  });

  it('7. a contract split across files is published, checked and changelogged as one bundled document', async () => {
    const split = join(dir, 'split');
    await mkdir(split, { recursive: true });
    const v1 = await readFile('examples/users-service/openapi.yaml', 'utf8');
    const cut = v1.indexOf('components:');
    await writeFile(join(split, 'openapi.yaml'), v1.slice(0, cut).replaceAll('#/components/schemas/', 'schemas.yaml#/'));
    const schemas = v1
      .slice(cut)
      .split('\n')
      .slice(2)
      .map((line) => line.slice(4))
      .join('\n');
    await writeFile(join(split, 'schemas.yaml'), schemas);
    await writeFile(join(split, 'overseer.yaml'), 'service: split-service\nowners: ["@acme/split"]\nprovides: ./openapi.yaml\n');
    const refused = await runCli(['publish', '--version', '1.0.0'], { env, cwd: split });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-external-refs');
    const published = await runCli(['publish', '--version', '1.0.0', '--allow-external-refs'], { env, cwd: split });
    expect(published.code, published.stderr).toBe(0);
    const checked = await runCli(['check', '--against', 'production', '--allow-external-refs'], { env, cwd: split });
    expect(checked.code, checked.stderr).toBe(0);
    const changelog = await runCli(['changelog', 'openapi.yaml', 'openapi.yaml', '--allow-external-refs'], { cwd: split });
    expect(changelog.code, changelog.stderr).toBe(0);
    const stored = await (await fetch(new URL('/v1/services/split-service/versions/1.0.0/contract', registry.url))).text();
    expect(stored).not.toContain('schemas.yaml');
    expect(stored).toContain('email');
  });

  it('a parameter the consumer sends that the provider does not take is a refusal, not a yes', async () => {
    const job = join(dir, 'report-job');
    await mkdir(job, { recursive: true });
    const manifest = (param: string) =>
      ['service: report-job', 'owners: ["@acme/reports"]', 'consumes:', '  users-service:', '    - operation: GET /users', `      params: [${param}]`, ''].join(
        '\n',
      );
    await writeFile(join(job, 'overseer.yaml'), manifest('limt'));
    const refused = await runCli(['check', '--against', 'production'], { env, cwd: job });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toContain('x parameter-rejected: GET /users of users-service takes no parameter `limt`, which report-job sends');
    await writeFile(join(job, 'overseer.yaml'), manifest('limit'));
    const accepted = await runCli(['check', '--against', 'production'], { env, cwd: job });
    expect(accepted.code, accepted.stdout).toBe(0);
    // Deployed, it blocks the parameter's removal, and the text says so once: the change, not the miss again.
    expect((await runCli(['publish', '--version', '1.0.0'], { env, cwd: job })).code).toBe(0);
    expect((await cli('record-deployment', '--service', 'report-job', '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    const v1 = await readFile('examples/users-service/openapi.yaml', 'utf8');
    const dropped = v1.replace(/ {6}parameters:\n {8}- name: limit\n {10}in: query\n {10}schema: \{[^}]*\}\n/, '');
    expect(dropped).not.toContain('name: limit');
    await writeFile(join(job, 'users.yaml'), dropped);
    const args = ['check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', join(job, 'users.yaml'), '--against', 'production'];
    const text = await cli(...args);
    expect(text.code, text.stdout).toBe(1);
    expect(text.stdout).toContain('x breaks-consumer:');
    expect(text.stdout).not.toContain('parameter-rejected');
    const json = JSON.parse((await cli(...args, '--format', 'json')).stdout);
    expect(json.reasons.map((reason: { code: string }) => reason.code)).toEqual(['breaks-consumer', 'parameter-rejected']);
  });
  it('a use the deployed provider already fails still refuses, and the CLI and the dashboard say it predates the version', async () => {
    const job = join(dir, 'audit-job');
    await mkdir(job, { recursive: true });
    const manifest = [
      'service: audit-job',
      'owners: ["@acme/audit"]',
      'consumes:',
      '  users-service:',
      '    - operation: GET /users/{id}',
      '      response: [id, nickname]',
      '',
    ];
    await writeFile(join(job, 'overseer.yaml'), manifest.join('\n'));
    expect((await runCli(['publish', '--version', '1.0.0'], { env, cwd: job })).code).toBe(0);
    for (const service of ['users-service', 'audit-job']) {
      expect((await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'staging')).code).toBe(0);
    }
    // 1.0.1 is 1.0.0 again: it changes nothing, and the field audit-job declares was never there.
    expect((await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.1')).code).toBe(0);
    const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.1', '--to', 'staging');
    expect(asked.code, asked.stdout).toBe(1);
    const said =
      'GET /users/{id} of users-service does not return `nickname`, which audit-job reads; already unmet by the deployed version 1.0.0: ' +
      "not caused by this change (audit-job's owners should correct its declaration, or users-service offer it; meanwhile a waiver {rule: field-missing, operation: GET /users/{id}, consumer: audit-job, field: nickname}, with a reason and expires, lets users-service deploy)";
    expect(asked.stdout).toContain(`x field-missing: ${said}`);
    const json = JSON.parse((await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.1', '--to', 'staging', '--format', 'json')).stdout);
    expect(json.reasons).toEqual([expect.objectContaining({ code: 'field-missing', alreadyUnmetBy: ['1.0.0'] })]);
    const [recorded] = (await (await fetch(new URL('/v1/verdicts?environment=staging', registry.url))).json()).verdicts;
    expect(await page(`/verdicts/${recorded.id}`)).toContain('already unmet by the deployed version 1.0.0: not caused by this change');
  });
});
