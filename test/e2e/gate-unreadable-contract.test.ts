// A contract stored by the registry that no longer parses (written by hand into the database, or by an older release that
// accepted it) leaves the gate with nothing to judge against: it must not answer yes, and it must name whose contract it
// is, since the hash alone sends an operator searching the database. Against a registry in the test's process, on SQLite.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';
import { publishFolder } from './service-folder.js';

let dir: string;
let registry: RegistryHere | undefined;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry!.url, OVERSEER_RETRY_MS: '0' } });

const users = (title: string) => ({
  openapi: '3.0.3',
  info: { title, version: '1' },
  paths: { '/users': { get: { responses: { '200': { description: 'ok' } } } } },
});

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-gate-unreadable-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a deployed version whose stored contract no longer parses', () => {
  it('gets no yes, and the answer names the service and version whose contract cannot be read', async () => {
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    for (const [service, version, parts] of [
      ['users', '1.0.0', { contract: users('users one') }],
      ['web', '1.0.0', { consumes: '  users:\n    - GET /users' }],
      ['users', '2.0.0', { contract: users('users two') }],
    ] as const) {
      expect((await publishFolder(cli, dir, service, version, parts)).code).toBe(0);
    }
    for (const service of ['users', 'web'])
      expect((await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).code).toBe(0);

    // Restarted on a database whose copy of users 1.0.0's contract is cut short: the workers have no parsed copy.
    await registry!.stop();
    const db = new Database(join(dir, 'registry.db'));
    db.prepare(
      `UPDATE contracts SET text = '{"openapi": "3.0.3", "info"' WHERE hash = (SELECT contract_hash FROM versions WHERE version = '1.0.0' AND contract_hash IS NOT NULL)`,
    ).run();
    db.close();
    registry = await startRegistryHere(join(dir, 'registry.db'));

    const asked = await cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production');
    expect(asked.code).toBe(2);
    expect(asked.stderr, asked.stderr).toMatch(/the contract stored for users 1\.0\.0 \(sha256 [0-9a-f]{12}\): cannot be read/);
    expect(asked.stderr).toContain('not valid JSON');
  });
});
