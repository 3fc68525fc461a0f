// What the CLI says when it is pointed at the wrong thing: a file that is not there or is a folder, a file of another
// kind where a dump or a database belongs, a stale token, a registry URL that leads to another web server, a slip of the
// hand. Each said in words that name the file or the URL and what to do, never an errno code, SQLite's bare words or
// "HTTP 404"; always exit 2. The backups' registry.db is the one later tests export.

import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere, startRegistryHere } from '../e2e/in-process.js';

let dir: string;
const cli = (...args: string[]) => runCliHere(args, { cwd: dir, env: { OVERSEER_RETRY_MS: '0' } });
const failed = (stderr: string) => ({ code: 2, stdout: '', stderr });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-wrong-inputs-'));
  await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), join(dir, 'openapi.yaml'));
  await mkdir(join(dir, 'folder'));
  await writeFile(join(dir, 'overseer.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./folder\n');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a file that is not there, or is a folder', () => {
  it('diff names the contract and says what is wrong with it', async () => {
    expect(await cli('diff', 'openapi.base.yaml', 'openapi.yaml')).toMatchObject(
      failed(`error ERR_CONTRACT_UNREADABLE: openapi.base.yaml: no such file\nRun "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n`),
    );
    expect(await cli('diff', 'folder', 'openapi.yaml')).toMatchObject(
      failed(`error ERR_CONTRACT_UNREADABLE: folder: is a folder, not a file\nRun "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n`),
    );
  });

  it('diff says where a waivers or severity file was looked for, as the user named it', async () => {
    const waivers = await cli('diff', 'openapi.yaml', 'openapi.yaml', '--waivers', 'waivers.yaml');
    expect(waivers).toMatchObject(
      failed(`error ERR_POLICY_UNREADABLE: waivers.yaml: no such file in ${dir}\nRun "overseer explain ERR_POLICY_UNREADABLE" for what to do.\n`),
    );
    const severity = await cli('diff', 'openapi.yaml', 'openapi.yaml', '--severity-levels', 'folder');
    expect(severity).toMatchObject(
      failed('error ERR_POLICY_UNREADABLE: folder: is a folder, not a file\nRun "overseer explain ERR_POLICY_UNREADABLE" for what to do.\n'),
    );
  });

  it('publish says that the folder was named by the manifest', async () => {
    const r = await runCliHere(['publish', '--version', '1.0.0'], { cwd: dir, env: { OVERSEER_URL: 'http://127.0.0.1:9', OVERSEER_RETRY_MS: '0' } });
    expect(r).toMatchObject(
      failed(
        'error ERR_CONTRACT_UNREADABLE: folder: is a folder, not a file (named by "provides" in overseer.yaml)\nRun "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n',
      ),
    );
  });

  it('observe names the trace file', async () => {
    expect(await cli('observe', '--traces', 'traces.json')).toMatchObject(
      failed('error ERR_TRACES_UNREADABLE: traces.json: no such file\nRun "overseer explain ERR_TRACES_UNREADABLE" for what to do.\n'),
    );
    expect(await cli('observe', '--traces', 'folder')).toMatchObject(
      failed('error ERR_TRACES_UNREADABLE: folder: is a folder, not a file\nRun "overseer explain ERR_TRACES_UNREADABLE" for what to do.\n'),
    );
  });

  it('observe names the --contract a missing or bad contract was given with, as the user wrote it', async () => {
    await writeFile(join(dir, 'spans.json'), '{"resourceSpans": []}');
    expect(await cli('observe', '--traces', 'spans.json', '--contract', 'users-service=users.yaml')).toMatchObject(
      failed(
        'error ERR_CONTRACT_UNREADABLE: users.yaml: no such file (named by --contract users-service=users.yaml)\nRun "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n',
      ),
    );
    const bad = await cli('observe', '--traces', 'spans.json', '--contract', 'users-service=overseer.yaml');
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(
      /^error ERR_CONTRACT_NOT_OPENAPI: overseer\.yaml.*\(named by --contract users-service=overseer\.yaml\)\nRun "overseer explain ERR_CONTRACT_NOT_OPENAPI" for what to do\.\n$/s,
    );
  });
});

describe('backups: a dump or a database that is not one', () => {
  it('import names the dump that is missing or a folder, and says what a dump is when given another file', async () => {
    expect(await cli('import', 'backup.jsonl', '--db', 'restored.db')).toMatchObject(
      failed(
        `error ERR_DUMP_UNREADABLE: cannot read the dump backup.jsonl: no such file in ${dir}\nRun "overseer explain ERR_DUMP_UNREADABLE" for what to do.\n`,
      ),
    );
    expect(await cli('import', 'folder', '--db', 'restored.db')).toMatchObject(
      failed('error ERR_DUMP_UNREADABLE: cannot read the dump folder: is a folder, not a file\nRun "overseer explain ERR_DUMP_UNREADABLE" for what to do.\n'),
    );
    const contract = await cli('import', 'openapi.yaml', '--db', 'restored.db');
    expect(contract.code).toBe(2);
    expect(contract.stderr).toMatch(
      /^error ERR_DUMP_INVALID: openapi.yaml: line 1: not an Overseer dump \(one JSON object a line, as "overseer export" writes\): it is not JSON \(/,
    );
  });

  it('export and import name the database that cannot be opened, and which one already holds a registry', async () => {
    expect(await cli('export', '--db', 'folder')).toMatchObject(
      failed(
        'error ERR_DATABASE_UNREADABLE: cannot open the SQLite file folder (--db): it is a folder: name the database file in it\nRun "overseer explain ERR_DATABASE_UNREADABLE" for what to do.\n',
      ),
    );
    expect(await cli('export', '--db', 'openapi.yaml')).toMatchObject(
      failed(
        'error ERR_DATABASE_UNREADABLE: cannot open the SQLite file openapi.yaml (--db): file is not a database\nRun "overseer explain ERR_DATABASE_UNREADABLE" for what to do.\n',
      ),
    );
    const registry = await startRegistryHere(join(dir, 'registry.db'));
    try {
      const env = { OVERSEER_URL: registry.url };
      expect((await runCliHere(['environment', 'create', 'production'], { env })).code).toBe(0);
    } finally {
      await registry.stop();
    }
    expect((await cli('export', '--db', 'registry.db', '--out', 'backup.jsonl')).code).toBe(0);
    expect((await cli('import', 'backup.jsonl', '--db', 'restored.db')).code).toBe(0);
    expect(await cli('import', 'backup.jsonl', '--db', 'restored.db')).toMatchObject(
      failed(
        'error ERR_DUMP_TARGET_NOT_EMPTY: the SQLite file restored.db already holds a registry: import into a new database or file (--db, --database-url)\nRun "overseer explain ERR_DUMP_TARGET_NOT_EMPTY" for what to do.\n',
      ),
    );
  });

  it('import names the dump whose copy was cut short in the middle of a line, and says so', async () => {
    expect((await cli('export', '--db', 'registry.db', '--out', 'whole.jsonl')).code).toBe(0);
    const whole = await readFile(join(dir, 'whole.jsonl'), 'utf8');
    await writeFile(join(dir, 'cut.jsonl'), whole.slice(0, whole.lastIndexOf('"kind":"end"') + 8));
    const cut = await cli('import', 'cut.jsonl', '--db', 'from-cut.db');
    expect(cut).toMatchObject({ code: 2, stdout: '' });
    expect(cut.stderr).toMatch(
      /^error ERR_DUMP_INVALID: cut.jsonl: line \d+: not JSON \(.+\): the file ends in the middle of a line: it was cut short \(an interrupted copy\?\); export it again\nRun "overseer explain ERR_DUMP_INVALID" for what to do\.\n$/,
    );
  });
});

describe('a slip of the hand', () => {
  it('export names what is wrong with where the dump was to go', async () => {
    expect((await cli('export', '--db', 'registry.db', '--out', 'folder')).stderr).toBe(
      'error ERR_DUMP_UNWRITABLE: cannot write folder: it is a folder: name a file in it\nRun "overseer explain ERR_DUMP_UNWRITABLE" for what to do.\n',
    );
    expect((await cli('export', '--db', 'registry.db', '--out', 'backups/today.jsonl')).stderr).toBe(
      'error ERR_DUMP_UNWRITABLE: cannot write backups/today.jsonl: no folder backups to write it in\nRun "overseer explain ERR_DUMP_UNWRITABLE" for what to do.\n',
    );
  });

  it('"-" at a terminal is refused at once, rather than waiting for a contract typed by hand', async () => {
    const r = await runCliHere(['diff', '-', 'openapi.yaml'], { cwd: dir, stdinIsTTY: true });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: "-" reads the contract from standard input, which is this terminal: pipe one in (git show main:openapi.yaml | overseer diff - openapi.yaml)',
    );
  });

  it('a value that starts with a dash, and a misspelt action, are answered with the fix', async () => {
    expect((await cli('notifications', '--limit', '-1')).stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: --limit is followed by "-1", which reads as an option: write --limit=-1 if that is its value',
    );
    expect(await cli('environment', 'creat', 'production')).toMatchObject({ code: 2, stdout: '' });
    expect((await cli('environment', 'creat', 'production')).stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: unknown environment action "creat": did you mean create? (create, list or show)',
    );
    expect((await cli('token', 'crate', '--ingest')).stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: unknown token action "crate": did you mean create? (create, list or revoke)',
    );
  });

  it('a deployment of a version never published names the published one it writes otherwise, or the newest and how to publish it', async () => {
    const registry = await startRegistryHere(join(dir, 'versions.db'));
    try {
      const env = { OVERSEER_URL: registry.url };
      const published = await runCliHere(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'], { env });
      expect(published.code, published.stderr).toBe(0);
      expect((await runCliHere(['environment', 'create', 'production'], { env })).code).toBe(0);
      const record = (version: string) => runCliHere(['record-deployment', '--service', 'users-service', '--version', version, '--env', 'production'], { env });
      // 1.0.1 is one edit from 1.0.0 but another release, likely not published yet: recording 1.0.0 instead would be wrong.
      const unpublished = (version: string) =>
        `error ERR_VERSION_UNKNOWN: users-service ${version} is not published (the newest published is 1.0.0): publish it first (overseer publish --version ${version})\nRun "overseer explain ERR_VERSION_UNKNOWN" for what to do.\n`;
      expect(await record('1.0.1')).toMatchObject(failed(unpublished('1.0.1')));
      expect(await record('abc123')).toMatchObject(failed(unpublished('abc123')));
      // v1.0.0 and 1.0 name 1.0.0 in other words: a typo, said as can-i-deploy says it.
      expect(await record('v1.0.0')).toMatchObject(
        failed(
          'error ERR_VERSION_UNKNOWN: users-service v1.0.0 is not published: did you mean --version 1.0.0?\nRun "overseer explain ERR_VERSION_UNKNOWN" for what to do.\n',
        ),
      );
      const asked = await runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '1.0.1', '--to', 'production'], { env });
      expect(asked.stdout).toContain('users-service 1.0.1 is not published (the newest published is 1.0.0): publish it before asking');
    } finally {
      await registry.stop();
    }
  });

  it('a token the registry does not know is named by where it came from', async () => {
    const registry = await startRegistryHere(join(dir, 'tokens.db'), { OVERSEER_ADMIN_TOKEN: 'an-admin-token-of-some-length' });
    try {
      const fromEnv = await runCliHere(['environment', 'create', 'staging'], { env: { OVERSEER_URL: registry.url, OVERSEER_TOKEN: 'stale' } });
      expect(fromEnv).toMatchObject(
        failed(
          'error ERR_TOKEN_REJECTED: the token is not known to this registry (the token in OVERSEER_TOKEN): check it, or ask an admin for one (overseer token create)\nRun "overseer explain ERR_TOKEN_REJECTED" for what to do.\n',
        ),
      );
      const fromFlag = await runCliHere(['environment', 'create', 'staging', '--token', 'stale'], { env: { OVERSEER_URL: registry.url } });
      expect(fromFlag.stderr).toContain('(the token given with --token)');
    } finally {
      await registry.stop();
    }
  });
});

describe('a registry URL that leads to another web server', () => {
  let server: Server;
  let url: string;
  // A development server on the port the user meant for the registry: a page for GET, a gateway error for the rest.
  beforeAll(async () => {
    server = createServer((request, response) => {
      const status = request.method === 'GET' ? 404 : 502;
      response.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body>${status}</body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const asked = (method: string, path: string, status: number) =>
    `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered ${method} ${path} with HTTP ${status} and no Overseer error: ` +
    `is it an Overseer registry${status >= 500 ? ', and is it running' : ''}? (--registry, OVERSEER_URL)\nRun "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n`;

  it.each([
    [['environment', 'list'], 'GET', '/v1/environments', 404],
    [['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production'], 'POST', '/v1/can-i-deploy', 502],
    [['notifications', '--status', 'failed'], 'GET', '/v1/notifications', 404],
    [['diff', 'registry:users-service@production', 'openapi.yaml'], 'GET', '/v1/services/users-service', 404],
  ])('%j names the URL and the request', async (args, method, path, status) => {
    const r = await runCliHere(args as string[], { cwd: dir, env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' } });
    expect(r).toMatchObject(failed(asked(method as string, path as string, status as number)));
  });

  // A gateway error to a write may also be a proxy's that passed it on: both readings are named, and it is not resent.
  it('["notifications","--retry","7"] names the URL and the request, and that the write may have been done', async () => {
    const r = await runCliHere(['notifications', '--retry', '7'], { cwd: dir, env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' } });
    expect(r).toMatchObject(
      failed(
        `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered POST /v1/notifications/7/retry with HTTP 502 and no Overseer error, which is not sent again: ` +
          'a proxy in front of the registry may have passed it on, and the registry may have done it; look at the notification (GET /v1/notifications/7, overseer notifications): it may be due or being sent now. ' +
          'If the URL leads elsewhere: is it an Overseer registry, and is it running? (--registry, OVERSEER_URL)\nRun "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n',
      ),
    );
  });
});
