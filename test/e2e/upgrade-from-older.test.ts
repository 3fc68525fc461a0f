// A registry written by an older release (store migration 17, dump format 5; test/fixtures/upgrade/README.md says how),
// opened in place and restored from its dump by this one: every answer the user saw must be the same or better.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from './cli-process.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/upgrade/', import.meta.url));
const OLD_FILE = join(FIXTURES, 'migration17-registry.sql');
const OLD_DUMP = join(FIXTURES, 'format5-dump.jsonl');
const ADMIN = 'admin-token-of-some-length-0123456789';
// A service token the older release issued: it kept only the token's SHA-256.
const USERS_CI2 = 'ovs_egRYpKvSlvKDnunMwocq0oKYyLKWSbNSjMH35bYcQO0';
const OBSERVED = 'GET /users/{id}: declared, observed 1x, last 2026-12-06T18:41:32.000Z';

let dir: string;
let registry: RunningRegistry | undefined;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-upgrade-'));
});
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The registry on `db` asked what its users asked the older one; the window keeps the fixture's call counted for good. */
async function ask(db: string) {
  registry = await startRegistry(db, { OVERSEER_ADMIN_TOKEN: ADMIN, OVERSEER_USAGE_WINDOW_DAYS: '36500' });
  const env = { OVERSEER_URL: registry.url, OVERSEER_TOKEN: ADMIN };
  const canIDeploy = (version: string, to: string) => runCli(['can-i-deploy', '--service', 'users-service', '--version', version, '--to', to], { env });
  return {
    blocked: await canIDeploy('2.0.0', 'production'),
    waived: await canIDeploy('2.0.1', 'production'),
    staging: await canIDeploy('2.0.0', 'staging'),
    usage: await runCli(['usage', '--service', 'checkout-web'], { env }),
    tokens: await runCli(['token', 'list'], { env }),
    publishedWithOldToken: await runCli(
      ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.2.0'],
      { env: { ...env, OVERSEER_TOKEN: USERS_CI2 } },
    ),
  };
}

function expectTheOldAnswers(answers: Awaited<ReturnType<typeof ask>>): void {
  expect(answers.blocked.code).toBe(1);
  expect(answers.blocked.stdout).toContain('NOT DEPLOYABLE: users-service 2.0.0 to production (1 blocking reason)');
  expect(answers.blocked.stdout).toContain('would break checkout-web 1.0.0: GET /users/{id}: response property `User.email` was removed');
  expect(answers.waived.code).toBe(0);
  expect(answers.waived.stdout).toContain('DEPLOYABLE: users-service 2.0.1 to production (1 change waived)');
  // Staging runs users-service 1.1.0, deployed there after 1.0.0.
  expect(answers.staging.stdout).toContain('It is not deprecated in users-service 1.1.0');
  expect(answers.tokens.stdout.split('\n').map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual(
    expect.arrayContaining(['collector - ingest', 'users-ci users-service service', 'users-ci2 users-service service']),
  );
  expect(answers.publishedWithOldToken).toMatchObject({ code: 0, stdout: expect.stringContaining('published: users-service 1.2.0') });
}

describe('a registry written by an older Overseer', () => {
  it('opens its SQLite file in place and answers as it did: verdicts, waivers, observed calls, hashed tokens', async () => {
    const db = join(dir, 'registry.db');
    const file = new Database(db);
    file.exec(await readFile(OLD_FILE, 'utf8'));
    file.close();
    const answers = await ask(db);
    expectTheOldAnswers(answers);
    expect(answers.usage.stdout).toContain(OBSERVED);
  });

  it('restores its format 5 dump once told it is old, warning that such a dump carries no observed calls and no checksum', async () => {
    const db = join(dir, 'restored.db');
    const refused = await runCli(['import', OLD_DUMP, '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_DUMP_OLD_FORMAT');
    expect(refused.stderr).toContain('imported only with --allow-old-format');
    await expect(stat(db)).rejects.toMatchObject({ code: 'ENOENT' });
    const imported = await runCli(['import', OLD_DUMP, '--db', db, '--allow-old-format']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'imported 4 services, 6 contracts, 8 versions, 2 environments, 9 deployments, 11 verdicts, 3 tokens, 1 webhook, 1 notification, 0 observed calls',
    );
    expect(imported.stderr).toContain('warning: a format 5 dump carries no observed calls (dumps hold them from format 6)');
    expect(imported.stderr).toContain('warning: a format 5 dump has no checksum (dumps carry one from format 7)');
    const answers = await ask(db);
    expectTheOldAnswers(answers);
    expect(answers.usage.stdout).toContain('GET /users/{id}: declared, never observed');
  });

  it('refuses its dump once a contract was altered, and writes no file', async () => {
    const lines = (await readFile(OLD_DUMP, 'utf8')).split('\n');
    const contract = JSON.parse(lines[5]) as { text: string; canonical: string };
    lines[5] = JSON.stringify({ ...contract, text: contract.text.replace('Invoices orders', 'Invoices no orders') });
    const tampered = join(dir, 'tampered.jsonl');
    await writeFile(tampered, lines.join('\n'));
    const db = join(dir, 'restored.db');
    const imported = await runCli(['import', tampered, '--db', db, '--allow-old-format']);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(/^error ERR_DUMP_INVALID: .*tampered\.jsonl: line 6 \(contract 05ddd310eb5a\): /);
    await expect(stat(db)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
