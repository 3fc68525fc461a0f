// The registry commands run in-process (`run(argv, io)`) against a registry on real HTTP on loopback.

import diagnostics from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/io.js';
import { run } from '../../cli/main.js';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { Store } from '../../overseer/store/store.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(args: string[], env: Record<string, string | undefined>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: ROOT, isTTY: false };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

let dir: string;
let store: Store;
let app: FastifyInstance;
let url: string;
const cli = (...args: string[]) => runCli(args, { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' });

async function startRegistry(port = 0): Promise<void> {
  const config = parseConfig({ db: join(dir, `registry-${Date.now()}.db`) }, {});
  store = openSqliteStore(config.db);
  // A registry per test, on the process's one worker pool: a pool of its own forked a worker for each of 23 tests.
  app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  url = await app.listen({ port, host: '127.0.0.1' });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => startRegistry());
afterEach(async () => {
  await app.close();
  await store.close();
});

describe('--help', () => {
  const commands: Record<string, string[]> = {
    serve: ['--port', '--host', '--db', 'OVERSEER_ADMIN_TOKEN'],
    publish: ['--version', '--manifest', '--contract', '--branch', '--commit', '--format'],
    check: ['--manifest', '--contract', '--against', '--branch', '--format'],
    'can-i-deploy': ['--service', '--version', '--to', '--format'],
    'record-deployment': ['--service', '--version', '--env'],
    consumers: ['--service', '--environment', '--branch', '--format'],
    token: ['--service', '--ingest', '--name'],
  };
  for (const [command, options] of Object.entries(commands)) {
    it(`${command} lists every option, examples and exit codes`, async () => {
      const result = await cli(command, '--help');
      expect(result.code).toBe(0);
      for (const option of options) expect(result.stdout).toContain(option);
      expect(result.stdout).toMatch(/Exit codes: 0/);
      expect(result.stdout).toMatch(/Examples:\n {2}.*overseer /);
      if (command !== 'serve') expect(result.stdout).toContain('--registry URL');
    });
  }

  it('names every registry command in overseer --help', async () => {
    const result = await cli('--help');
    for (const command of Object.keys(commands)) expect(result.stdout).toContain(`  ${command}`);
    // The one-line summaries name what a platform team looks for first: PostgreSQL, and a token for the Collector.
    expect(result.stdout).toMatch(/^ {2}serve .*PostgreSQL/m);
    expect(result.stdout).toMatch(/^ {2}token .*--ingest/m);
  });
});

describe('bad usage exits 2', () => {
  it.each([
    [['publish'], /--version is required/],
    [['can-i-deploy', '--service', 'a', '--version', '1'], /--env is required/],
    [['check', '--against', 'production', '--branch', 'main'], /not both/],
    [['record-deployment', '--service', 'a', '--version', '1', '--env', 'p', '--bogus'], /unknown option --bogus/],
    [['consumers', '--service', 'a', '--format', 'yaml'], /--format must be one of text, json, markdown/],
    [['token', 'lsit'], /unknown token action "lsit": did you mean list\? \(create, list or revoke\)/],
    [
      ['publish', '--version', '1', '--manifest', 'missing.yaml'],
      /missing\.yaml: no such file in .+ \(write the service's manifest there, or name it with --manifest FILE\)/,
    ],
  ])('%j', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('commands against the registry', () => {
  it('publish prints created then unchanged, and json on request', async () => {
    const first = await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--commit', 'abc');
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^published: users-service 1\.0\.0 \(contract sha256 [0-9a-f]{12}; uses no other service\)\n$/),
    });
    const again = await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--format', 'json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', version: { service: 'users-service', commit: 'abc' }, warnings: [] });
    expect(await store.getService('users-service')).toMatchObject({ owners: ['@acme/identity'], slack: '#identity-alerts', repository: 'acme/users-service' });
  });

  it('can-i-deploy prints the verdict as markdown, and the exit code does not depend on the format', async () => {
    await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0');
    await cli('publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0');
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    for (const format of ['text', 'json', 'markdown']) {
      const result = await cli('can-i-deploy', '--service', 'checkout-web', '--version', '1.0.0', '--to', 'production', '--format', format);
      expect(result.code).toBe(1);
    }
    const markdown = await cli('can-i-deploy', '--service', 'checkout-web', '--version', '1.0.0', '--to', 'production', '--format', 'markdown');
    expect(markdown.stdout).toMatch(/^### ❌ NOT DEPLOYABLE: checkout-web 1\.0\.0 to production/);
    expect(markdown.stdout).toMatch(/\| `provider-not-deployed` \| error \| users-service is not deployed in production/);
    // Each ask is recorded (the CLI asks by POST); the same ask with the same answer is one record, counted.
    expect((await store.listVerdicts()).map((v) => [v.service, v.askedBy, v.count])).toEqual([['checkout-web', 'anonymous', 4]]);
  });

  it('consumers lists operations and fields per consumer', async () => {
    await cli('publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0');
    await cli('publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0');
    const result = await cli('consumers', '--service', 'users-service');
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Consumers of users-service (latest versions):\n  checkout-web 1.0.0\n    GET /users/{id} [getUser] (response: id, name, email)\n',
    });
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    const none = await cli('consumers', '--service', 'users-service', '--environment', 'production');
    expect(none.stdout).toBe('No consumers of users-service (deployed in production).\n');
  });

  it('token create prints the token alone on stdout', async () => {
    const result = await cli('token', 'create', '--service', 'users-service', '--name', 'users-ci');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ovs_[A-Za-z0-9_-]+\n$/);
    expect(result.stderr).toMatch(/not shown again/);
    const taken = await cli('token', 'create', '--service', 'users-service', '--name', 'users-ci');
    expect(taken.code).toBe(2);
  });

  it('token create --ingest issues a token for telemetry only, for no service', async () => {
    const result = await cli('token', 'create', '--ingest', '--name', 'otel-collector');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ovs_[A-Za-z0-9_-]+\n$/);
    expect(result.stderr).toBe('token "otel-collector" for telemetry only: store it now, it is not shown again\n');
    expect((await store.listTokens()).map((t) => [t.name, t.service, t.scope])).toEqual([['otel-collector', null, 'ingest']]);
    const both = await cli('token', 'create', '--ingest', '--service', 'users-service');
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('give --service S or --ingest, not both')]);
  });

  it('exits 2 when the registry fails with a 5xx', async () => {
    await store.close();
    const result = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production');
    expect(result.code).toBe(2);
    // The code once, at the start: the status says what failed, the code is not repeated inside the message.
    expect(result.stderr).toMatch(
      /^error ERR_INTERNAL: the registry failed \(HTTP 500\): internal error \([^)\n]+\)\nRun "overseer explain ERR_INTERNAL" for what to do\.\n$/,
    );
    store = openSqliteStore(join(dir, 'spare.db'));
  });
});

describe('an unreachable registry', () => {
  it('exits 2 with a clear message', async () => {
    await app.close();
    const result = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error ERR_REGISTRY_UNREACHABLE: cannot reach the registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): is it running\?/);
    const badUrl = await runCli(['consumers', '--service', 'a', '--registry', 'localhost:4010'], {});
    expect(badUrl.code).toBe(2);
  });

  it('is retried with backoff until it answers', async () => {
    const port = Number(new URL(url).port);
    await app.close();
    await store.close();
    // The registry starts once the CLI's first connection was refused (fetch reports it on this channel), not after a
    // guessed delay: a CLI slower to ask than the delay would never have been refused. The retry budget is the CLI's
    // whole wait, so it is generous: a registry starting on a loaded machine must not run it out.
    let started: Promise<void> | undefined;
    const onRefused = (message: unknown) => {
      const { connectParams, error } = message as { connectParams: { port: string }; error: { code?: string } };
      if (Number(connectParams.port) === port && error.code === 'ECONNREFUSED') started ??= startRegistry(port);
    };
    diagnostics.subscribe('undici:client:connectError', onRefused);
    const result = await runCli(['consumers', '--service', 'users-service'], { OVERSEER_URL: `http://127.0.0.1:${port}`, OVERSEER_RETRY_MS: '60000' }).finally(
      () => diagnostics.unsubscribe('undici:client:connectError', onRefused),
    );
    // Refused at least once, then answered: the answer came by a retry.
    expect(started).toBeDefined();
    await started;
    // The registry came up empty: the service is unknown, which proves the request got through.
    expect(result.stderr).toBe(
      'error ERR_SERVICE_UNKNOWN: no service is named users-service (overseer publish registers it)\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
    );
    expect(result.code).toBe(2);
  });
});
