// End to end: the real registry process, through the README walkthrough and the gate's exit codes. `cli` runs the
// CLI in the test's process (test/e2e/in-process.ts); `runCli` spawns the built binary where its exit code is what a
// CI step reads (a refusal, no decision when the registry is down), and examples/walkthrough.sh spawns every step.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, type RunningRegistry, runCli, runProcess, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

const SERVICES = ['users-service', 'orders-service', 'checkout-web', 'billing-worker'];

let dir: string;
let registry: RunningRegistry;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliHere(args, { env });

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-e2e-'));
  registry = await startRegistry(join(dir, 'data', 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
});

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the walkthrough against a real registry', () => {
  it('publishes every example service and records them in production (exit 0)', async () => {
    for (const service of SERVICES) {
      const published = await cli('publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0', '--branch', 'main');
      expect(published, published.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^published: ${service} 1\\.0\\.0`)) });
    }
    const again = await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/^unchanged/) });
    expect(await cli('environment', 'create', 'production')).toMatchObject({ code: 0, stdout: 'created environment production\n' });
    for (const service of SERVICES) {
      const recorded = await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
      expect(recorded, recorded.stderr).toMatchObject({ code: 0, stdout: `recorded: ${service} 1.0.0 in production\n` });
    }
  });

  it('lists who uses users-service in production', async () => {
    const listed = await cli('consumers', '--service', 'users-service', '--environment', 'production', '--format', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).consumers.map((c: { consumer: string }) => c.consumer)).toEqual(['billing-worker', 'checkout-web', 'orders-service']);
  });

  it('says no (exit 1) to a provider version that breaks a deployed consumer, and says why', async () => {
    const checked = await cli(
      'check',
      '--manifest',
      'examples/users-service/overseer.yaml',
      '--contract',
      'examples/users-service/openapi.v2.yaml',
      '--against',
      'production',
    );
    expect(checked.code, checked.stderr).toBe(1);
    const published = await cli(
      'publish',
      '--manifest',
      'examples/users-service/overseer.yaml',
      '--contract',
      'examples/users-service/openapi.v2.yaml',
      '--version',
      '2.0.0',
    );
    expect(published.code, published.stderr).toBe(0);
    // Spawned: the exit code 1 a CI step sees from the built binary.
    const verdict = await runCli(['can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production'], { env });
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toMatch(/^NOT DEPLOYABLE: users-service 2\.0\.0 to production/);
    expect(verdict.stdout).toMatch(/breaks-consumer: users-service 2\.0\.0 would break checkout-web 1\.0\.0/);
    const json = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      deployable: false,
      reasons: expect.arrayContaining([expect.objectContaining({ consumer: 'checkout-web' })]),
    });
  });

  it('says yes (exit 0) to a safe provider change', async () => {
    const checked = await cli(
      'check',
      '--manifest',
      'examples/users-service/overseer.yaml',
      '--contract',
      'examples/users-service/openapi.v1.1.yaml',
      '--against',
      'production',
    );
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.1.0');
    const verdict = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.1.0', '--to', 'production');
    expect(verdict.code, verdict.stdout).toBe(0);
    expect(verdict.stdout).toMatch(/^DEPLOYABLE: users-service 1\.1\.0 to production/);
  });

  it('says no (exit 1) to a consumer that needs an operation its deployed provider lacks', async () => {
    const manifest = join(dir, 'billing-worker.v2.yaml');
    await writeFile(manifest, 'service: billing-worker\nowners: ["@acme/billing"]\nconsumes:\n  orders-service:\n    - GET /orders/{id}/refunds\n');
    const checked = await cli('check', '--manifest', manifest, '--against', 'production');
    expect(checked.code, checked.stdout + checked.stderr).toBe(1);
    expect(checked.stdout).toMatch(/operation-missing/);
    expect((await cli('publish', '--manifest', manifest, '--version', '2.0.0')).code).toBe(0);
    const verdict = await cli('can-i-deploy', '--service', 'billing-worker', '--version', '2.0.0', '--to', 'production');
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toMatch(/operation-missing: .*orders-service/);
  });

  it('gives no decision (exit 2) for an unknown version, never 0 or 1', async () => {
    const verdict = await cli('can-i-deploy', '--service', 'users-service', '--version', '9.9.9', '--to', 'production');
    expect(verdict.code).toBe(2);
    // Nothing was judged, so nothing blocks: the count line says what it is, not "1 blocking reason".
    expect(verdict.stdout.split('\n').slice(0, 2)).toEqual([
      'NO DECISION: users-service 9.9.9 to production (nothing was judged: users-service 9.9.9 is not published)',
      '  ? version-unknown: users-service 9.9.9 is not published (the newest published is 2.0.0): publish it before asking whether it can be deployed',
    ]);
    const unknownService = await cli('can-i-deploy', '--service', 'nobody', '--version', '1.0.0', '--to', 'production', '--format', 'markdown');
    expect(unknownService.code).toBe(2);
    const deploy = await cli('record-deployment', '--service', 'users-service', '--version', '9.9.9', '--env', 'production');
    expect(deploy).toMatchObject({
      code: 2,
      stderr:
        'error ERR_VERSION_UNKNOWN: users-service 9.9.9 is not published (the newest published is 2.0.0): publish it first (overseer publish --version 9.9.9)\nRun "overseer explain ERR_VERSION_UNKNOWN" for what to do.\n',
    });
  });

  it('refuses to publish other content under a published version (exit 2)', async () => {
    const conflict = await cli(
      'publish',
      '--manifest',
      'examples/users-service/overseer.yaml',
      '--contract',
      'examples/users-service/openapi.v2.yaml',
      '--version',
      '1.0.0',
    );
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/already published with other contract/);
  });

  it('gives no decision (exit 2) when the registry is stopped, after retrying', async () => {
    expect(await registry.stop()).toBe(0);
    const started = Date.now();
    // A window of 5 s, not the file's 0.5 s: on a busy machine the first refusal alone may take longer than 0.4 s,
    // and a client that had no time left for a second attempt would rightly not say it retried.
    const verdict = await runCli(['can-i-deploy', '--service', 'users-service', '--version', '1.1.0', '--to', 'production'], {
      env: { ...env, OVERSEER_RETRY_MS: '5000' },
    });
    expect(verdict.code).toBe(2);
    expect(verdict.stdout).toBe('');
    expect(verdict.stderr).toMatch(/cannot reach the registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED, retried for/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '5.0.0')).code).toBe(2);
    expect((await cli('check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production')).code).toBe(2);
  });
});

describe('tokens against a real registry', () => {
  const ADMIN = 'e2e-admin-token-0123456789abcdef';
  let secured: RunningRegistry;
  let url: string;

  beforeAll(async () => {
    secured = await startRegistry(join(dir, 'secured.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
    url = secured.url;
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('issues a service token that publishes its own service only', async () => {
    const run = (args: string[], token?: string) => runCliHere(args, { env: { OVERSEER_URL: url, ...(token && { OVERSEER_TOKEN: token }) } });
    const noToken = await run(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/needs a token/);
    const issued = await run(['token', 'create', '--service', 'users-service', '--name', 'users-ci'], ADMIN);
    expect(issued.code, issued.stderr).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^ovs_/);
    expect((await run(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'], token)).code).toBe(0);
    const other = await run(['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'], token);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/may not act for orders-service/);
    const notAdmin = await run(['token', 'create', '--service', 'orders-service'], token);
    expect(notAdmin.code).toBe(2);
  });
});

describe('examples/walkthrough.sh', () => {
  it('runs as the README says, with its own throwaway registry', async () => {
    const result = await runProcess('bash', ['examples/walkthrough.sh']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/NOT DEPLOYABLE: users-service 2\.0\.0 to production/);
    expect(result.stderr).toMatch(/unknown environment 'prodution' \(known: production\)/);
    expect(result.stdout).toMatch(/walkthrough: every step gave the expected exit code/);
    // examples/README.md shows what the steps print (the plain fenced blocks): every line of them is what a step printed.
    const lines = plainBlockLines(await readFile(join(REPO_ROOT, 'examples/README.md'), 'utf8'));
    expect(lines.length).toBeGreaterThan(5);
    const printed = `${result.stdout}\n${result.stderr}`.split('\n');
    expect(lines.filter((line) => !printed.includes(line))).toEqual([]);
    // The walkthrough starts a registry and runs some twenty CLI processes one after another: 17 s of CPU, but 377 s
    // of wall time at load 27 (over the 180 s it once had). The bound is a hang guard, not a speed.
  }, 1_200_000);

  it('exits 2 with the reason when its registry cannot start, not the status of the registry it stops', async () => {
    // A setting the registry refuses, left in the shell: the server exits at once and the script's clean-up finds it gone.
    const result = await runProcess('bash', ['examples/walkthrough.sh'], { env: { OVERSEER_LOG_LEVEL: 'loud' } });
    expect(result.stderr).toMatch(/walkthrough: the registry stopped before it was listening:\n.*OVERSEER_LOG_LEVEL must be one of/);
    expect(result.code, result.stdout + result.stderr).toBe(2);
  }, 120_000);
});

/** The lines inside fenced blocks that name no language: what a command printed, as opposed to ```sh commands. */
function plainBlockLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fence = fence === undefined ? line.slice(3) : undefined;
    else if (fence === '') lines.push(line);
  }
  return lines;
}
