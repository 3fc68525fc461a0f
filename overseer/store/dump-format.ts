// What a dump is made of: a header line, one JSON object per record, an end line with counts and last ids; the
// formats a reader accepts and the error it throws. Reading a record line is dump-record.ts.

import type { LastIds, StoreRecordKind } from './store.js';

export const DUMP_KIND = 'overseer-dump';
/**
 * Format 2 marks admin tokens with `"admin": true`; format 3 adds ingest tokens (`"scope": "ingest"`) and services'
 * `hosts`; format 4 adds the end line's `lastIds`; format 5 adds services' `apis` (Backstage `providesApis`); format 6 adds
 * observed calls; format 7 a checksum line after the end line; format 8 revoked tokens (token lines with `revokedAt` and
 * `revokedBy`, which an older reader would import as live tokens). An older reader would drop or misread each, so it
 * refuses the format. Formats 1 to 7 are read too.
 */
export const DUMP_FORMAT = 8;
export const DUMP_FORMATS_READ: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8];
/** The first format whose last line is the SHA-256 of every line above it: before, only contracts' texts had a hash. */
export const CHECKSUM_FORMAT = 7;
/** The first format that keeps revoked tokens: from an older dump, a revoked token's next use reads as unknown. */
export const REVOKED_TOKENS_FORMAT = 8;
/** The first format whose end line counts observed calls: an older dump holds none. */
export const OBSERVED_CALLS_FORMAT = 6;
/** The first format whose end line must carry `lastIds`. */
export const LAST_IDS_FORMAT = 4;
export const RECORD_KINDS = [
  'service',
  'contract',
  'version',
  'environment',
  'deployment',
  'verdict',
  'token',
  'webhook',
  'notification',
  'observed-call',
] as const satisfies readonly StoreRecordKind[];

export type DumpCounts = Record<StoreRecordKind, number>;

export interface DumpHeader {
  kind: typeof DUMP_KIND;
  format: number;
  exportedAt: string;
}

export interface DumpEnd {
  kind: 'end';
  counts: DumpCounts;
  /** The largest id the source ever gave each kind: the target goes on past it (format 4 on). */
  lastIds: LastIds;
}

/** The last line from format 7: a byte changed anywhere above it (a damaged copy, an edit) is refused. */
export interface DumpChecksum {
  kind: 'checksum';
  /** Hex SHA-256 of the UTF-8 of every line before this one, each followed by a line feed. */
  sha256: string;
  /**
   * Hex HMAC-SHA-256 of the same bytes under the operator's key (OVERSEER_DUMP_KEY), when export was given one: whoever
   * edits a dump can compute its SHA-256 again, but not this without the key. Older readers ignore it.
   */
  hmacSha256?: string;
}

/** A key shorter than this is guessable offline from any signed dump: 32 characters of `openssl rand -hex 32` is 128 bits. */
export const MIN_DUMP_KEY_LENGTH = 32;

export type DumpErrorCode = 'ERR_DUMP_INVALID' | 'ERR_DUMP_TARGET_NOT_EMPTY' | 'ERR_DUMP_OLD_FORMAT' | 'ERR_DUMP_SIGNATURE';

export class DumpError extends Error {
  override readonly name = 'DumpError';
  readonly code: DumpErrorCode;

  constructor(code: DumpErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export function countNothing(): DumpCounts {
  return { service: 0, contract: 0, version: 0, environment: 0, deployment: 0, verdict: 0, token: 0, webhook: 0, notification: 0, 'observed-call': 0 };
}
