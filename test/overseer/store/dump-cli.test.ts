// `overseer export` and `overseer import` as a user runs them: files, modes, exit codes and messages.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../../cli/io.js';
import { run } from '../../../cli/main.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { readEverything, seedRegistry, USERS_V1, USERS_V3 } from './dump-seed.js';

const cluster = usePostgres();

describe('overseer export and overseer import', () => {
  let dir: string;
  let out: string;
  let err: string;
  const io = (): Io => ({ stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd: dir, isTTY: false });
  const overseer = async (...argv: string[]) => {
    [out, err] = ['', ''];
    return run(argv, io());
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-dump-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exports a SQLite registry to a file and imports it into PostgreSQL', async () => {
    const source = openSqliteStore(join(dir, 'registry.db'));
    await seedRegistry(source);
    const expected = await readEverything(source);
    await source.close();

    expect(await overseer('export', '--db', 'registry.db', '--out', 'backup.jsonl')).toBe(0);
    expect(out).toBe('exported 37 records to backup.jsonl\n');
    expect((await stat(join(dir, 'backup.jsonl'))).mode & 0o777).toBe(0o600);
    const url = await cluster().createDatabase();
    expect(await overseer('import', 'backup.jsonl', '--database-url', url)).toBe(0);
    expect(out).toMatch(
      /^imported 4 services, 4 contracts, 8 versions, 2 environments, 8 deployments, 3 verdicts, 3 tokens, 1 webhook, 4 notifications \(exported .+Z\)\n$/,
    );
    const target = await openPostgresStore(url);
    try {
      expect(await readEverything(target)).toEqual(expected);
    } finally {
      await target.close();
    }

    expect(await overseer('import', 'backup.jsonl', '--database-url', url)).toBe(2);
    expect(err).toContain('the target store is not empty');
    expect(await overseer('export', '--db', 'registry.db')).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(39);
  });

  it('explains its options, and exits 2 on bad usage and corrupted dumps', async () => {
    expect(await overseer('export', '--help')).toBe(0);
    for (const option of ['--db FILE', '--database-url URL', '--out FILE', '--help']) expect(out).toContain(option);
    expect(await overseer('import', '--help')).toBe(0);
    for (const option of ['--db FILE', '--database-url URL', '--help']) expect(out).toContain(option);

    expect(await overseer('export')).toBe(2);
    expect(err).toContain('--db FILE or --database-url URL');
    expect(await overseer('export', '--db', 'missing.db')).toBe(2);
    expect(err).toContain('no SQLite file at missing.db');
    expect(await overseer('import', '--db', 'x.db')).toBe(2);
    expect(await overseer('import', 'nothing.jsonl', '--db', 'x.db')).toBe(2);
    expect(err).toContain('cannot read nothing.jsonl');

    const source = openSqliteStore(join(dir, 'registry.db'));
    await seedRegistry(source);
    await source.close();
    await overseer('export', '--db', 'registry.db', '--out', 'backup.jsonl');
    const text = await readFile(join(dir, 'backup.jsonl'), 'utf8');
    await writeFile(join(dir, 'corrupted.jsonl'), text.replace(USERS_V1.canonical.replaceAll('"', '\\"'), USERS_V3.canonical.replaceAll('"', '\\"')));
    expect(await overseer('import', 'corrupted.jsonl', '--db', 'restored.db')).toBe(2);
    expect(err).toMatch(/^error: line \d+ \(contract [0-9a-f]{12}\): the SHA-256 of its canonical JSON is [0-9a-f]{64}, not its hash/);
    // 2.0.0's text replaced by 1.0.0's: exit 2, nothing created.
    const swapped = text
      .split('\n')
      .map((l) => (l.includes(`"hash":"${USERS_V3.hash}"`) ? JSON.stringify({ ...JSON.parse(l), text: USERS_V1.text }) : l))
      .join('\n');
    await writeFile(join(dir, 'swapped.jsonl'), swapped);
    expect(await overseer('import', 'swapped.jsonl', '--db', 'restored.db')).toBe(2);
    expect(err).toMatch(/^error: line \d+ \(contract [0-9a-f]{12}\): its text parses to a contract whose SHA-256 is [0-9a-f]{64}, not its hash/);
    await expect(stat(join(dir, 'restored.db'))).rejects.toThrow();
    expect(await overseer('import', 'backup.jsonl', '--db', 'a.db', '--database-url', 'postgres://nowhere')).toBe(2);
    expect(err).toContain('not both');
  });
});
