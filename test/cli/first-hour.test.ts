// What a platform engineer trips over in the first hour, through the built binary and a real `overseer serve`:
// options before the command, a missing manifest, a misspelled provider or waiver, a manifest
// without owners, a registry URL or file that is not one. Misspelled services, environments and branches at the gate
// and in listings are in first-hour-names.test.ts. The commands run in this process against a registry in it (test/e2e/in-process.ts);
// `serve` is spawned, as it would otherwise listen in the test's process if it started.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../e2e/cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';

let dir: string;
let registry: RegistryHere;
let env: Record<string, string>;
const cli = (args: string[], cwd?: string) => runCliHere(args, { env, ...(cwd && { cwd }) });

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-first-hour-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  for (const service of ['users-service', 'checkout-web']) {
    const published = await cli(['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0']);
    expect(published.code, published.stderr).toBe(0);
  }
  expect((await cli(['environment', 'create', 'production'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a flag in the wrong place', () => {
  it('says that options come after the command, naming it', async () => {
    const r = await cli(['--registry', registry.url, 'consumers', '--service', 'users-service']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: options come after the command: overseer consumers --registry ...');
  });

  // It was "unknown command --port: did you mean export?": a command name near an option's spelling.
  it('says that options come after a command where no command is given, guessing none', async () => {
    const r = await cli(['--port', '4020']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('error ERR_USAGE_INVALID: options come after the command: overseer COMMAND --port ...\nRun "overseer --help" for the commands.\n');
  });

  it('says which option lacks its value, and that a token needs --service or --ingest', async () => {
    expect((await cli(['consumers', '--service'])).stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: --service needs a value');
    const token = await cli(['token', 'create']);
    expect(token).toMatchObject({ code: 2, stdout: '' });
    expect(token.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: --service S (or --ingest) is required');
  });

  it('says what an environment or a version may be called, in words rather than the schema pattern', async () => {
    const r = await cli(['environment', 'create', 'prod 1']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_REQUEST_INVALID: invalid request: body/name must be letters, digits, ".", "_" and "-", starting with a letter or digit, like production\nRun "overseer explain ERR_REQUEST_INVALID" for what to do.\n',
    );
    expect((await cli(['environment', 'list'])).stdout).toBe('production\n');
    const version = await cli(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0 beta']);
    expect(version).toMatchObject({ code: 2, stdout: '' });
    expect(version.stderr).toBe(
      'error ERR_REQUEST_INVALID: invalid request: body/version must be one word, like a git SHA or 1.4.0: no spaces, "/", "\\", control, bidirectional or zero-width characters, and not "." or ".."\nRun "overseer explain ERR_REQUEST_INVALID" for what to do.\n',
    );
  });

  it('shows a registry URL written without its scheme as written, with the fix, and never its credentials', async () => {
    const bare = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: 'localhost:4010' } });
    expect(bare).toMatchObject({
      code: 2,
      stderr:
        'error ERR_REGISTRY_URL: the registry URL must start with http:// or https://, got "localhost:4010": did you mean http://localhost:4010?\nRun "overseer explain ERR_REGISTRY_URL" for what to do.\n',
    });
    const secret = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: 'ci:hunter2@127.0.0.1:4010' } });
    expect(secret.code).toBe(2);
    expect(secret.stderr).not.toContain('hunter2');
  });

  it('says that the registry URL is the root when it was given with the API prefix', async () => {
    const r = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: `${registry.url}/v1` } });
    expect(r).toMatchObject({
      code: 2,
      stderr:
        'error ERR_ROUTE_UNKNOWN: no route GET /v1/v1/environments: the registry URL is the root (https://host), without /v1\nRun "overseer explain ERR_ROUTE_UNKNOWN" for what to do.\n',
    });
  });

  it('takes no property of a plain object for a command', async () => {
    expect(await cli(['toString'])).toMatchObject({
      code: 2,
      stderr: 'error ERR_USAGE_INVALID: unknown command toString\nRun "overseer --help" for the commands.\n',
    });
  });
});

describe('a missing file', () => {
  it('says where the manifest was looked for and how to name another', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const r = await cli(['publish', '--version', '1.0.0'], empty);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `error ERR_MANIFEST_UNREADABLE: overseer.yaml: no such file in ${empty} (write the service's manifest there, or name it with --manifest FILE)\nRun "overseer explain ERR_MANIFEST_UNREADABLE" for what to do.\n`,
    );
  });

  it('says that the contract was named by the manifest', async () => {
    const service = join(dir, 'service');
    await mkdir(service, { recursive: true });
    await writeFile(join(service, 'overseer.yaml'), 'service: lost-service\nowners: ["@acme/x"]\nprovides: ./openapi.yml\n');
    const r = await cli(['check', '--against', 'production'], service);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `error ERR_CONTRACT_UNREADABLE: openapi.yml: no such file in ${service} (named by "provides" in overseer.yaml)\nRun "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n`,
    );
  });

  it('names the file of that folder a typo away, for a manifest, a contract and a diff side', async () => {
    const service = join(dir, 'typo-files');
    await mkdir(service, { recursive: true });
    await writeFile(join(service, 'overseer.yaml'), 'service: typo-files\nowners: ["@acme/x"]\nprovides: ./openapi.yml\n');
    await writeFile(join(service, 'openapi.yaml'), 'openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths: {}\n');
    const contract = await cli(['check', '--against', 'production'], service);
    expect(contract.stderr).toContain(`openapi.yml: no such file in ${service}: did you mean openapi.yaml? (named by "provides" in overseer.yaml)`);
    const manifest = await cli(['publish', '--version', '1.0.0', '--manifest', 'overseer.yml'], service);
    expect(manifest.stderr).toContain(`overseer.yml: no such file in ${service}: did you mean overseer.yaml? (write the service's manifest`);
    const diff = await cli(['diff', 'openapi.yml', 'openapi.yaml'], service);
    expect(diff.stderr).toContain('error ERR_CONTRACT_UNREADABLE: openapi.yml: no such file: did you mean openapi.yaml?');
    for (const r of [contract, manifest, diff]) expect(r).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('a misspelled provider under consumes', () => {
  it('is published as written, with a warning naming the nearest known service', async () => {
    const manifest = join(dir, 'typo.yaml');
    await writeFile(manifest, 'service: typo-web\nowners: ["@acme/web"]\nconsumes:\n  user-service:\n    - GET /users/{id}\n  users-service: "*"\n');
    const r = await cli(['publish', '--manifest', manifest, '--version', '1.0.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'published: typo-web 1.0.0 (no contract; uses user-service, users-service)\n' +
        'user-service and users-service are not deployed in production: can-i-deploy will refuse; ' +
        'see overseer can-i-deploy --service typo-web --version 1.0.0 --env production\n',
    );
    expect(r.stderr).toBe(
      `warning: ${manifest}: typo-web uses user-service, which the registry does not know: did you mean users-service? ` +
        'can-i-deploy refuses typo-web where user-service is not deployed\n',
    );
  });
});

describe('a manifest without owners', () => {
  it('is published, with a warning that says who is not told and what to add', async () => {
    const withSlack = join(dir, 'unowned.yaml');
    await writeFile(withSlack, 'service: unowned-web\nslack: "#web-alerts"\n');
    const r = await cli(['publish', '--manifest', withSlack, '--version', '1.0.0']);
    expect(r).toMatchObject({ code: 0, stdout: 'published: unowned-web 1.0.0 (no contract; uses no other service)\n' });
    expect(r.stderr).toBe(
      `warning: ${withSlack}: unowned-web names no owners: pull-request comments and Slack messages about its breaking changes ` +
        'mention nobody; add owners: ["@acme/team"] (GitHub users or teams)\n',
    );
    const bare = join(dir, 'unowned-bare.yaml');
    await writeFile(bare, 'service: unowned-api\nowners: []\n');
    const nowhere = await cli(['publish', '--manifest', bare, '--version', '1.0.0', '--format', 'json']);
    expect(nowhere.code, nowhere.stderr).toBe(0);
    expect(JSON.parse(nowhere.stdout)).toMatchObject({ status: 'created' });
    expect(nowhere.stderr).toBe(
      `warning: ${bare}: unowned-api names no owners: pull-request comments and Slack messages about its breaking changes mention nobody, ` +
        'and with no slack: channel its notifications (version.breaking, gate.refused, deprecation.ready) reach no Slack channel; ' +
        'add owners: ["@acme/team"] (GitHub users or teams) and slack: "#team-alerts"\n',
    );
  });
});

describe('a registry URL that leads to something else', () => {
  it('is no decision (exit 2) when a 200 answer is not a verdict, never DEPLOYABLE', async () => {
    // Another service behind OVERSEER_URL (a wrong port, a proxy's page) answering 200 with JSON of its own.
    for (const body of ['{"reasons":[]}', '{}', '']) {
      const other = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      try {
        const asked = await runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production'], {
          env: { OVERSEER_URL: url },
        });
        expect(asked, body).toMatchObject({
          code: 2,
          stdout: '',
          stderr: `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered POST /v1/can-i-deploy with something that is not a verdict: is it an Overseer registry? (--registry, OVERSEER_URL)\nRun "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n`,
        });
        const checked = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--format', 'json'], { env: { OVERSEER_URL: url } });
        expect(checked, body).toMatchObject({ code: 2, stdout: '' });
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    }
  });
});

describe('a registry file that cannot be opened', () => {
  it('names the file and the flag beside the reason SQLite gives, and exits 2', async () => {
    const notDatabase = join(dir, 'notes.txt');
    await writeFile(notDatabase, 'not a database, but long enough for SQLite to read its header and refuse it\n'.repeat(3));
    const r = await runCli(['serve', '--port', '0', '--db', notDatabase], { env });
    expect(r).toMatchObject({
      code: 2,
      stderr: `error ERR_DATABASE_UNREADABLE: cannot open the SQLite file ${notDatabase} (--db, OVERSEER_DB): file is not a database\nRun "overseer explain ERR_DATABASE_UNREADABLE" for what to do.\n`,
    });
    const folder = await runCli(['serve', '--port', '0', '--db', dir], { env });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(
      `error ERR_DATABASE_UNREADABLE: cannot open the SQLite file ${dir} (--db, OVERSEER_DB): it is a folder: name the database file in it\nRun "overseer explain ERR_DATABASE_UNREADABLE" for what to do.\n`,
    );
  });

  it('fails at once, naming the file, where its folder cannot hold files (/proc)', async () => {
    const r = await runCli(['serve', '--port', '0', '--db', '/proc/overseer.db'], { env });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_DATABASE_UNREADABLE: cannot open the SQLite file /proc/overseer.db (--db, OVERSEER_DB): cannot create the lock file beside it ' +
        '(its folder cannot hold files): choose a file in a writable folder\nRun "overseer explain ERR_DATABASE_UNREADABLE" for what to do.\n',
    });
  });
});

describe('a waiver that matches nothing', () => {
  it('names a rule id the engine never reports, and keeps the usual advice for a rule it does, after the change it most likely meant', async () => {
    const waivers = join(dir, 'waivers.yaml');
    const entry = (rule: string) => [`- rule: ${rule}`, '  operation: GET /users/{id}', '  reason: agreed', '  expires: 2999-12-31'];
    await writeFile(waivers, [...entry('response-optional-property-remove'), ...entry('api-path-removed-without-deprecation'), ''].join('\n'));
    const pair = ['examples/users-service/openapi.yaml', 'examples/users-service/openapi.v2.yaml'];
    const r = await cli(['diff', ...pair, '--waivers', waivers, '--fail-on', 'warning', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const unused = JSON.parse(r.stdout).notices.filter((n: { code: string }) => n.code === 'waiver-unused');
    expect(unused.map((n: { message: string; line: number }) => [n.line, n.message.split('matches no change: ')[1]])).toEqual([
      [
        1,
        'the nearest change is response-optional-property-removed on GET /users/{id} field email; ' +
          '"response-optional-property-remove" is not a rule overseer checks (docs/RULES.md lists them): correct it, or remove the waiver',
      ],
      [
        5,
        'the nearest change is response-optional-property-removed on GET /users/{id} field email; check its rule, operation, consumer and field, or remove it',
      ],
    ]);
  });
});

describe('a verdict in text', () => {
  it('states each fact once: a removed field a consumer reads, and the file:line of a waiver that matches nothing', async () => {
    expect((await cli(['environment', 'create', 'staging'])).code).toBe(0);
    for (const service of ['users-service', 'checkout-web']) {
      const recorded = await cli(['record-deployment', '--service', service, '--version', '1.0.0', '--env', 'staging']);
      expect(recorded.code, recorded.stderr).toBe(0);
    }
    const waivers = join(dir, 'unused-waiver.yaml');
    await writeFile(
      waivers,
      '- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  consumer: nobody-web\n  reason: agreed\n  expires: 2999-12-31\n',
    );
    const candidate = ['--manifest', 'examples/users-service/overseer.yaml', '--contract', 'examples/users-service/openapi.v2.yaml', '--against', 'staging'];
    const r = await cli(['check', ...candidate, '--waivers', waivers]);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NOT DEPLOYABLE: users-service candidate to staging (1 blocking reason)');
    expect(lines[1]).toMatch(
      /^ {2}x breaks-consumer: users-service candidate would break checkout-web 1\.0\.0: GET \/users\/\{id\}: response property `User\.email` was removed/,
    );
    expect(lines.slice(2)).toEqual([
      '      rule: response-optional-property-removed',
      '      declared at examples/checkout-web/overseer.yaml:9 in acme/checkout-web',
      `  notice: ${waivers}:1: the waiver of response-optional-property-removed on GET /users/{id} for nobody-web matches no change that breaks a consumer ` +
        '(judged against staging): no version of nobody-web was judged there; correct its consumer, or remove it',
    ]);
    // JSON keeps every reason the gate gave, for the scripts that read them.
    const json = await cli(['check', ...candidate, '--format', 'json']);
    expect(JSON.parse(json.stdout).reasons.map((reason: { code: string }) => reason.code)).toEqual(['breaks-consumer', 'field-missing']);
    // A miss that no change explains is still said: the consumer reads a field its deployed provider does not return.
    const published = await cli(['publish', ...candidate.slice(0, 4), '--version', '2.0.0']);
    expect(published.code, published.stderr).toBe(0);
    expect((await cli(['record-deployment', '--service', 'users-service', '--version', '2.0.0', '--env', 'staging'])).code).toBe(0);
    const consumer = await cli(['check', '--manifest', 'examples/checkout-web/overseer.yaml', '--against', 'staging']);
    expect(consumer.code).toBe(1);
    expect(consumer.stdout).toContain('  x field-missing: GET /users/{id} of users-service does not return `email`, which checkout-web reads\n');
  });
});

describe('an operation named by consumers and by usage', () => {
  it('reads METHOD /path in both, with the operationId beside it in consumers, and keeps the JSON field as declared', async () => {
    const manifest = join(dir, 'label-web.yaml');
    await writeFile(manifest, 'service: label-web\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - get /users/{userId}\n    - getUsr\n');
    expect((await cli(['publish', '--manifest', manifest, '--version', '1.0.0'])).code).toBe(0);
    const json = JSON.parse((await cli(['consumers', '--service', 'users-service', '--format', 'json'])).stdout);
    const listed = await cli(['consumers', '--service', 'users-service']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const lines = listed.stdout.split('\n');
    const at = lines.indexOf('  label-web 1.0.0');
    expect(lines.slice(at, at + 3)).toEqual([
      '  label-web 1.0.0',
      '    GET /users/{id} [getUser] (the whole operation)',
      `    getUsr (the whole operation; not in users-service ${json.namedBy})`,
    ]);
    expect(listed.stdout).toContain('  checkout-web 1.0.0\n    GET /users/{id} [getUser] (response: id, name, email)\n');
    const usage = await cli(['usage', '--service', 'users-service', '--as-provider']);
    expect(usage.stdout).toContain('  label-web\n    GET /users/{id}: declared, never observed\n');
    const checkout = json.consumers.find((c: { consumer: string }) => c.consumer === 'checkout-web');
    expect(checkout.uses).toEqual([{ operation: 'getUser', label: 'GET /users/{id}', operationId: 'getUser', response: ['id', 'name', 'email'], line: 9 }]);
  });
});

describe('a misspelled service name in a manifest', () => {
  it('is published as a new service, with a warning naming the service a typo away', async () => {
    const manifest = join(dir, 'label-webb.yaml');
    await writeFile(manifest, 'service: label-webb\nowners: ["@acme/web"]\n');
    const r = await cli(['publish', '--manifest', manifest, '--version', '1.0.0']);
    expect(r).toMatchObject({ code: 0, stdout: 'published: label-webb 1.0.0 (no contract; uses no other service)\n' });
    expect(r.stderr).toBe(
      `warning: ${manifest}: label-webb is a new service, a typo away from label-web: the consumers of label-web do not judge it; ` +
        'correct "service:" if label-web was meant\n',
    );
    // Published again, it is known: no warning.
    expect(await cli(['publish', '--manifest', manifest, '--version', '1.0.1'])).toMatchObject({ code: 0, stderr: '' });
  });
});
