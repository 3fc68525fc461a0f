// The gate's audit trail and the API tokens (kept as hashes only).

import type Database from 'better-sqlite3';
import type { Notice, Verdict, VerdictReason, WaivedChange } from '../../../contracts/index.js';
import { StoreError } from '../errors.js';
import type { TokenInput, TokenRecord, VerdictQuery, VerdictRecord } from '../store.js';
import { assertToken, clampLimit } from '../validate.js';
import { stringifyWaived } from '../waivers.js';

interface VerdictRow {
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
}

interface TokenRow {
  name: string;
  service: string | null;
  hash: string;
  createdAt: string;
}

const VERDICT_COLUMNS = 'id, service, version, environment, asked_by AS askedBy, deployable, reasons, waived, notices, asked_at AS askedAt';
const TOKEN_COLUMNS = 'name, service, hash, created_at AS createdAt';

function toVerdict({ waived, notices, ...row }: VerdictRow): VerdictRecord {
  return {
    ...row,
    deployable: row.deployable === 1,
    reasons: JSON.parse(row.reasons) as VerdictReason[],
    ...(waived !== null && { waived: JSON.parse(waived) as WaivedChange[] }),
    ...(notices !== null && { notices: JSON.parse(notices) as Notice[] }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createAudit(db: Database.Database, now: () => string) {
  const insertVerdict = db.prepare<[string, string, string, string, number, string, string | null, string | null, string]>(
    'INSERT INTO verdicts (service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectVerdict = db.prepare<[number | bigint], VerdictRow>(`SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE id = ?`);
  const selectVerdicts = db.prepare<{ service: string | null; environment: string | null; limit: number }, VerdictRow>(
    `SELECT ${VERDICT_COLUMNS} FROM verdicts
     WHERE (:service IS NULL OR service = :service) AND (:environment IS NULL OR environment = :environment)
     ORDER BY id DESC LIMIT :limit`,
  );
  const insertToken = db.prepare<[string, string | null, string, string]>('INSERT INTO tokens (name, service, hash, created_at) VALUES (?, ?, ?, ?)');
  const selectTokenByHash = db.prepare<[string], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ?`);
  const selectTokens = db.prepare<[], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY name`);
  const deleteToken = db.prepare<[string]>('DELETE FROM tokens WHERE name = ?');

  return {
    recordVerdict(verdict: Verdict, askedBy: string): VerdictRecord {
      const { service, version, environment, deployable, reasons } = verdict;
      const deployableFlag = deployable ? 1 : 0;
      const { lastInsertRowid } = insertVerdict.run(
        service,
        version,
        environment,
        askedBy,
        deployableFlag,
        JSON.stringify(reasons),
        ...stringifyWaived(verdict),
        now(),
      );
      return toVerdict(selectVerdict.get(lastInsertRowid)!);
    },
    listVerdicts(query: VerdictQuery = {}): VerdictRecord[] {
      const filter = { service: query.service ?? null, environment: query.environment ?? null, limit: clampLimit(query.limit) };
      return selectVerdicts.all(filter).map(toVerdict);
    },
    getVerdict(id: number): VerdictRecord | undefined {
      const row = selectVerdict.get(id);
      return row && toVerdict(row);
    },
    createToken(token: TokenInput): TokenRecord {
      assertToken(token);
      const createdAt = now();
      try {
        insertToken.run(token.name, token.service, token.hash, createdAt);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('ERR_TOKEN_CONFLICT', `a token named ${token.name} or with the same hash exists`, { name: token.name }, { cause: error });
      }
      return { name: token.name, service: token.service, hash: token.hash, createdAt };
    },
    findTokenByHash(hash: string): TokenRecord | undefined {
      const row = selectTokenByHash.get(hash);
      return row && { ...row };
    },
    listTokens(): TokenRecord[] {
      return selectTokens.all().map((row) => ({ ...row }));
    },
    revokeToken(name: string): boolean {
      return deleteToken.run(name).changes > 0;
    },
  };
}
