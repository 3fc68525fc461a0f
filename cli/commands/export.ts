// `overseer export`: every record of a registry's database as JSON lines, to move it or back it up.

import { existsSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '../../overseer/store/store.js';
import { parseCommandArgs } from '../args.js';
import { describeCount } from '../counted.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { describeBytes, type Progress, startProgress } from '../progress.js';
import { rejectPositionals } from './registry-options.js';

/** The flags that name a registry's database, shared with `overseer import`. */
export const DATABASE_FLAGS = {
  db: { type: 'string' },
  'database-url': { type: 'string' },
} as const;

export const DATABASE_HELP = `  --db FILE                the registry's SQLite file (env OVERSEER_DB; default data/overseer.db)
  --database-url URL       the registry's PostgreSQL database, postgres://... (env OVERSEER_DATABASE_URL)`;

const HELP = `Usage: overseer export [--db FILE | --database-url URL] [--out FILE [--force]]

Writes every record of a registry as JSON lines, read from one consistent snapshot: services,
versions with their branches and declarations, contracts with their SHA-256 hashes, environments,
deployments with their whole history, verdicts, tokens (their hashes only), webhooks, the
notification outbox and the calls seen in traces. The dump moves a registry between SQLite and PostgreSQL ("overseer import"),
or backs it up. Export while the registry runs: it does not stop writers. With neither flag it
reads the database "overseer serve" would open (OVERSEER_DATABASE_URL, OVERSEER_DB, or
data/overseer.db), and says which one it read.

Keep the dump as private as the database: webhooks carry the secrets their payloads are signed with.
With OVERSEER_DUMP_KEY set (at least 32 characters: openssl rand -hex 32), the dump's last line also
carries the HMAC-SHA-256 of its lines under that key, which "overseer import" checks when given the
same key: an edit, even one that computes the SHA-256 again, is refused.

Options:
${DATABASE_HELP}
  --out FILE               write the dump to FILE (default: standard output); FILE appears only
                           once the dump is complete, and an existing FILE is refused
  --force                  replace FILE when it exists; it is kept as it was until the new dump is
                           complete, and a failed export leaves it untouched
  -h, --help               show this help

Exit codes: 0 written, 2 failed (bad usage, database missing or unreachable, FILE exists without
--force, file not writable).

Examples:
  overseer export --db data/overseer.db --out backup.jsonl
  overseer export --database-url postgres://overseer@db/overseer > backup.jsonl
`;

/** The operator's key (OVERSEER_DUMP_KEY) that signs a dump on export and must have signed it on import; unset: none. */
export function readDumpKey(env: Io['env'], minLength: number): string | undefined {
  const key = env.OVERSEER_DUMP_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < minLength) {
    throw new UsageError(`OVERSEER_DUMP_KEY must be at least ${minLength} characters (openssl rand -hex 32), not ${key.length}`);
  }
  return key;
}

interface DatabaseValues {
  db?: string;
  'database-url'?: string;
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A registry's database, opened, and how to name it to the user (a PostgreSQL URL without its password). */
export interface OpenedDatabase {
  store: Store;
  shown: string;
  /** The SQLite file's absolute path; absent for PostgreSQL. */
  file?: string;
}

/**
 * Opens the registry the flags name, else the one `overseer serve` would open (OVERSEER_DATABASE_URL, OVERSEER_DB, then
 * the default file), so that a backup reads the registry the server writes; `mustExist` refuses to create a new SQLite file.
 */
export async function openDatabase(values: DatabaseValues, io: Io, options: { mustExist: boolean }): Promise<OpenedDatabase> {
  if (values.db !== undefined && values['database-url'] !== undefined) throw new UsageError('give --db or --database-url, not both');
  const url = values['database-url'] ?? (values.db === undefined ? io.env.OVERSEER_DATABASE_URL || undefined : undefined);
  const { DEFAULT_DB, describeDatabase } = await import('../../overseer/config.js');
  if (url !== undefined) {
    const shown = `the PostgreSQL database ${describeUrl(url, describeDatabase)}`;
    const { openPostgresStore } = await import('../../overseer/store/postgres/index.js');
    const store = await openPostgresStore(url).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'ERR_STORE_SCHEMA') throw error;
      throw new CommandError('ERR_DATABASE_UNREACHABLE', `cannot open ${shown}: ${describeFailure(error)}`);
    });
    return { store, shown };
  }
  const file = values.db ?? (io.env.OVERSEER_DB || DEFAULT_DB);
  if (file === '') throw new UsageError('name the registry database: --db FILE or --database-url URL');
  const resolved = path.resolve(io.cwd, file);
  const flag = values.db !== undefined ? '--db' : io.env.OVERSEER_DB ? 'OVERSEER_DB' : 'the default of --db and OVERSEER_DB';
  if (options.mustExist && !existsSync(resolved)) throw new CommandError('ERR_DATABASE_MISSING', `no SQLite file at ${file} (${flag})`);
  const cannotOpen = (reason: string) => new CommandError('ERR_DATABASE_UNREADABLE', `cannot open the SQLite file ${file} (${flag}): ${reason}`);
  if (existsSync(resolved) && statSync(resolved).isDirectory()) throw cannotOpen('it is a folder: name the database file in it');
  // As serve does: the default file's folder may not exist yet on a fresh machine.
  if (!options.mustExist)
    await mkdir(path.dirname(resolved), { recursive: true }).catch((error: unknown) => Promise.reject(cannotOpen(describeFailure(error))));
  // Loaded on demand: commands that never touch a database never load the driver.
  const { openSqliteStore } = await import('../../overseer/store/sqlite/index.js');
  try {
    return { store: openSqliteStore(resolved), shown: `the SQLite file ${file}`, file: resolved };
  } catch (error) {
    // SQLite's own words ("file is not a database") name neither the file nor the flag; a newer schema says so itself.
    if ((error as { code?: unknown }).code === 'ERR_STORE_SCHEMA') throw error;
    throw cannotOpen(describeFailure(error));
  }
}

// A URL that does not parse is shown as "(unparsable URL)": its text may hold a password.
function describeUrl(url: string, describe: (config: { db: string; databaseUrl: string }) => string): string {
  try {
    return describe({ db: '', databaseUrl: url });
  } catch {
    return '(unparsable URL)';
  }
}

// Node's words name the hidden `.partial` file and a system call; the user named FILE, and wants to know what to change.
function unwritable(file: string, error: unknown): CommandError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EISDIR'
      ? 'it is a folder: name a file in it'
      : code === 'ENOENT' || code === 'ENOTDIR'
        ? `no folder ${path.dirname(file)} to write it in`
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : describeFailure(error);
  return new CommandError('ERR_DUMP_UNWRITABLE', `cannot write ${file}: ${reason}`);
}

// Written beside the target and renamed when complete, so a failed export leaves no half dump under the name; nor does
// an interrupted one leave the half dump beside it.
async function writeFile(lines: AsyncIterable<string>, file: string, shown: string, io: Io): Promise<number> {
  const partial = `${file}.partial`;
  // Owner-only, like the secrets inside it.
  const handle = await open(partial, 'w', 0o600).catch((error: unknown) => Promise.reject(unwritable(shown, error)));
  const release = io.onInterrupt?.(() => {
    rmSync(partial, { force: true });
    return `export interrupted: ${shown} was not written`;
  });
  const write = (text: string) => handle.write(text).catch((error: unknown) => Promise.reject(unwritable(shown, error)));
  let count = 0;
  let buffer = '';
  try {
    for await (const line of lines) {
      count += 1;
      buffer += `${line}\n`;
      // Written in batches of about a megabyte: one system call per line would dominate a large export.
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = '';
      }
    }
    await write(buffer);
    await handle.close();
    await rename(partial, file).catch((error: unknown) => Promise.reject(unwritable(shown, error)));
    return count;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    release?.();
  }
}

/**
 * Whether the dump replaces a file, refused without `force`: last night's backup named again by a script would be lost
 * without a word. The database itself is never replaced: a dump written over it would leave no registry to restore.
 */
function checkTarget(target: string, shown: string, options: { force: boolean; database?: string }): boolean {
  if (!existsSync(target)) return false;
  // A folder is said as the write would say it.
  if (statSync(target).isDirectory()) throw unwritable(shown, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  if (options.database !== undefined && isSameFile(target, options.database))
    throw new CommandError('ERR_DUMP_UNWRITABLE', `cannot write ${shown}: it is the database being exported (--db): name another file`);
  if (!options.force) throw new CommandError('ERR_DUMP_EXISTS', `${shown} exists already: give --force to replace it, or name another file`);
  return true;
}

function isSameFile(a: string, b: string): boolean {
  const [first, second] = [statSync(a), statSync(b)];
  return first.dev === second.dev && first.ino === second.ino;
}

// The header, end and checksum lines are no records.
const DUMP_FRAME_LINES = 3;

// The lines as they are, with how many were read so far for `progress`.
async function* counted(lines: AsyncIterable<string>, progress: Progress, shown: string): AsyncIterable<string> {
  let count = 0;
  let bytes = 0;
  for await (const line of lines) {
    count += 1;
    bytes += line.length + 1;
    // The end and checksum lines follow the last record (exportStore writes them so): the count stops there.
    const records = Math.max(0, count - 1) - (line.startsWith('{"kind":"end"') ? 1 : line.startsWith('{"kind":"checksum"') ? 2 : 0);
    progress.tick(() => `export: ${describeCount(records, 'record', { grouped: true })} read from ${shown}, ${describeBytes(bytes)}`);
    yield line;
  }
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DATABASE_FLAGS, out: { type: 'string' }, force: { type: 'boolean' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  // `overseer export backup.jsonl` means --out; `overseer export registry.db` means --db.
  const database = /\.(db|sqlite3?)$/i.test(positionals[0] ?? '');
  rejectPositionals(
    positionals,
    [database ? 'db' : 'out'].filter((flag) => values[flag as 'db' | 'out'] === undefined),
  );
  if (values.force && values.out === undefined) throw new UsageError('--force replaces the file --out names: give --out FILE with it');
  const { store, shown, file } = await openDatabase(values, io, { mustExist: true });
  let replaced = false;
  try {
    if (values.out !== undefined) replaced = checkTarget(path.resolve(io.cwd, values.out), values.out, { force: values.force === true, database: file });
  } catch (error) {
    await store.close();
    throw error;
  }
  const progress = startProgress(io);
  try {
    const { exportStore, MIN_DUMP_KEY_LENGTH } = await import('../../overseer/store/dump.js');
    const key = readDumpKey(io.env, MIN_DUMP_KEY_LENGTH);
    const signed = key === undefined ? '' : ', signed with OVERSEER_DUMP_KEY';
    const records = counted(exportStore(store, { key }), progress, shown);
    if (values.out === undefined) {
      let lines = 0;
      for await (const line of records) {
        lines += 1;
        io.stdout(`${line}\n`);
      }
      progress.end();
      // The dump fills standard output: which registry it came from goes beside it, on standard error.
      io.stderr(`exported ${describeCount(lines - DUMP_FRAME_LINES, 'record')} from ${shown}${signed}\n`);
      return EXIT.safe;
    }
    const lines = await writeFile(records, path.resolve(io.cwd, values.out), values.out, io);
    progress.end();
    io.stdout(`exported ${describeCount(lines - DUMP_FRAME_LINES, 'record')} from ${shown} to ${values.out}${replaced ? ' (replaced)' : ''}${signed}\n`);
    return EXIT.safe;
  } finally {
    progress.end();
    await store.close();
  }
}
