// A misspelt OVERSEER_* variable (OVERSEER_SLACK_TOKN, OVERSEER_VERDICT_RETENTION_DAY) was ignored without a word: the
// setting it meant kept its default. OVERSEER_ADMIN_TOKN left the registry open, writes needing no token. `overseer
// serve` now names each at start, and refuses the admin token's. Run in this process as a user runs the command.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SETTINGS } from '../../overseer/settings.js';
import { BIN, REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';
import { waitUntil } from '../helpers/webhook-receiver.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-settings-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `overseer serve` with `env` (beside the test's own, OVERSEER_* taken out) until it listens: its log's messages. */
async function serveLog(env: Record<string, string>): Promise<string[]> {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OVERSEER_')));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', path.join(dir, 'b.db')], {
    env: { ...own, OVERSEER_PUBLIC_URL: 'https://overseer.example.com', OVERSEER_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    // The settings' warnings are written as it starts listening, before the lines that follow the start line.
    await waitUntil(
      () => output.includes('running open'),
      30_000,
      () => `the start log: ${output}`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
  return output
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: string }).msg ?? ''));
}

describe('overseer serve with an OVERSEER_* variable it does not read', () => {
  it('refuses a misspelt admin token, which would have left the registry open', async () => {
    const r = await runCliHere(['serve', '--port', '0', '--db', path.join(dir, 'a.db')], {
      env: { OVERSEER_ADMIN_TOKN: 'abcdefabcdefabcdefabcdefabcdef12' },
    });
    expect(r).toMatchObject({
      code: 2,
      stderr:
        'error ERR_CONFIG_INVALID: OVERSEER_ADMIN_TOKN is set, not OVERSEER_ADMIN_TOKEN: the registry would run open, writes needing no ' +
        'token; rename it OVERSEER_ADMIN_TOKEN\nRun "overseer explain ERR_CONFIG_INVALID" for what to do.\n',
    });
  });

  it('warns of each other one at start, naming the setting meant', async () => {
    const log = await serveLog({ OVERSEER_SLACK_TOKN: 'xoxb-1', OVERSEER_VERDICT_RETENTION_DAY: '5', OVERSEER_SHINY: '1', OVERSEER_URL: 'http://x' });
    expect(log.filter((msg) => msg.includes('is not a setting'))).toEqual([
      "OVERSEER_SHINY is not a setting Overseer reads, so it is ignored (README's Configuration lists every setting)",
      "OVERSEER_SLACK_TOKN is not a setting Overseer reads, so it is ignored: did you mean OVERSEER_SLACK_TOKEN? (README's Configuration lists every setting)",
      "OVERSEER_VERDICT_RETENTION_DAY is not a setting Overseer reads, so it is ignored: did you mean OVERSEER_VERDICT_RETENTION_DAYS? (README's Configuration lists every setting)",
    ]);
  }, 60_000);
});

describe('the settings the registry knows', () => {
  it("are README's Configuration table's, every one", async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Configuration\n/m)[1]?.split(/^## /m)[0] ?? '';
    const listed = [...section.matchAll(/^\| `(OVERSEER_[A-Z0-9_]+)`/gm)].map((m) => m[1]).sort();
    expect([...KNOWN_SETTINGS].sort()).toEqual(listed);
  });
});
