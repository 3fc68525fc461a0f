// What a platform engineer trips over in the first hour, through the built binary and a real `overseer serve`: a flag
// of another command, options before the command, a missing manifest, a misspelled provider or waiver, a misspelled
// environment or branch on a read.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from '../e2e/cli-process.js';

let dir: string;
let registry: RunningRegistry;
let env: Record<string, string>;
const cli = (args: string[], cwd?: string) => runCli(args, { env, ...(cwd && { cwd }) });
const UNKNOWN = "error: unknown environment 'prodution' (known: production); create it with `overseer environment create prodution`\n";

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-first-hour-'));
  registry = await startRegistry(join(dir, 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  for (const service of ['users-service', 'checkout-web']) {
    const published = await cli(['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0']);
    expect(published.code, published.stderr).toBe(0);
  }
  expect((await cli(['environment', 'create', 'production'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a flag in the wrong place', () => {
  it("suggests the environment flag of this command when given another command's", async () => {
    const asked = await cli(['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--env', 'production']);
    expect(asked).toMatchObject({ code: 2, stdout: '' });
    expect(asked.stderr.split('\n')[0]).toBe('error: unknown option --env (did you mean --to?)');
    const recorded = await cli(['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--to', 'production']);
    expect(recorded.stderr.split('\n')[0]).toBe('error: unknown option --to (did you mean --env?)');
  });

  it('says that options come after the command, naming it', async () => {
    const r = await cli(['--registry', registry.url, 'consumers', '--service', 'users-service']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')[0]).toBe('error: options come after the command: overseer consumers --registry ...');
  });

  it('says which option lacks its value, and that a token needs --service or --ingest', async () => {
    expect((await cli(['consumers', '--service'])).stderr.split('\n')[0]).toBe('error: --service needs a value');
    const token = await cli(['token', 'create']);
    expect(token).toMatchObject({ code: 2, stdout: '' });
    expect(token.stderr.split('\n')[0]).toBe('error: --service S (or --ingest) is required');
  });

  it('says what an environment or a version may be called, in words rather than the schema pattern', async () => {
    const r = await cli(['environment', 'create', 'prod 1']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('error: invalid request: body/name must be letters, digits, ".", "_" and "-", starting with a letter or digit, like production\n');
    expect((await cli(['environment', 'list'])).stdout).toBe('production\n');
    const version = await cli(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0 beta']);
    expect(version).toMatchObject({ code: 2, stdout: '' });
    expect(version.stderr).toBe(
      'error: invalid request: body/version must be one word, like a git SHA or 1.4.0: no spaces, "/", "\\", control, bidirectional or zero-width characters, and not "." or ".."\n',
    );
  });

  it('shows a registry URL written without its scheme as written, with the fix, and never its credentials', async () => {
    const bare = await runCli(['environment', 'list'], { env: { OVERSEER_URL: 'localhost:4010' } });
    expect(bare).toMatchObject({
      code: 2,
      stderr: 'error: the registry URL must start with http:// or https://, got "localhost:4010": did you mean http://localhost:4010?\n',
    });
    const secret = await runCli(['environment', 'list'], { env: { OVERSEER_URL: 'ci:hunter2@127.0.0.1:4010' } });
    expect(secret.code).toBe(2);
    expect(secret.stderr).not.toContain('hunter2');
  });

  it('says that the registry URL is the root when it was given with the API prefix', async () => {
    const r = await runCli(['environment', 'list'], { env: { OVERSEER_URL: `${registry.url}/v1` } });
    expect(r).toMatchObject({ code: 2, stderr: 'error: no route GET /v1/v1/environments: the registry URL is the root (https://host), without /v1\n' });
  });

  it('takes no property of a plain object for a command', async () => {
    expect(await cli(['toString'])).toMatchObject({ code: 2, stderr: 'error: unknown command toString\nRun "overseer --help" for the commands.\n' });
  });
});

describe('a missing file', () => {
  it('says where the manifest was looked for and how to name another', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const r = await cli(['publish', '--version', '1.0.0'], empty);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`error: overseer.yaml: no such file in ${empty} (write the service's manifest there, or name it with --manifest FILE)\n`);
  });

  it('says that the contract was named by the manifest', async () => {
    const service = join(dir, 'service');
    await mkdir(service, { recursive: true });
    await writeFile(join(service, 'overseer.yaml'), 'service: lost-service\nowners: ["@acme/x"]\nprovides: ./openapi.yml\n');
    const r = await cli(['check', '--against', 'production'], service);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`error: openapi.yml: no such file in ${service} (named by "provides" in overseer.yaml)\n`);
  });
});

describe('a misspelled provider under consumes', () => {
  it('is published as written, with a warning naming the nearest known service', async () => {
    const manifest = join(dir, 'typo.yaml');
    await writeFile(manifest, 'service: typo-web\nowners: ["@acme/web"]\nconsumes:\n  user-service:\n    - GET /users/{id}\n  users-service: "*"\n');
    const r = await cli(['publish', '--manifest', manifest, '--version', '1.0.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('published: typo-web 1.0.0 (no contract; uses user-service, users-service)\n');
    expect(r.stderr).toBe(
      `warning: ${manifest}: typo-web uses user-service, which the registry does not know (did you mean users-service?): ` +
        'can-i-deploy refuses typo-web where user-service is not deployed\n',
    );
  });
});

describe('a misspelled service at the gate', () => {
  it('is undecided (exit 2), and names the nearest known service besides "not known to the registry"', async () => {
    const r = await cli(['can-i-deploy', '--service', 'user-service', '--version', '1.0.0', '--to', 'production']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('x version-unknown: user-service 1.0.0 is not known to the registry');
    expect(r.stderr).toBe('no service is named user-service: did you mean users-service?\n');
    const unpublished = await cli(['can-i-deploy', '--service', 'users-service', '--version', '9.9.9', '--to', 'production']);
    expect(unpublished).toMatchObject({ code: 2, stderr: '' });
  });
});

describe('a misspelled service in a listing', () => {
  it('fails (exit 2) naming the nearest known service, in usage and migrations alike', async () => {
    for (const command of ['usage', 'migrations']) {
      const r = await cli([command, '--service', 'user-service']);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe('error: no service is named user-service: did you mean --service users-service?\n');
    }
    const far = await cli(['usage', '--service', 'zzz']);
    expect(far).toMatchObject({ code: 2, stderr: 'error: no service is named zzz (overseer publish registers it)\n' });
  });
});

describe('a registry file that cannot be opened', () => {
  it('names the file and the flag beside the reason SQLite gives, and exits 2', async () => {
    const notDatabase = join(dir, 'notes.txt');
    await writeFile(notDatabase, 'not a database, but long enough for SQLite to read its header and refuse it\n'.repeat(3));
    const r = await cli(['serve', '--port', '0', '--db', notDatabase]);
    expect(r).toMatchObject({ code: 2, stderr: `error: cannot open the SQLite file ${notDatabase} (--db, OVERSEER_DB): file is not a database\n` });
    const folder = await cli(['serve', '--port', '0', '--db', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`error: cannot open the SQLite file ${dir} (--db, OVERSEER_DB): unable to open database file\n`);
  });
});

describe('a waiver that matches nothing', () => {
  it('names a rule id the engine never reports, and keeps the usual advice for a rule it does', async () => {
    const waivers = join(dir, 'waivers.yaml');
    const entry = (rule: string) => [`- rule: ${rule}`, '  operation: GET /users/{id}', '  reason: agreed', '  expires: 2999-12-31'];
    await writeFile(waivers, [...entry('response-optional-property-remove'), ...entry('api-path-removed-without-deprecation'), ''].join('\n'));
    const pair = ['examples/users-service/openapi.yaml', 'examples/users-service/openapi.v2.yaml'];
    const r = await cli(['diff', ...pair, '--waivers', waivers, '--fail-on', 'warning', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const unused = JSON.parse(r.stdout).notices.filter((n: { code: string }) => n.code === 'waiver-unused');
    expect(unused.map((n: { message: string; line: number }) => [n.line, n.message.split('matches no change: ')[1]])).toEqual([
      [1, '"response-optional-property-remove" is not a rule overseer checks (docs/RULES.md lists them): correct it, or remove the waiver'],
      [5, 'check its rule, operation, consumer and field, or remove it'],
    ]);
  });
});

describe('a misspelled environment on a read', () => {
  it('is no decision (exit 2) naming the known ones, never an empty list that reads as "nobody uses it"', async () => {
    for (const command of ['consumers', 'migrations', 'usage']) {
      const r = await cli([command, '--service', 'users-service', '--environment', 'prodution']);
      expect(r, command).toMatchObject({ code: 2, stdout: '', stderr: UNKNOWN });
    }
    const known = await cli(['migrations', '--service', 'users-service', '--environment', 'production']);
    expect(known).toMatchObject({ code: 0, stdout: 'No deprecated part of users-service is deployed in production.\n' });
  });
});

describe('a misspelled branch', () => {
  it('is no decision (exit 2) naming the nearest known branch, never a yes judged against nothing', async () => {
    // The same version published again on a branch adds the branch and no version: the other cases keep their latest.
    const onMain = await cli(['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0', '--branch', 'main']);
    expect(onMain.code, onMain.stderr).toBe(0);
    const typo = "error: nothing was published on branch 'mian' (nearest known: main); publish with --branch mian first, or name another\n";
    const check = await cli(['check', '--manifest', 'examples/checkout-web/overseer.yaml', '--branch', 'mian']);
    expect(check).toMatchObject({ code: 2, stdout: '', stderr: typo });
    expect(await cli(['consumers', '--service', 'users-service', '--branch', 'mian'])).toMatchObject({ code: 2, stdout: '', stderr: typo });
    // On a known branch it is judged: checkout-web's provider was never published on main, which blocks.
    const known = await cli(['check', '--manifest', 'examples/checkout-web/overseer.yaml', '--branch', 'main']);
    expect(known).toMatchObject({ code: 1, stderr: '' });
    expect(known.stdout).toContain('users-service');
  });
});
