// The gate's audit trail and the API tokens (kept as hashes only).

import type pg from 'pg';
import type { Notice, Verdict, WaivedChange } from '../../../contracts/index.js';
import { StoreError } from '../errors.js';
import type {
  KeyPage,
  Outbox,
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
import { AFTER_NAME, isRowId, isUniqueViolation, NOW_MS, type Queryable, transact } from './db.js';
import { enqueueAfter } from './outbox.js';
import type { WriteKeyMemory } from './write-keys.js';

export const VERDICT_COLUMNS =
  'id, service, version, environment, asked_by AS "askedBy", deployable, reasons, waived, notices, asked_at AS "askedAt", count, last_asked_at AS "lastAskedAt"';
const SINCE = `${NOW_MS} - $2::float8 * interval '1 millisecond'`;
const TOKEN_COLUMNS = 'name, service, hash, scope, created_at AS "createdAt"';
export const REVOKED_TOKEN_COLUMNS = `id, ${TOKEN_COLUMNS}, revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

export type VerdictRow = Omit<VerdictRecord, 'waived' | 'notices'> & { waived: WaivedChange[] | null; notices: Notice[] | null };

/** The waiver parts are absent, not null, for a version that carried no waivers: as SQLite reads them. */
export function toVerdict({ waived, notices, askedAt, count, lastAskedAt, ...row }: VerdictRow): VerdictRecord {
  // In SQLite's order, so that both write the same dump byte for byte.
  return { ...row, ...(waived !== null && { waived }), ...(notices !== null && { notices }), askedAt, count, lastAskedAt };
}

export type TokenRow = Omit<TokenRecord, 'scope'> & { scope: TokenScope | null };

/** A token row without its null scope: admin and service tokens look as they did before scopes. */
export function toToken({ scope, ...row }: TokenRow): TokenRecord {
  return { ...row, ...(scope !== null && { scope }) };
}

export type RevokedTokenRow = TokenRow & { id: number; revokedAt: string; revokedBy: string };

/** A tombstone in the field order of a token record, as SQLite gives it. */
export function toRevokedToken({ id, name, service, hash, scope, createdAt, revokedAt, revokedBy }: RevokedTokenRow): RevokedTokenRecord {
  return { id, ...toToken({ name, service, hash, scope, createdAt }), revokedAt, revokedBy };
}

export function createAudit(pool: pg.Pool, db: Queryable, remember: WriteKeyMemory) {
  return {
    async recordVerdict(verdict: Verdict, askedBy: string, outbox?: Outbox<VerdictRecord>, windowMs = DEFAULT_REPEAT_WINDOW_MS): Promise<VerdictRecord> {
      const record = async (q: Queryable) => toVerdict(await recordAsk(q, verdict, askedBy, windowMs));
      // A transaction only when notifications go with the verdict; alone each statement is safe under races.
      return outbox ? transact(pool, async (tx) => enqueueAfter(tx, await record(tx), outbox)) : record(db);
    },
    async listVerdicts(query: VerdictQuery = {}): Promise<VerdictRecord[]> {
      const rows = await db.query<VerdictRow>(
        `SELECT ${VERDICT_COLUMNS} FROM verdicts
         WHERE ($1::text IS NULL OR service = $1) AND ($2::text IS NULL OR environment = $2)
         ORDER BY last_asked_at DESC, id DESC LIMIT $3`,
        [query.service ?? null, query.environment ?? null, clampLimit(query.limit)],
      );
      return rows.map(toVerdict);
    },
    async getVerdict(id: number): Promise<VerdictRecord | undefined> {
      if (!isRowId(id)) return undefined;
      const [row] = await db.query<VerdictRow>(`SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE id = $1`, [id]);
      return row && toVerdict(row);
    },
    pruneVerdicts: (before: string): Promise<number> => db.execute('DELETE FROM verdicts WHERE last_asked_at < $1', [before]),
    async createToken(token: TokenInput, key?: WriteKey): Promise<TokenRecord | RepeatedToken> {
      assertToken(token);
      if (key === undefined) return insertToken(db, token);
      // Under the name's lock: a repeat sent while the first is still writing waits for it, and is told of its token.
      return transact(
        pool,
        async (tx) => {
          const repeated = await remember.read<RepeatedToken>(tx, key);
          if (repeated) return { ...repeated, repeated: true as const };
          const record = await insertToken(tx, token);
          // Remembered without its hash: what the repeat is told, never what would let a guess be checked.
          const { hash: _hash, ...told } = record;
          return remember.keep(tx, key, record, told);
        },
        { lock: { space: 'token', key: token.name } },
      );
    },
    async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
      // One round trip for every presented token: a live one, else a revoked one (a hash is in one table at most).
      const [row] = await db.query<TokenRow & { revokedAt: string | null; revokedBy: string | null }>(
        `SELECT ${TOKEN_COLUMNS}, NULL::timestamptz AS "revokedAt", NULL AS "revokedBy" FROM tokens WHERE hash = $1
         UNION ALL SELECT ${TOKEN_COLUMNS}, revoked_at, revoked_by FROM revoked_tokens WHERE hash = $1 LIMIT 1`,
        [hash],
      );
      if (!row) return undefined;
      const { revokedAt, revokedBy, ...token } = row;
      return { ...toToken(token), ...(revokedAt !== null && revokedBy !== null && { revokedAt, revokedBy }) };
    },
    async listRevokedTokens(page?: KeyPage<number>): Promise<RevokedTokenRecord[]> {
      const { after, limit } = readKeyPage(page);
      const sql = `SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens WHERE ($1::bigint IS NULL OR id > $1) ORDER BY id LIMIT $2`;
      return (await db.query<RevokedTokenRow>(sql, [after, limit])).map(toRevokedToken);
    },
    async listTokens(page?: KeyPage<string>): Promise<TokenRecord[]> {
      const { after, limit } = readKeyPage(page);
      return (await db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE ${AFTER_NAME} ORDER BY name LIMIT $2`, [after, limit])).map(toToken);
    },
    async revokeToken(name: string, revokedBy: string, key?: WriteKey): Promise<TokenRevocation | undefined> {
      if (key === undefined) return revokeIn(db, name, revokedBy);
      // Under the name's lock, as a token's creation: a revocation sent again waits for the first, and is told its answer.
      return transact(
        pool,
        async (tx) => {
          const repeated = await remember.read<TokenRevocation>(tx, key);
          if (repeated) return { ...repeated, repeated: true as const };
          const revocation = await revokeIn(tx, name, revokedBy);
          return revocation?.already === false ? remember.keep(tx, key, revocation) : revocation;
        },
        { lock: { space: 'token', key: name } },
      );
    },
  };
}

// One statement moves the row: a second revoke racing it waits on the row's lock, finds it gone, and reads the tombstone.
async function revokeIn(q: Queryable, name: string, revokedBy: string): Promise<TokenRevocation | undefined> {
  const [moved] = await q.query<RevokedTokenRow>(
    `WITH gone AS (DELETE FROM tokens WHERE name = $1 RETURNING name, service, hash, scope, created_at)
     INSERT INTO revoked_tokens (name, service, hash, scope, created_at, revoked_at, revoked_by)
     SELECT name, service, hash, scope, created_at, ${NOW_MS}, $2 FROM gone RETURNING ${REVOKED_TOKEN_COLUMNS}`,
    [name, revokedBy],
  );
  if (moved) return { token: toRevokedToken(moved), already: false };
  const [before] = await q.query<RevokedTokenRow>(`SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens WHERE name = $1 ORDER BY id DESC LIMIT 1`, [name]);
  return before && { token: toRevokedToken(before), already: true };
}

/**
 * Joins the row of a repeat within the window, else starts one. Two asks racing both miss the join, then meet
 * on the unique fingerprint: the second insert turns into the join. The stale row is retired only when it is
 * outside the window, so a racer never retires the row another racer has just started.
 */
async function recordAsk(q: Queryable, verdict: Verdict, askedBy: string, windowMs: number): Promise<VerdictRow> {
  const { service, version, environment, deployable, reasons } = verdict;
  const fingerprint = windowMs > 0 ? fingerprintVerdict(verdict, askedBy) : null;
  if (fingerprint !== null) {
    const [joined] = await q.query<VerdictRow>(
      `UPDATE verdicts SET count = count + 1, last_asked_at = ${NOW_MS} WHERE fingerprint = $1 AND last_asked_at >= ${SINCE} RETURNING ${VERDICT_COLUMNS}`,
      [fingerprint, windowMs],
    );
    if (joined) return joined;
    await q.execute(`UPDATE verdicts SET fingerprint = NULL WHERE fingerprint = $1 AND last_asked_at < ${SINCE}`, [fingerprint, windowMs]);
  }
  const [row] = await q.query<VerdictRow>(
    // One clock reading for both times: clock_timestamp() read twice can straddle a millisecond, and a new row's last
    // ask is its first.
    `WITH asked AS (SELECT ${NOW_MS} AS at)
     INSERT INTO verdicts (service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at, last_asked_at, fingerprint)
     VALUES ($1, $2, $3, $4, $5, $6::json, $8::json, $9::json, (SELECT at FROM asked), (SELECT at FROM asked), $7)
     ON CONFLICT (fingerprint) DO UPDATE SET count = verdicts.count + 1, last_asked_at = EXCLUDED.last_asked_at
     RETURNING ${VERDICT_COLUMNS}`,
    [service, version, environment, askedBy, deployable, JSON.stringify(reasons), fingerprint, ...stringifyWaived(verdict)],
  );
  return row;
}

/** The token's row, written on the pool or in a keyed write's transaction. */
async function insertToken(db: Queryable, token: TokenInput): Promise<TokenRecord> {
  try {
    const [row] = await db.query<TokenRow>(
      `INSERT INTO tokens (name, service, hash, scope, created_at) VALUES ($1, $2, $3, $4, ${NOW_MS}) RETURNING ${TOKEN_COLUMNS}`,
      [token.name, token.service, token.hash, token.scope ?? null],
    );
    return toToken(row);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreError('ERR_TOKEN_CONFLICT', `a token named ${token.name} or with the same hash exists`, { name: token.name }, { cause: error });
  }
}
