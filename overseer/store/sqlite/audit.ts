// The gate's audit trail and the API tokens (kept as hashes only).

import type Database from 'better-sqlite3';
import type { Notice, Verdict, VerdictReason, WaivedChange } from '../../../contracts/index.js';
import { StoreError } from '../errors.js';
import type {
  KeyPage,
  RepeatedToken,
  RevokedTokenRecord,
  TokenInput,
  TokenRecord,
  TokenRevocation,
  TokenScope,
  VerdictQuery,
  VerdictRecord,
} from '../store.js';
import { assertToken, clampLimit, readKeyPage } from '../validate.js';
import { DEFAULT_REPEAT_WINDOW_MS, fingerprintVerdict } from '../verdict-repeats.js';
import { stringifyWaived } from '../waivers.js';
import type { WriteKey } from '../write-keys.js';
import { AFTER_NAME, PAGE_LIMIT, type PageBounds } from './key-pages.js';
import type { WriteKeyMemory } from './write-keys.js';

export interface VerdictRow {
  id: number;
  service: string;
  version: string;
  environment: string;
  askedBy: string;
  deployable: 0 | 1;
  reasons: string;
  waived: string | null;
  notices: string | null;
  askedAt: string;
  count: number;
  lastAskedAt: string;
}

export interface TokenRow {
  name: string;
  service: string | null;
  hash: string;
  scope: TokenScope | null;
  createdAt: string;
}

export const VERDICT_COLUMNS =
  'id, service, version, environment, asked_by AS askedBy, deployable, reasons, waived, notices, asked_at AS askedAt, count, last_asked_at AS lastAskedAt';
export const TOKEN_COLUMNS = 'name, service, hash, scope, created_at AS createdAt';
export const REVOKED_TOKEN_COLUMNS = `id, ${TOKEN_COLUMNS}, revoked_at AS revokedAt, revoked_by AS revokedBy`;

export type RevokedTokenRow = TokenRow & { id: number; revokedAt: string; revokedBy: string };

// Fields in the order an export writes them, the same as PostgreSQL's: a dump's lines do not depend on the store.
export function toVerdict({ deployable, reasons, waived, notices, askedAt, count, lastAskedAt, ...row }: VerdictRow): VerdictRecord {
  return {
    ...row,
    deployable: deployable === 1,
    reasons: JSON.parse(reasons) as VerdictReason[],
    ...(waived !== null && { waived: JSON.parse(waived) as WaivedChange[] }),
    ...(notices !== null && { notices: JSON.parse(notices) as Notice[] }),
    askedAt,
    count,
    lastAskedAt,
  };
}

/** A token row without its null scope: admin and service tokens look as they did before scopes. */
export function toToken({ scope, ...row }: TokenRow): TokenRecord {
  return { ...row, ...(scope !== null && { scope }) };
}

/** A tombstone in the field order of a token record, as PostgreSQL gives it. */
export function toRevokedToken({ id, name, service, hash, scope, createdAt, revokedAt, revokedBy }: RevokedTokenRow): RevokedTokenRecord {
  return { id, ...toToken({ name, service, hash, scope, createdAt }), revokedAt, revokedBy };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createAudit(db: Database.Database, now: () => string, remember: WriteKeyMemory) {
  const insertVerdict = db.prepare<[string, string, string, string, number, string, string | null, string | null, string, string, string | null]>(
    `INSERT INTO verdicts (service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at, last_asked_at, fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const joinRepeat = db.prepare<{ fingerprint: string; now: string; since: string }, VerdictRow>(
    `UPDATE verdicts SET count = count + 1, last_asked_at = :now WHERE fingerprint = :fingerprint AND last_asked_at >= :since
     RETURNING ${VERDICT_COLUMNS}`,
  );
  // A row outside the window keeps its count but gives its fingerprint up to the row that follows it.
  const retire = db.prepare<[string]>('UPDATE verdicts SET fingerprint = NULL WHERE fingerprint = ?');
  const selectVerdict = db.prepare<[number | bigint], VerdictRow>(`SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE id = ?`);
  const selectVerdicts = db.prepare<{ service: string | null; environment: string | null; limit: number }, VerdictRow>(
    `SELECT ${VERDICT_COLUMNS} FROM verdicts
     WHERE (:service IS NULL OR service = :service) AND (:environment IS NULL OR environment = :environment)
     ORDER BY last_asked_at DESC, id DESC LIMIT :limit`,
  );
  const prune = db.prepare<[string]>('DELETE FROM verdicts WHERE last_asked_at < ?');
  const insertToken = db.prepare<[string, string | null, string, string | null, string]>(
    'INSERT INTO tokens (name, service, hash, scope, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  // One statement for every presented token: a live one, else a revoked one (a hash is in one table at most).
  const selectTokenByHash = db.prepare<{ hash: string }, TokenRow & { revokedAt: string | null; revokedBy: string | null }>(
    `SELECT ${TOKEN_COLUMNS}, NULL AS revokedAt, NULL AS revokedBy FROM tokens WHERE hash = :hash
     UNION ALL SELECT ${TOKEN_COLUMNS}, revoked_at, revoked_by FROM revoked_tokens WHERE hash = :hash LIMIT 1`,
  );
  const selectTokens = db.prepare<PageBounds<string>, TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE ${AFTER_NAME} ORDER BY name ${PAGE_LIMIT}`);
  const selectRevoked = db.prepare<PageBounds<number>, RevokedTokenRow>(
    `SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens WHERE (:after IS NULL OR id > :after) ORDER BY id ${PAGE_LIMIT}`,
  );
  const selectLatestRevoked = db.prepare<[string], RevokedTokenRow>(
    `SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens WHERE name = ? ORDER BY id DESC LIMIT 1`,
  );
  const moveToken = db.prepare<[string, string, string], RevokedTokenRow>(
    `INSERT INTO revoked_tokens (name, service, hash, scope, created_at, revoked_at, revoked_by)
     SELECT name, service, hash, scope, created_at, ?, ? FROM tokens WHERE name = ? RETURNING ${REVOKED_TOKEN_COLUMNS}`,
  );
  const deleteToken = db.prepare<[string]>('DELETE FROM tokens WHERE name = ?');
  // One immediate transaction: the copy and the delete are one change, and two revokes at once make one tombstone.
  // With a key, read and kept in the same transaction: a revocation sent again is told it revoked, not that it was revoked.
  const revoke = db.transaction((name: string, revokedBy: string, key: WriteKey | undefined): TokenRevocation | undefined => {
    const repeated = key && remember.read<TokenRevocation>(key);
    if (repeated) return { ...repeated, repeated: true };
    const moved = moveToken.get(now(), revokedBy, name);
    if (moved) {
      deleteToken.run(name);
      return remember.keep(key, { token: toRevokedToken(moved), already: false });
    }
    const before = selectLatestRevoked.get(name);
    return before && { token: toRevokedToken(before), already: true };
  });

  // The key is read and kept in the token's transaction: a repeat finds the token, or neither was written.
  const createOnce = db.transaction((token: TokenInput, key: WriteKey | undefined): TokenRecord | RepeatedToken => {
    const repeated = key && remember.read<RepeatedToken>(key);
    if (repeated) return { ...repeated, repeated: true };
    const createdAt = now();
    try {
      insertToken.run(token.name, token.service, token.hash, token.scope ?? null, createdAt);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new StoreError('ERR_TOKEN_CONFLICT', `a token named ${token.name} or with the same hash exists`, { name: token.name }, { cause: error });
    }
    const told = { name: token.name, service: token.service, ...(token.scope && { scope: token.scope }), createdAt };
    // Remembered without its hash: what the repeat is told, never what would let a guess be checked.
    return remember.keep(key, { ...told, hash: token.hash }, told);
  });

  return {
    /** Runs inside the caller's transaction (writeWithOutbox), so the look-up and the write cannot interleave with another ask. */
    recordVerdict(verdict: Verdict, askedBy: string, repeatWindowMs = DEFAULT_REPEAT_WINDOW_MS): VerdictRecord {
      const { service, version, environment, deployable, reasons } = verdict;
      const askedAt = now();
      const fingerprint = repeatWindowMs > 0 ? fingerprintVerdict(verdict, askedBy) : null;
      if (fingerprint !== null) {
        const since = new Date(Date.parse(askedAt) - repeatWindowMs).toISOString();
        const joined = joinRepeat.get({ fingerprint, now: askedAt, since });
        if (joined) return toVerdict(joined);
        retire.run(fingerprint);
      }
      const answer = [deployable ? 1 : 0, JSON.stringify(reasons), ...stringifyWaived(verdict)] as const;
      const { lastInsertRowid } = insertVerdict.run(service, version, environment, askedBy, ...answer, askedAt, askedAt, fingerprint);
      return toVerdict(selectVerdict.get(lastInsertRowid)!);
    },
    pruneVerdicts: (before: string): number => prune.run(before).changes,
    listVerdicts(query: VerdictQuery = {}): VerdictRecord[] {
      const filter = { service: query.service ?? null, environment: query.environment ?? null, limit: clampLimit(query.limit) };
      return selectVerdicts.all(filter).map(toVerdict);
    },
    getVerdict(id: number): VerdictRecord | undefined {
      const row = selectVerdict.get(id);
      return row && toVerdict(row);
    },
    createToken: (token: TokenInput, key?: WriteKey): TokenRecord | RepeatedToken => {
      assertToken(token);
      return createOnce.immediate(token, key);
    },
    findTokenByHash(hash: string): TokenRecord | undefined {
      const row = selectTokenByHash.get({ hash });
      if (!row) return undefined;
      const { revokedAt, revokedBy, ...token } = row;
      return { ...toToken(token), ...(revokedAt !== null && revokedBy !== null && { revokedAt, revokedBy }) };
    },
    listRevokedTokens(page?: KeyPage<number>): RevokedTokenRecord[] {
      return selectRevoked.all(readKeyPage(page)).map(toRevokedToken);
    },
    listTokens(page?: KeyPage<string>): TokenRecord[] {
      return selectTokens.all(readKeyPage(page)).map(toToken);
    },
    revokeToken: (name: string, revokedBy: string, key?: WriteKey) => revoke.immediate(name, revokedBy, key),
  };
}
