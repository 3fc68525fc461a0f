// A dump no `overseer export` writes, given to `overseer import`: a line with no end. The command names the line and
// the bound and exits 2, where readline gathered the whole line and a large enough one ended it with a stack trace.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

describe('overseer import of a hostile dump', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-hostile-dump-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a line longer than any record export writes, naming the line and the bound, and creates no database', async () => {
    const header = JSON.stringify({ kind: 'overseer-dump', format: 5, exportedAt: '2026-12-05T18:12:28.878Z' });
    // With contracts of at most 1 KiB, no line of a real dump reaches 1 MiB and 8 KiB.
    await writeFile(join(dir, 'dump.jsonl'), `${header}\n${'x'.repeat(2 * 1024 * 1024)}`);
    const done = await runCliHere(['import', 'dump.jsonl', '--db', 'restored.db', '--allow-old-format'], {
      cwd: dir,
      env: { OVERSEER_MAX_CONTRACT_BYTES: '1024' },
    });
    expect(done.code).toBe(2);
    expect(done.stderr).toContain('line 2 is longer than 1,056,768 characters: no record "overseer export" writes is');
    expect(done.stderr).not.toContain('    at ');
    expect(existsSync(join(dir, 'restored.db'))).toBe(false);
  });
});
