// The backup commands' flags as a busy engineer types them: `--output`, the name most tools use, for export's `--out`;
// and last night's backup named again as tonight's, or the database itself named as the dump.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import { runCliHere } from '../e2e/in-process.js';

describe('overseer export --output', () => {
  it('exits 2 naming --out, and writes nothing', async () => {
    const r = await runCliHere(['export', '--db', 'data/none.db', '--output', 'backup.jsonl']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^error ERR_USAGE_INVALID: unknown option --output: did you mean --out\?\n/) });
  });
});

describe('overseer export --out FILE where FILE exists', () => {
  let dir: string;
  const cli = (...args: string[]) => runCliHere(args, { cwd: dir });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-backup-flags-'));
    const store = openSqliteStore(join(dir, 'registry.db'));
    await store.createEnvironment('production');
    await store.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses to replace it without --force, leaving it as it was, and replaces it with --force', async () => {
    await writeFile(join(dir, 'backup.jsonl'), 'last night\n');
    expect(await cli('export', '--db', 'registry.db', '--out', 'backup.jsonl')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_DUMP_EXISTS: backup.jsonl exists already: give --force to replace it, or name another file\nRun "overseer explain ERR_DUMP_EXISTS" for what to do.\n',
    });
    expect(await readFile(join(dir, 'backup.jsonl'), 'utf8')).toBe('last night\n');

    expect(await cli('export', '--db', 'registry.db', '--out', 'backup.jsonl', '--force')).toEqual({
      code: 0,
      stdout: 'exported 1 record from the SQLite file registry.db to backup.jsonl (replaced)\n',
      stderr: '',
    });
    expect(await readFile(join(dir, 'backup.jsonl'), 'utf8')).toContain('"kind":"environment"');
  });

  it('never writes the dump over the database it reads, even with --force', async () => {
    const before = await readFile(join(dir, 'registry.db'));
    for (const force of [[], ['--force']])
      expect(await cli('export', '--db', 'registry.db', '--out', './registry.db', ...force)).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'error ERR_DUMP_UNWRITABLE: cannot write ./registry.db: it is the database being exported (--db): name another file\nRun "overseer explain ERR_DUMP_UNWRITABLE" for what to do.\n',
      });
    expect(await readFile(join(dir, 'registry.db'))).toEqual(before);
  });
});
