// `overseer import FILE`: a dump written by `overseer export`, checked whole, then written into an empty registry.

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeReadFailure } from '../../contracts/index.js';
import { parseCommandArgs } from '../args.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { describeBytes, describeShare, type Progress, startProgress } from '../progress.js';
import { DATABASE_FLAGS, DATABASE_HELP, openDatabase, readDumpKey } from './export.js';

const HELP = `Usage: overseer import FILE [--db FILE | --database-url URL] [--allow-old-format]

Reads a dump written by "overseer export" and writes it into an empty registry, keeping every id
and time, in one transaction. The file is read twice and never held in memory: the first reading
checks it whole, the second writes its records in batches (a failure midway undoes them all; a file
changed between the two readings is refused). Before anything is written, every record is checked: each contract's
text parsed again (within OVERSEER_MAX_CONTRACT_BYTES, as on publish) and its canonical JSON and
SHA-256 recomputed, which must be the ones stored; every reference between records (a version's
contract, declarations' and deployments' versions, tokens' services, notifications' verdicts);
the counts on the dump's end line (a dump cut short is refused); and, from dump format 7, the
SHA-256 of every line above its last (a byte changed anywhere is refused). A token without a
service is imported as an admin token only when its line says "admin": true (export writes it; for
a dump of format 1, add it by hand to each admin token's line). A dump of a format older than the
one this Overseer writes is refused unless --allow-old-format is given: a newer dump edited to name
an older format, its checksum line taken out, would read as one. Dumps of formats 1 to 5 carry no
observed calls (format 6 added them), of formats 1 to 6 no checksum, and of formats 1 to 7 no revoked
tokens (format 8 keeps them): a warning says each. With
OVERSEER_DUMP_KEY set, the dump must carry the signature "overseer export" made with the same key
(ERR_DUMP_SIGNATURE otherwise); without it, a signed dump's signature goes unchecked, and a warning
says so. A check that fails names the line and the record, and nothing is written. A registry that already holds anything is refused, and so is the
SQLite file of a registry that is running (stop it first). Past two seconds, how far each reading got
goes to standard error every two seconds. With neither
flag it writes into the database "overseer serve" would open (OVERSEER_DATABASE_URL, OVERSEER_DB, or
data/overseer.db), and says which one.

Options:
${DATABASE_HELP.replace('SQLite file (env', 'SQLite file, created if missing (env')}
  --allow-old-format       import a dump of an older format (an older Overseer wrote it)
  -h, --help               show this help

Exit codes: 0 imported, 2 failed (bad usage, unreadable or corrupted dump, registry not empty or running,
database unreachable).

Examples:
  overseer import backup.jsonl --database-url postgres://overseer@db/overseer
  overseer import backup.jsonl --db data/restored.db
`;

// Line by line, so that a large dump is parsed as it is read; how far it got goes to `progress` (characters, against the
// file's bytes: the share is a little low for text outside ASCII, never above the truth).
async function* readLines(
  file: string,
  reading: { shown: string; size: number; progress: Progress; doing: string; maxLineChars: number },
): AsyncIterable<string> {
  const { shown, size, progress, doing, maxLineChars } = reading;
  let read = 0;
  let lines = 0;
  // The file may go between the two readings (a cleanup job): its failure names it, and the transaction is undone.
  const chunks = createReadStream(file, { encoding: 'utf8' });
  try {
    for await (const line of splitLines(chunks, maxLineChars)) {
      read += line.length + 1;
      lines += 1;
      progress.tick(() => `import: ${doing}: ${lines.toLocaleString('en')} line${lines === 1 ? '' : 's'}, ${describeBytes(read)}${describeShare(read, size)}`);
      yield line;
    }
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError('ERR_DUMP_UNREADABLE', `cannot read the dump ${shown}: ${describeReadFailure(shown, error)}; nothing was imported`);
  }
}

/**
 * The dump's lines, each refused past `maxChars`: readline gathered a line of any length, and a file of 600 MB without a
 * newline ended the command with V8's "Invalid string length" and a stack trace instead of naming the line.
 */
async function* splitLines(chunks: AsyncIterable<string>, maxChars: number): AsyncIterable<string> {
  let partial = '';
  let number = 0;
  const tooLong = () =>
    new CommandError(
      'ERR_DUMP_INVALID',
      `line ${number + 1} is longer than ${maxChars.toLocaleString('en')} characters: no record "overseer export" writes is (raise OVERSEER_MAX_CONTRACT_BYTES if the registry took larger contracts)`,
    );
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      if (partial.length + end - start > maxChars) throw tooLong();
      const line = partial + chunk.slice(start, end);
      partial = '';
      start = end + 1;
      number++;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    partial += chunk.slice(start);
    if (partial.length > maxChars) throw tooLong();
  }
  if (partial !== '') yield partial;
}

/** A contract's line holds its text and canonical JSON, each at most the bound in bytes, JSON-escaped; other lines are small. */
function maxLineOf(maxContractBytes: number): number {
  return 8 * maxContractBytes + 1024 * 1024;
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind.replace('-', ' ')}${n === 1 ? '' : 's'}`)
    .join(', ');
}

// The bound publish parses contracts under: a contract the registry accepted is read back under the same one.
function readMaxContractBytes(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const bytes = Number(value);
  if (!Number.isSafeInteger(bytes) || bytes < 1024)
    throw new UsageError(`OVERSEER_MAX_CONTRACT_BYTES must be a whole number of bytes, at least 1024, not "${value}"`);
  return bytes;
}

function checksumMissing(format: number, since: number): string {
  return (
    `warning: a format ${format} dump has no checksum (dumps carry one from format ${since}): its contracts' texts were ` +
    'checked against their hashes, but a byte changed in any other line would go unseen. Keep such dumps where only ' +
    "the registry's operators can write; export this registry again for a dump that is checked whole\n"
  );
}

const SIGNATURE_UNCHECKED =
  'warning: the dump is signed, but OVERSEER_DUMP_KEY is not set: only its SHA-256 was checked, which whoever edits it ' +
  'can compute again. Set the key export used to have its signature checked\n';

// The old registry deleted a revoked token's row: nothing is lost, but a second revoke cannot say it was revoked.
function revokedTokensMissing(format: number, since: number): string {
  return (
    `warning: a format ${format} dump keeps no revoked tokens (dumps hold them from format ${since}): a token revoked ` +
    'before this import is refused as unknown, not as revoked, and revoking it again says it was never issued\n'
  );
}

function observedCallsMissing(format: number, since: number): string {
  return (
    `warning: a format ${format} dump carries no observed calls (dumps hold them from format ${since}): ` +
    'until traces arrive again, the gate counts declared uses only, and a removal only observed calls refused is allowed. ' +
    "To keep them, open the old registry's database with this Overseer (it migrates in place) and export it again\n"
  );
}

export async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...DATABASE_FLAGS, 'allow-old-format': { type: 'boolean' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('import needs the dump FILE that "overseer export" wrote');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const resolved = path.resolve(io.cwd, file);
  const info = await stat(resolved).catch((error: unknown) => {
    throw new CommandError('ERR_DUMP_UNREADABLE', `cannot read the dump ${file}: ${describeReadFailure(file, error, io.cwd)}`);
  });
  if (info.isDirectory()) throw new CommandError('ERR_DUMP_UNREADABLE', `cannot read the dump ${file}: ${describeReadFailure(file, { code: 'EISDIR' })}`);
  const { CHECKSUM_FORMAT, MIN_DUMP_KEY_LENGTH, OBSERVED_CALLS_FORMAT, REVOKED_TOKENS_FORMAT, checkDump, writeDump } = await import(
    '../../overseer/store/dump.js'
  );
  const { DEFAULT_MAX_CONTRACT_BYTES } = await import('../../overseer/config.js');
  const maxContractBytes = readMaxContractBytes(io.env.OVERSEER_MAX_CONTRACT_BYTES);
  const maxLineChars = maxLineOf(maxContractBytes ?? DEFAULT_MAX_CONTRACT_BYTES);
  // The file is read twice, never held: once to check it whole, once more to write it.
  const reading = (doing: string, progress: Progress) => () => readLines(resolved, { shown: file, size: info.size, progress, doing, maxLineChars });
  // Checked before the database is opened: a bad dump leaves no new file and touches no database.
  const key = readDumpKey(io.env, MIN_DUMP_KEY_LENGTH);
  const checking = startProgress(io);
  const dump = await checkDump(reading(`checking ${file}`, checking), { maxContractBytes, key, allowOldFormat: values['allow-old-format'] === true })
    .catch((error: unknown) => explainBadDump(error, file, resolved, info.size))
    .finally(() => checking.end());
  const { store, shown, file: sqliteFile } = await openDatabase(values, io, { mustExist: false });
  // A running registry's file is written by it alone, as `overseer serve` holds it: its caches would not see the import.
  const lock = await lockUnlessServed(sqliteFile, store);
  const writing = startProgress(io);
  try {
    await writeDump(dump, reading(`writing ${file} into ${shown}`, writing), store)
      .catch((error: unknown) => {
        // "The target store" leaves the user to guess which: the default file, OVERSEER_DB, OVERSEER_DATABASE_URL?
        if ((error as { code?: unknown }).code !== 'ERR_DUMP_TARGET_NOT_EMPTY') return explainBadDump(error, file, resolved, info.size);
        throw new CommandError('ERR_DUMP_TARGET_NOT_EMPTY', `${shown} already holds a registry: import into a new database or file (--db, --database-url)`);
      })
      .finally(() => writing.end());
    const verified = key === undefined ? '' : ', its signature checked with OVERSEER_DUMP_KEY';
    io.stdout(`imported ${describeCounts(dump.counts)} into ${shown} (exported ${dump.exportedAt}${verified})\n`);
    if (dump.signed && key === undefined) io.stderr(SIGNATURE_UNCHECKED);
    // The registry that wrote it may well have kept calls seen in traces: a silent 0 would hide that the gate lost them.
    if (dump.format < OBSERVED_CALLS_FORMAT) io.stderr(observedCallsMissing(dump.format, OBSERVED_CALLS_FORMAT));
    if (dump.format < CHECKSUM_FORMAT) io.stderr(checksumMissing(dump.format, CHECKSUM_FORMAT));
    if (dump.format < REVOKED_TOKENS_FORMAT) io.stderr(revokedTokensMissing(dump.format, REVOKED_TOKENS_FORMAT));
    return EXIT.safe;
  } finally {
    await store.close();
    lock?.release();
  }
}

/**
 * A dump's refusal names the file (a restore script may try several), and a dump whose last line breaks off (export
 * ends every line) as cut short: "line 9: not JSON" left an interrupted copy to look like a damaged registry.
 */
async function explainBadDump(error: unknown, file: string, resolved: string, size: number): Promise<never> {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_DUMP')) throw error;
  const message = (error as Error).message;
  const cut = /^line \d+: not JSON/.test(message) && size > 0 && (await readLastByte(resolved)) !== 0x0a;
  const why = cut ? ': the file ends in the middle of a line: it was cut short (an interrupted copy?); export it again' : '';
  throw new CommandError(code, `${file}: ${message}${why}`);
}

async function readLastByte(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, (await handle.stat()).size - 1);
    return bytesRead === 1 ? buffer[0] : undefined;
  } finally {
    await handle.close();
  }
}

async function lockUnlessServed(file: string | undefined, store: { close(): Promise<void> }) {
  if (file === undefined) return undefined;
  const { lockSqliteFile } = await import('../../overseer/store/sqlite/lock.js');
  try {
    return lockSqliteFile(file);
  } catch (error) {
    await store.close();
    throw error;
  }
}
