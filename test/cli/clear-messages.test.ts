// What the CLI says where it used to say something untrue or unhelpful: a waiver's bad date read as a missing one,
// version advice naming a consumer nobody broke, a republished branch called "unchanged", and a wrong registry URL
// failing as a TypeError in a listing. The CLI and the registry run in the test's process (test/e2e/in-process.ts).

import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from '../e2e/cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';

const POLICY = join(REPO_ROOT, 'test/fixtures/policy');
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-clear-messages-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a waiver whose expires is present but wrong', () => {
  it.each([
    ['2027-02-30', 'expires "2027-02-30" is not a day of the calendar: February 2027 has 28 days'],
    ['2027-1-5', 'expires "2027-1-5" must be written with two-digit month and day: 2027-01-05'],
  ])('%s: says what is wrong with the value, not that the key is missing', async (expires, message) => {
    const file = join(dir, `waivers-${expires}.yaml`);
    await writeFile(file, `- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  reason: agreed\n  expires: ${expires}\n`);
    const r = await runCliHere(['diff', 'base.yaml', 'revision.yaml', '--waivers', file], { cwd: POLICY });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`${file}:4: ${message}\n`);
    expect(r.stderr).not.toContain('expires is required');
  });
});

describe('version advice judged against consumers', () => {
  const consumers = ['--service', 'users-service', '--consumers', 'consumers/*.yaml'];

  it('does not say a change breaks a consumer when none of those given uses it', async () => {
    // revision.yaml drops the optional `nickname`, which checkout-web (reading id and name) and billing do not read.
    const r = await runCliHere(['diff', 'base.yaml', 'revision.yaml', ...consumers], { cwd: POLICY });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'the changes need a major bump (2 breaking changes and 1 change that would break a consumer using what changed, though none of the consumers given uses it)',
    );
    expect(r.stdout).not.toContain('1 change that breaks a consumer using what changed');
  });

  it('help says --fail-on still decides the version finding with consumers, as the run does', async () => {
    const help = await runCliHere(['diff', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'with --consumers a change blocks when it breaks one of them, and the level applies only to api-version-bump-too-small',
    );
    // Both breaking changes break a consumer; the version finding (a warning) blocks only once --fail-on reaches it.
    const blocking = async (failOn: string) => {
      const r = await runCliHere(['diff', 'base.yaml', 'revision.yaml', ...consumers, '--fail-on', failOn, '--format', 'json'], { cwd: POLICY });
      return JSON.parse(r.stdout).summary.blocking;
    };
    expect(await blocking('breaking')).toBe(2);
    expect(await blocking('warning')).toBe(3);
  });
});

describe('publishing a version again', () => {
  let registry: RegistryHere;
  beforeAll(async () => {
    registry = await startRegistryHere(join(dir, 'registry.db'));
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });

  it('says a new --branch was added, and "unchanged" only when nothing was', async () => {
    const publish = (branch: string) =>
      runCliHere(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--branch', branch], {
        env: { OVERSEER_URL: registry.url },
      });
    expect((await publish('main')).stdout).toMatch(/^published: users-service 1\.0\.0 /);
    const added = await publish('release-1');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^branch release-1 added \(already published with this content\): users-service 1\.0\.0 /);
    expect((await publish('release-1')).stdout).toMatch(/^unchanged \(already published with this content\): users-service 1\.0\.0 /);
  });

  it('says the service description was updated when only the manifest changed, not "unchanged"', async () => {
    const folder = join(dir, 'hosts');
    await mkdir(folder, { recursive: true });
    const manifest = await readFile('examples/users-service/overseer.yaml', 'utf8');
    await copyFile('examples/users-service/openapi.yaml', join(folder, 'openapi.yaml'));
    await writeFile(join(folder, 'overseer.yaml'), manifest);
    const publish = () => runCliHere(['publish', '--manifest', join(folder, 'overseer.yaml'), '--version', '4.0.0'], { env: { OVERSEER_URL: registry.url } });
    expect((await publish()).stdout).toMatch(/^published: users-service 4\.0\.0 /);
    await writeFile(join(folder, 'overseer.yaml'), `${manifest}hosts: [users.internal]\n`);
    const described = await publish();
    expect(described).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^service description updated \(already published with this content\): users-service 4\.0\.0 /),
    });
    const stored = await (await fetch(`${registry.url}/v1/services/users-service`)).json();
    expect(stored.hosts).toEqual(['users.internal']);
    expect((await publish()).stdout).toMatch(/^unchanged \(already published with this content\): users-service 4\.0\.0 /);
  });

  it('says which commit an unchanged version keeps when published again from another', async () => {
    const publish = (commit: string) =>
      runCliHere(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '3.0.0', '--commit', commit], {
        env: { OVERSEER_URL: registry.url },
      });
    const first = await publish('aaaaaaaaaaaa1111111111111111111111111111');
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^published: users-service 3\.0\.0 /) });
    expect(first.stderr).not.toContain('keeps it');
    const again = await publish('bbbbbbbbbbbb2222222222222222222222222222');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/^unchanged \(already published with this content\): users-service 3\.0\.0 /) });
    expect(again.stderr).toContain(
      'warning: users-service 3.0.0 was published from commit aaaaaaaaaaaa and keeps it: what Overseer says of this version (commit statuses, links) names that commit, not bbbbbbbbbbbb; publish a version per commit (--version "$GITHUB_SHA") to tell them apart\n',
    );
    expect((await publish('aaaaaaaaaaaa1111111111111111111111111111')).stderr).not.toContain('keeps it');
  });
});

describe('a registry URL that leads to another service', () => {
  it('fails a listing naming the URL and the request, not with a TypeError', async () => {
    const other = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const r = await runCliHere(['environment', 'list'], { env: { OVERSEER_URL: url } });
      expect(r).toMatchObject({
        code: 2,
        stdout: '',
        stderr: `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered GET /v1/environments with something that is not a list of environments: is it an Overseer registry? (--registry, OVERSEER_URL)\nRun "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n`,
      });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('a verdict about another question', () => {
  it("is no decision (exit 2) naming both questions, never the other answer's DEPLOYABLE", async () => {
    // A cache in front of the registry keyed on the path alone hands every POST the first answer it stored.
    const verdict = { service: 'users-service', version: '1.0.0', environment: 'staging', decision: 'deployable', reasons: [] };
    const cache = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verdict)));
    await new Promise<void>((resolve) => cache.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(cache.address() as AddressInfo).port}`;
    try {
      const ask = runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production'], { env: { OVERSEER_URL: url } });
      expect(await ask).toMatchObject({
        code: 2,
        stdout: '',
        stderr: `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered POST /v1/can-i-deploy about users-service 1.0.0 in staging, not about the question asked (users-service 2.0.0 in production): is a cache or proxy in front of it answering another request? (--registry, OVERSEER_URL)\nRun "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n`,
      });
    } finally {
      await new Promise((resolve) => cache.close(resolve));
    }
  });
});
