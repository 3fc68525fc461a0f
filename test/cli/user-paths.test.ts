// What a new user runs into: diff from standard input and from the registry, typos answered with a suggestion,
// validation problems said once in words, publish's formats and conflicts, a real `overseer serve` logging one line
// per request, and example manifests any YAML parser reads. The commands run through the CLI's run() in the test's
// process (test/e2e/in-process.ts): the same words and exit codes bin.ts prints, without a node start and an engine
// load each. The built binary still answers what only it shows: standard input read from a pipe, and the version
// (it reads the package.json beside dist/).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { assertBuilt, BIN, REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

const USERS = path.join(REPO_ROOT, 'examples/users-service');

const overseer = (args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) =>
  runCliHere(args, { env: { NO_COLOR: '1', ...options.env }, ...(options.cwd && { cwd: options.cwd }) });

function overseerProcess(args: string[], options: { input?: string; stdinFrom?: string } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
  // `stdinFrom` is the shell's `< path`: the child's standard input is that file, folder or device itself.
  const fd = options.stdinFrom === undefined ? undefined : openSync(options.stdinFrom, 'r');
  try {
    const stdio = fd === undefined ? undefined : ([fd, 'pipe', 'pipe'] as const);
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      ...(stdio ? { stdio: [...stdio] } : { input: options.input ?? '' }),
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let dir: string;
let serve: ChildProcess;
let serveOutput = '';
let registryUrl: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-user-'));
  serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', path.join(dir, 'registry.db')], {
    env: { PATH: process.env.PATH ?? '', OVERSEER_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  registryUrl = await new Promise<string>((resolve, reject) => {
    serve.stdout!.on('data', (chunk: Buffer) => {
      serveOutput += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(serveOutput);
      if (match) resolve(match[1]);
    });
    serve.stderr!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()));
    serve.on('exit', (code) => reject(new Error(`overseer serve exited with ${code}:\n${serveOutput}`)));
  });
  const env = { OVERSEER_URL: registryUrl };
  expect((await overseer(['publish', '--version', '1.0.0', '--manifest', 'examples/users-service/overseer.yaml'], { env })).code).toBe(0);
  expect((await overseer(['environment', 'create', 'production'], { env })).code).toBe(0);
  expect((await overseer(['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'], { env })).code).toBe(0);
}, 60_000);

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('overseer diff sources', () => {
  it('reads BASE from standard input with "-"', () => {
    const base = spawnSync('cat', [path.join(USERS, 'openapi.yaml')], { encoding: 'utf8' }).stdout;
    const r = overseerProcess(['diff', '-', 'examples/users-service/openapi.v2.yaml', '--format', 'json', '--fail-on', 'warning'], { input: base });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).changes.map((c: { id: string }) => c.id)).toContain('response-optional-property-removed');
  });

  it('names a folder redirected to standard input as a folder, not an empty file', () => {
    const r = overseerProcess(['diff', '-', 'examples/users-service/openapi.yaml'], { stdinFrom: USERS });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error ERR_CONTRACT_UNREADABLE: stdin: is a folder, not a file: redirect the contract file itself (< api/openapi.yaml)',
    );
  });

  // Read to its end before the size was checked, an endless input never ended the command.
  it('refuses an endless standard input at the size limit', () => {
    const r = overseerProcess(['diff', '-', 'examples/users-service/openapi.yaml', '--max-size', '1'], { stdinFrom: '/dev/zero' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^error ERR_CONTRACT_TOO_LARGE: stdin: the document is 1\.\d MB, over the limit of 1\.0 MB \(--max-size raises it\)$/,
    );
  });

  it('compares the working copy with the version deployed in an environment, or a published version', async () => {
    const env = { OVERSEER_URL: registryUrl };
    const deployed = await overseer(['diff', 'registry:users-service@production', 'examples/users-service/openapi.v2.yaml', '--fail-on', 'warning'], { env });
    expect(deployed.code, deployed.stderr).toBe(1);
    expect(deployed.stdout).toMatch(/response-optional-property-removed/);
    expect(deployed.stdout).toContain('users-service@production (1.0.0)');
    const same = await overseer(['diff', 'registry:users-service@1.0.0', 'examples/users-service/openapi.yaml'], { env });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('No changes.');
    const missing = await overseer(['diff', 'registry:users-service@9.9.9', 'examples/users-service/openapi.yaml'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/9\.9\.9/);
  });

  it('names a misspelled service or environment in a registry: source instead of calling it undeployed or unknown', async () => {
    const env = { OVERSEER_URL: registryUrl };
    const service = await overseer(['diff', 'registry:user-service@production', 'examples/users-service/openapi.yaml'], { env });
    expect(service.code).toBe(2);
    expect(service.stderr).toContain('registry:user-service@production: no service is named user-service: did you mean users-service?');
    const environment = await overseer(['diff', 'registry:users-service@prodution', 'examples/users-service/openapi.yaml'], { env });
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain(': did you mean the environment registry:users-service@production?');
  });
});

describe('typos', () => {
  it.each([
    [['diff', 'a.yaml', 'b.yaml', '--formt', 'json'], 'error ERR_USAGE_INVALID: unknown option --formt: did you mean --format?'],
    [['dif', 'a.yaml', 'b.yaml'], 'error ERR_USAGE_INVALID: unknown command dif: did you mean diff?'],
    [
      ['deploy', '--service', 'a'],
      'error ERR_USAGE_INVALID: unknown command deploy: Overseer does not deploy; ask before deploying with can-i-deploy, and say it is done with record-deployment',
    ],
    [['undeploy'], 'error ERR_USAGE_INVALID: unknown command undeploy: to say a version stopped running in an environment, use record-undeployment'],
    [['can-i-deploy', '--servce', 'a'], 'error ERR_USAGE_INVALID: unknown option --servce: did you mean --service?'],
    [
      ['can-i-deploy', '--service', 'a', '--version', '1', '--to', 'production', '--to', 'staging'],
      'error ERR_USAGE_INVALID: --to was given twice ("production", then "staging"): give it once',
    ],
    [
      ['diff', 'a.yaml', 'b.yaml', '--format=json', '--format', 'text'],
      'error ERR_USAGE_INVALID: --format was given twice ("json", then "text"): give it once',
    ],
    [['check', '--branch', ''], 'error ERR_USAGE_INVALID: --branch was given an empty value: give it a value, or leave it out'],
    [['can-i-deploy', '--service', 'a', '--version', '1', '--to='], 'error ERR_USAGE_INVALID: --to was given an empty value: give it a value, or leave it out'],
  ])('%j', async (args, message) => {
    const r = await runCliHere(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).not.toMatch(/positional/);
  });

  it('lists version in --help, and answers both forms', async () => {
    const version = JSON.parse(spawnSync('cat', [path.join(REPO_ROOT, 'package.json')], { encoding: 'utf8' }).stdout).version;
    expect((await runCliHere(['--help'])).stdout).toMatch(/^ {2}version +print the version \(also --version, -v\)$/m);
    expect(overseerProcess(['version']).stdout).toBe(`${version}\n`);
    expect(overseerProcess(['--version']).stdout).toBe(`${version}\n`);
  });
});

describe('validation problems', () => {
  it('are said once, in words, for one extra key, even when a file is diffed against itself', async () => {
    const file = path.join(dir, 'extra-key.yaml');
    const contract = (await readFile(path.join(USERS, 'openapi.yaml'), 'utf8')).replace(
      /\n {6}parameters:\n {8}- name: (\w+)\n/,
      '\n      parameters:\n        - name: $1\n          bogus: 1\n',
    );
    expect(contract).toContain('bogus: 1');
    await writeFile(file, contract);
    const r = await overseer(['diff', file, file]);
    const notices = r.stdout.split('\n').filter((l) => l.includes('contract-invalid'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/parameter "\w+": has a key the specification does not allow: "bogus"/);
    expect(r.stdout).not.toMatch(/oneOf|\$ref/);
  });
});

describe('publish', () => {
  it('takes only the formats its help lists', async () => {
    expect((await runCliHere(['publish', '--help'])).stdout).toContain('--format FORMAT          text | json');
    const r = await overseer(['publish', '--version', '2', '--manifest', 'examples/users-service/overseer.yaml', '--format', 'markdown'], {
      env: { OVERSEER_URL: registryUrl },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of text, json, got "markdown"/);
  });

  it('says what differs when a version is republished with another contract, and suggests a new version', async () => {
    const work = path.join(dir, 'republish');
    await rm(work, { recursive: true, force: true });
    spawnSync('cp', ['-r', USERS, work]);
    await writeFile(path.join(work, 'openapi.yaml'), await readFile(path.join(USERS, 'openapi.v2.yaml')));
    const r = await overseer(['publish', '--version', '1.0.0'], { cwd: work, env: { OVERSEER_URL: registryUrl } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already published with other contract \(published: sha256 [0-9a-f]{12}; now: sha256 [0-9a-f]{12}\)/);
    expect(r.stderr).toMatch(/publish this as a new version/);
  });
});

describe('a manifest whose provides is an absolute path', () => {
  it('reads the contract at that path, not under the manifest folder', async () => {
    const work = await mkdtemp(path.join(dir, 'absolute-'));
    const manifest = path.join(work, 'overseer.yaml');
    await writeFile(manifest, `service: users-service\nowners: ["@acme/identity"]\nprovides: ${path.join(USERS, 'openapi.yaml')}\n`);
    const r = await overseer(['check', '--manifest', manifest, '--against', 'production'], { env: { OVERSEER_URL: registryUrl } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DEPLOYABLE/);
  });
});

describe('overseer serve logs', () => {
  it('one JSON line per request at info with method, path, status and time, and the start line among them', async () => {
    const read = () =>
      serveOutput
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Publishing a new service reads the service list too (to name a service a typo away): count this request's line.
    const before = read().filter((r) => r.path === '/v1/services').length;
    await fetch(`${registryUrl}/v1/services?limit=5`);
    await expect.poll(() => read().filter((r) => r.path === '/v1/services').length).toBe(before + 1);
    const records = read();
    expect(records.find((r) => String(r.msg).startsWith('overseer registry listening on'))).toMatchObject({ level: 30 });
    const forRequest = records.filter((r) => r.path === '/v1/services').slice(before);
    expect(forRequest).toHaveLength(1);
    expect(forRequest[0]).toMatchObject({ level: 30, method: 'GET', status: 200, ms: expect.any(Number) });
    expect(records.some((r) => r.msg === 'incoming request' || r.msg === 'request completed')).toBe(false);
  });
});

describe('overseer serve at start', () => {
  it('says where to point a browser for the dashboard', () => {
    expect(serveOutput).toContain(`; dashboard at ${registryUrl}/"`);
  });

  it('a port already taken fails with ERR_PORT_IN_USE alone, without the warnings of a registry that runs', () => {
    const port = new URL(registryUrl).port;
    const r = overseerProcess(['serve', '--port', port, '--db', path.join(dir, 'second.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ERR_PORT_IN_USE: 127.0.0.1:${port} is already in use: stop the other process or choose --port`);
    expect(r.stdout).toBe('');
  });

  it("says when no Slack or GitHub channel is configured, so the manifests' slack: channels will hear nothing", async () => {
    const records = serveOutput
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => String(r.msg).startsWith('notifications:'))).toMatchObject({
      level: 30,
      msg:
        'notifications: no Slack or GitHub channel is configured (OVERSEER_SLACK_TOKEN, OVERSEER_SLACK_WEBHOOKS, OVERSEER_GITHUB_TOKEN): ' +
        "only webhooks registered with POST /v1/webhooks are sent; the manifests' slack: channels get nothing",
    });
  });
});

describe('example manifests', () => {
  it('read the same with js-yaml and the yaml package', async () => {
    const files = await glob('examples/**/*.yaml', { cwd: REPO_ROOT });
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = await readFile(path.join(REPO_ROOT, file), 'utf8');
      expect(parseYaml(text), file).toEqual(jsYaml.load(text));
    }
  });
});
