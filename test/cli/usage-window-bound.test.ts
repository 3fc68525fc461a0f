// OVERSEER_USAGE_WINDOW_DAYS set very large ("keep every call") reached a date no Date holds: overseer serve failed to
// start with ERR_INTERNAL "Invalid time value", which named neither the setting nor a fix. It is now refused as
// configuration, with the bound, and a window of a hundred years still starts.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-window-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('overseer serve with a usage window past what a date holds', () => {
  it('exits 2 naming the setting and its bound', async () => {
    const env = { OVERSEER_USAGE_WINDOW_DAYS: '999999999', OVERSEER_LOG_LEVEL: 'silent' };
    const served = await runCliHere(['serve', '--port', '0', '--db', join(dir, 'registry.db')], { env });
    expect([served.code, served.stdout, served.stderr.split('\n')[0]]).toEqual([
      2,
      '',
      'error ERR_CONFIG_INVALID: OVERSEER_USAGE_WINDOW_DAYS must be at most 36500, got "999999999"',
    ]);
  });
});
