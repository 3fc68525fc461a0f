// The gate's audit trail and the API tokens (kept as hashes only).

import type pg from 'pg';
import type { Notice, Verdict, WaivedChange } from '../../../contracts/index.js';
import { StoreError } from '../errors.js';
import type { Outbox, TokenInput, TokenRecord, VerdictQuery, VerdictRecord } from '../store.js';
import { assertToken, clampLimit } from '../validate.js';
import { stringifyWaived } from '../waivers.js';
import { isUniqueViolation, NOW_MS, type Queryable, transact } from './db.js';
import { enqueueAfter } from './outbox.js';

export const VERDICT_COLUMNS = 'id, service, version, environment, asked_by AS "askedBy", deployable, reasons, waived, notices, asked_at AS "askedAt"';
const TOKEN_COLUMNS = 'name, service, hash, created_at AS "createdAt"';

export type VerdictRow = Omit<VerdictRecord, 'waived' | 'notices'> & { waived: WaivedChange[] | null; notices: Notice[] | null };

/** The waiver parts are absent, not null, for a version that carried no waivers: as SQLite reads them. */
export function toVerdict({ waived, notices, askedAt, ...row }: VerdictRow): VerdictRecord {
  // In SQLite's order, so that both write the same dump byte for byte.
  return { ...row, ...(waived !== null && { waived }), ...(notices !== null && { notices }), askedAt };
}

// Rows already have the record's shape; copying keeps driver objects out of callers' hands.
function copy<T extends object>(row: T): T {
  return { ...row };
}

export function createAudit(pool: pg.Pool, db: Queryable) {
  return {
    async recordVerdict(verdict: Verdict, askedBy: string, outbox?: Outbox<VerdictRecord>): Promise<VerdictRecord> {
      const { service, version, environment, deployable, reasons } = verdict;
      const insert = async (q: Queryable) => {
        const [row] = await q.query<VerdictRow>(
          `INSERT INTO verdicts (service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at)
           VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8::json, ${NOW_MS}) RETURNING ${VERDICT_COLUMNS}`,
          [service, version, environment, askedBy, deployable, JSON.stringify(reasons), ...stringifyWaived(verdict)],
        );
        return toVerdict(row);
      };
      // A transaction only when notifications go with the verdict; alone it is one statement.
      return outbox ? transact(pool, async (tx) => enqueueAfter(tx, await insert(tx), outbox)) : insert(db);
    },
    async listVerdicts(query: VerdictQuery = {}): Promise<VerdictRecord[]> {
      const rows = await db.query<VerdictRow>(
        `SELECT ${VERDICT_COLUMNS} FROM verdicts
         WHERE ($1::text IS NULL OR service = $1) AND ($2::text IS NULL OR environment = $2)
         ORDER BY id DESC LIMIT $3`,
        [query.service ?? null, query.environment ?? null, clampLimit(query.limit)],
      );
      return rows.map(toVerdict);
    },
    async getVerdict(id: number): Promise<VerdictRecord | undefined> {
      // A number that is no verdict id names no verdict, rather than failing the query's cast.
      if (!Number.isSafeInteger(id) || id < 1) return undefined;
      const [row] = await db.query<VerdictRow>(`SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE id = $1`, [id]);
      return row && toVerdict(row);
    },
    async createToken(token: TokenInput): Promise<TokenRecord> {
      assertToken(token);
      try {
        const [row] = await db.query<TokenRecord>(
          `INSERT INTO tokens (name, service, hash, created_at) VALUES ($1, $2, $3, ${NOW_MS}) RETURNING ${TOKEN_COLUMNS}`,
          [token.name, token.service, token.hash],
        );
        return copy(row);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('ERR_TOKEN_CONFLICT', `a token named ${token.name} or with the same hash exists`, { name: token.name }, { cause: error });
      }
    },
    async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
      const [row] = await db.query<TokenRecord>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = $1`, [hash]);
      return row && copy(row);
    },
    async listTokens(): Promise<TokenRecord[]> {
      return (await db.query<TokenRecord>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY name`)).map(copy);
    },
    async revokeToken(name: string): Promise<boolean> {
      return (await db.execute('DELETE FROM tokens WHERE name = $1', [name])) > 0;
    },
  };
}
