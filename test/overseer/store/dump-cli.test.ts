// `overseer export` and `overseer import` as a user runs them: files, modes, exit codes and messages.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../../cli/io.js';
import { run } from '../../../cli/main.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { runCli } from '../../e2e/cli-process.js';
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
    expect(out).toBe('exported 39 records from the SQLite file registry.db to backup.jsonl\n');
    expect((await stat(join(dir, 'backup.jsonl'))).mode & 0o777).toBe(0o600);
    const url = await cluster().createDatabase();
    expect(await overseer('import', 'backup.jsonl', '--database-url', url)).toBe(0);
    expect(out).toMatch(
      /^imported 4 services, 4 contracts, 8 versions, 2 environments, 8 deployments, 3 verdicts, 3 tokens, 1 webhook, 4 notifications, 2 observed calls into the PostgreSQL database postgres(ql)?:\/\/.+ \(exported .+Z\)\n$/,
    );
    const target = await openPostgresStore(url);
    try {
      expect(await readEverything(target)).toEqual(expected);
    } finally {
      await target.close();
    }

    expect(await overseer('import', 'backup.jsonl', '--database-url', url)).toBe(2);
    expect(err).toMatch(
      /^error ERR_DUMP_TARGET_NOT_EMPTY: the PostgreSQL database postgresql:\/\/.+ already holds a registry: import into a new database or file/,
    );
    expect(await overseer('export', '--db', 'registry.db')).toBe(0);
    expect(out.trimEnd().split('\n')).toHaveLength(42);
  });

  it('explains its options, and exits 2 on bad usage and corrupted dumps', async () => {
    expect(await overseer('export', '--help')).toBe(0);
    for (const option of ['--db FILE', '--database-url URL', '--out FILE', '--help']) expect(out).toContain(option);
    expect(await overseer('import', '--help')).toBe(0);
    for (const option of ['--db FILE', '--database-url URL', '--help']) expect(out).toContain(option);

    expect(await overseer('export')).toBe(2);
    expect(err).toBe(
      'error ERR_DATABASE_MISSING: no SQLite file at data/overseer.db (the default of --db and OVERSEER_DB)\nRun "overseer explain ERR_DATABASE_MISSING" for what to do.\n',
    );
    expect(await overseer('export', '--db', 'missing.db')).toBe(2);
    expect(err).toBe('error ERR_DATABASE_MISSING: no SQLite file at missing.db (--db)\nRun "overseer explain ERR_DATABASE_MISSING" for what to do.\n');
    expect(await overseer('import', '--db', 'x.db')).toBe(2);
    expect(await overseer('import', 'nothing.jsonl', '--db', 'x.db')).toBe(2);
    expect(err).toContain('cannot read the dump nothing.jsonl: no such file in ');

    const source = openSqliteStore(join(dir, 'registry.db'));
    await seedRegistry(source);
    await source.close();
    await overseer('export', '--db', 'registry.db', '--out', 'backup.jsonl');
    const text = await readFile(join(dir, 'backup.jsonl'), 'utf8');
    await writeFile(join(dir, 'corrupted.jsonl'), text.replace(USERS_V1.canonical.replaceAll('"', '\\"'), USERS_V3.canonical.replaceAll('"', '\\"')));
    expect(await overseer('import', 'corrupted.jsonl', '--db', 'restored.db')).toBe(2);
    expect(err).toMatch(
      /^error ERR_DUMP_INVALID: corrupted.jsonl: line 42: the dump's lines do not give the SHA-256 its checksum line holds: a byte changed since "overseer export" wrote it \(a damaged disk or copy, or an edit\) \(the first line that reads wrong: line \d+ \(contract [0-9a-f]{12}\): the SHA-256 of its canonical JSON is [0-9a-f]{64}, not its hash/,
    );
    // 2.0.0's text replaced by 1.0.0's: exit 2, nothing created.
    const swapped = text
      .split('\n')
      .map((l) => (l.includes(`"hash":"${USERS_V3.hash}"`) ? JSON.stringify({ ...JSON.parse(l), text: USERS_V1.text }) : l))
      .join('\n');
    await writeFile(join(dir, 'swapped.jsonl'), swapped);
    expect(await overseer('import', 'swapped.jsonl', '--db', 'restored.db')).toBe(2);
    expect(err).toMatch(
      /^error ERR_DUMP_INVALID: swapped.jsonl: line 42: the dump's lines do not give the SHA-256 .* \(the first line that reads wrong: line \d+ \(contract [0-9a-f]{12}\): its text parses to a contract whose SHA-256 is [0-9a-f]{64}, not its hash/,
    );
    await expect(stat(join(dir, 'restored.db'))).rejects.toThrow();
    expect(await overseer('import', 'backup.jsonl', '--db', 'a.db', '--database-url', 'postgres://nowhere')).toBe(2);
    expect(err).toContain('not both');
  });
  it('reads and writes the database serve would open when no flag names one, and says which', async () => {
    // A real process in the registry's working folder, as an operator runs a backup next to `overseer serve`.
    await mkdir(join(dir, 'data'));
    const served = openSqliteStore(join(dir, 'data', 'overseer.db'));
    await seedRegistry(served);
    await served.close();
    const backup = await runCli(['export', '--out', 'backup.jsonl'], { cwd: dir });
    expect(backup).toMatchObject({ code: 0, stderr: '', stdout: 'exported 39 records from the SQLite file data/overseer.db to backup.jsonl\n' });
    const piped = await runCli(['export'], { cwd: dir });
    expect(piped.code).toBe(0);
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(42);
    expect(piped.stderr).toBe('exported 39 records from the SQLite file data/overseer.db\n');

    const restored = join(dir, 'restored');
    await mkdir(restored);
    const imported = await runCli(['import', join(dir, 'backup.jsonl')], { cwd: restored, env: { OVERSEER_DB: 'registry/restored.db' } });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ 4 notifications, 2 observed calls into the SQLite file registry\/restored\.db \(exported .+Z\)\n$/);
    const target = openSqliteStore(join(restored, 'registry', 'restored.db'));
    try {
      expect((await target.listServices()).length).toBe(4);
    } finally {
      await target.close();
    }
  });
});
