// The lines of a dump that are not records: the header, the checksum line, and the checks of the checksum and the
// signature they carry; and how each line is hashed, the same way on export and on import.

import type { Hash, Hmac } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { CHECKSUM_FORMAT, DUMP_FORMAT, DUMP_FORMATS_READ, DUMP_KIND, DumpError } from './dump-format.js';

/** Adds a line to the dump's checksum, and to its signature when there is a key: its UTF-8 and a line feed. */
export function hashed(hash: Hash, line: string, mac?: Hmac): string {
  hash.update(`${line}\n`);
  mac?.update(`${line}\n`);
  return line;
}

// A first line that is not JSON is most likely another file named by mistake (a contract, a manifest): say what a dump is.
export function parseLine(text: string, line: number, first: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const what = first ? 'not an Overseer dump (one JSON object a line, as "overseer export" writes): it is not JSON' : 'not JSON';
    throw new DumpError('ERR_DUMP_INVALID', `line ${line}: ${what} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DumpError('ERR_DUMP_INVALID', `line ${line}: not a JSON object`);
  return value as Record<string, unknown>;
}

export function readHeader(fields: Record<string, unknown> | undefined, allowOldFormat: boolean): { exportedAt: string; format: number } {
  if (fields?.kind !== DUMP_KIND) throw new DumpError('ERR_DUMP_INVALID', 'line 1: not an Overseer dump (no header line)');
  if (!DUMP_FORMATS_READ.includes(fields.format as number)) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `line 1: dump format ${JSON.stringify(fields.format)}; this Overseer reads formats ${DUMP_FORMATS_READ.join(', ')} (a newer Overseer wrote it?)`,
    );
  }
  // A newer dump edited to name an older format, its newer lines taken out, would read as that older one: only the
  // operator knows which Overseer wrote it.
  const format = fields.format as number;
  if (format < DUMP_FORMAT && !allowOldFormat) {
    const checksum = format < CHECKSUM_FORMAT ? ` (among it, from format ${CHECKSUM_FORMAT}, the checksum that finds an edited line)` : '';
    throw new DumpError(
      'ERR_DUMP_OLD_FORMAT',
      `line 1: dump format ${format} is older than the format ${DUMP_FORMAT} this Overseer writes, and lacks what came since${checksum}: ` +
        'a newer dump edited to name an older format would read as one, so it is imported only with --allow-old-format, once you know an older Overseer wrote it',
    );
  }
  return { exportedAt: typeof fields.exportedAt === 'string' ? fields.exportedAt : '', format: fields.format as number };
}

/** The one line a dump of format 7 on has after its end line; an older dump has none. */
export function readChecksumLine(
  fields: Record<string, unknown>,
  line: number,
  format: number,
  seen: unknown,
): { fields: Record<string, unknown>; line: number } {
  if (fields.kind === 'checksum' && format < CHECKSUM_FORMAT) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `line ${line}: a checksum line in a format ${format} dump (checksums came with format ${CHECKSUM_FORMAT}): its header was changed`,
    );
  }
  if (fields.kind !== 'checksum' || seen) throw new DumpError('ERR_DUMP_INVALID', `line ${line}: a line after the end line`);
  return { fields, line };
}

/** The SHA-256 of every line up to the end line must be the one the checksum line holds. */
export function assertChecksum(
  computed: string,
  checksum: { fields: Record<string, unknown>; line: number } | undefined,
  endLine: number,
  problem: unknown,
): void {
  if (!checksum) {
    throw new DumpError('ERR_DUMP_INVALID', `the dump has no checksum line after its end line (line ${endLine}): it was cut short; export it again`);
  }
  if (checksum.fields.sha256 === computed) return;
  const first = problem instanceof DumpError ? ` (the first line that reads wrong: ${problem.message})` : '';
  throw new DumpError(
    'ERR_DUMP_INVALID',
    `line ${checksum.line}: the dump's lines do not give the SHA-256 its checksum line holds: a byte changed since "overseer export" wrote it (a damaged disk or copy, or an edit)${first}; nothing was imported: restore another copy, or export again`,
  );
}

/** With the operator's key, a dump must carry the signature export made with it: none, or another, is refused. */
export function assertSigned(computed: string, checksum: { fields: Record<string, unknown> } | undefined): void {
  const signature = checksum?.fields.hmacSha256;
  if (typeof signature !== 'string') {
    throw new DumpError(
      'ERR_DUMP_SIGNATURE',
      'the dump carries no signature, and OVERSEER_DUMP_KEY is set: it was exported without the key, or its signature was taken out; nothing was imported',
    );
  }
  const [given, expected] = [Buffer.from(signature, 'utf8'), Buffer.from(computed, 'utf8')];
  if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  throw new DumpError(
    'ERR_DUMP_SIGNATURE',
    "the dump's signature is not the one OVERSEER_DUMP_KEY gives its lines: it was signed with another key, or changed since; nothing was imported",
  );
}
