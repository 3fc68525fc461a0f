// Who uses a provider: the declarations of each consumer's counted version (deployed, or latest).

import type { Declaration, LiveKind } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { pickLatest } from '../latest-version.js';
import { keepOneRowPerVersion } from '../live-versions.js';
import type { ConsumerEntry, ConsumerScope, ConsumerUse, ConsumerUseText } from '../store.js';
import { sortVersions } from '../version-order.js';
import type { Queryable } from './db.js';

interface UseRow {
  consumer: string;
  version: string;
  uses: Declaration['uses'];
  live?: LiveKind;
}

interface CandidateRow {
  service: string;
  version: string;
  createdAt: string;
  /** The stored JSON text; null when this version does not declare the provider. */
  uses: string | null;
}

function toUse(provider: string, row: UseRow): ConsumerUse {
  return {
    consumer: row.consumer,
    version: row.version,
    declaration: { consumer: row.consumer, provider, uses: row.uses },
    ...(row.live && { live: row.live }),
  };
}

// `uses` as text (json keeps it as written): the gate hands it on unparsed, the other readers parse it themselves.
async function listDeployedUses(db: Queryable, provider: string, environment: string): Promise<ConsumerUseText[]> {
  const rows = await db.query<ConsumerUseText>(
    `SELECT d.service AS consumer, d.version, d.live, u.uses::text AS uses FROM deployments d
     JOIN declarations u ON u.service = d.service AND u.version = d.version
     WHERE d.environment = $1 AND d.replaced_at IS NULL AND u.provider = $2 ORDER BY u.service, u.version`,
    [environment, provider],
  );
  return keepOneRowPerVersion(rows);
}

// Every version (on `branch`, when given) of every service that ever declared the provider, in one snapshot;
// latest is decided per consumer in code, since semver ordering is not expressible in portable SQL.
async function listLatestUses(db: Queryable, provider: string, branch: string | undefined): Promise<ConsumerUseText[]> {
  const rows = await db.query<CandidateRow>(
    `SELECT v.service, v.version, v.created_at AS "createdAt", u.uses::text AS uses FROM versions v
     LEFT JOIN declarations u ON u.service = v.service AND u.version = v.version AND u.provider = $1
     WHERE v.service IN (SELECT service FROM declarations WHERE provider = $1)
       AND ($2::text IS NULL OR EXISTS (
         SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = $2))
     ORDER BY v.service, v.id`,
    [provider, branch ?? null],
  );
  const byService = new Map<string, CandidateRow[]>();
  for (const row of rows) byService.set(row.service, [...(byService.get(row.service) ?? []), row]);
  const uses: ConsumerUseText[] = [];
  for (const [consumer, versions] of byService) {
    const latest = sortVersions(versions).at(-1);
    if (latest && latest.uses !== null) uses.push({ consumer, version: latest.version, uses: latest.uses });
  }
  return uses;
}

// listDeployedUses and listLatestUses without the texts: the candidates' `declares` stands for their uses.
async function listEntries(db: Queryable, provider: string, scope: ConsumerScope): Promise<ConsumerEntry[]> {
  if (scope.environment !== undefined) {
    const rows = await db.query<ConsumerEntry>(
      `SELECT d.service AS consumer, d.version, d.live FROM deployments d
       JOIN declarations u ON u.service = d.service AND u.version = d.version
       WHERE d.environment = $1 AND d.replaced_at IS NULL AND u.provider = $2 ORDER BY u.service, u.version`,
      [scope.environment, provider],
    );
    return keepOneRowPerVersion(rows);
  }
  const rows = await db.query<Omit<CandidateRow, 'uses'> & { declares: boolean }>(
    `SELECT v.service, v.version, v.created_at AS "createdAt", u.service IS NOT NULL AS declares FROM versions v
     LEFT JOIN declarations u ON u.service = v.service AND u.version = v.version AND u.provider = $1
     WHERE v.service IN (SELECT service FROM declarations WHERE provider = $1)
       AND ($2::text IS NULL OR EXISTS (
         SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = $2))
     ORDER BY v.service, v.id`,
    [provider, scope.branch ?? null],
  );
  const entries: ConsumerEntry[] = [];
  for (const [consumer, versions] of groupBy(rows, (row) => row.service)) {
    const latest = sortVersions(versions).at(-1);
    if (latest?.declares) entries.push({ consumer, version: latest.version });
  }
  return entries;
}

async function readTexts(db: Queryable, provider: string, entries: readonly { consumer: string; version: string }[]): Promise<(string | undefined)[]> {
  if (entries.length === 0) return [];
  const rows = await db.query<{ consumer: string; version: string; uses: string }>(
    `SELECT u.service AS consumer, u.version, u.uses::text AS uses FROM declarations u
     JOIN unnest($2::text[], $3::text[]) AS e (service, version) ON e.service = u.service AND e.version = u.version
     WHERE u.provider = $1`,
    [provider, entries.map((e) => e.consumer), entries.map((e) => e.version)],
  );
  const byEntry = new Map(rows.map((row) => [`${row.consumer}\u0000${row.version}`, row.uses]));
  return entries.map((e) => byEntry.get(`${e.consumer}\u0000${e.version}`));
}

function listUseTexts(db: Queryable, provider: string, scope: ConsumerScope): Promise<ConsumerUseText[]> {
  return scope.environment !== undefined ? listDeployedUses(db, provider, scope.environment) : listLatestUses(db, provider, scope.branch);
}

interface AllUsesRow extends UseRow {
  provider: string;
}

function toUses(rows: AllUsesRow[]): ConsumerUse[] {
  return rows.map((row) => toUse(row.provider, row));
}

/**
 * Every declaring consumer's latest version (on `branch`, when given), read in one snapshot: semver ordering is decided
 * in code. The dashboard's edges and the bulk listing of uses both start here.
 */
export async function listLatestDeclaringVersions(db: Queryable, branch: string | undefined): Promise<{ service: string; version: string }[]> {
  const rows = await db.query<{ service: string; version: string; createdAt: string }>(
    `SELECT v.service, v.version, v.created_at AS "createdAt" FROM versions v
     WHERE v.service IN (SELECT service FROM declarations)
       AND ($1::text IS NULL OR EXISTS (
         SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = $1))
     ORDER BY v.service, v.id`,
    [branch ?? null],
  );
  return [...groupBy(rows, (row) => row.service).values()].map(pickLatest);
}

// Every consumer's latest version, then the declarations of those versions in a second read.
async function listAllLatestUses(db: Queryable, branch: string | undefined): Promise<ConsumerUse[]> {
  const latest = await listLatestDeclaringVersions(db, branch);
  if (latest.length === 0) return [];
  return toUses(
    await db.query<AllUsesRow>(
      `SELECT u.service AS consumer, u.version, u.provider, u.uses FROM declarations u
       JOIN unnest($1::text[], $2::text[]) AS l (service, version) ON l.service = u.service AND l.version = u.version
       ORDER BY u.service, u.provider`,
      [latest.map((l) => l.service), latest.map((l) => l.version)],
    ),
  );
}

export function createConsumers(db: Queryable) {
  return {
    // Moved at commit by the triggers of migration 11 on every write to the tables a listing reads.
    async readUseGeneration(): Promise<number> {
      const [row] = await db.query<{ n: string }>('SELECT n FROM use_generation WHERE id = 1');
      return Number(row?.n ?? 0);
    },
    async listConsumersOf(provider: string, scope: ConsumerScope = {}): Promise<ConsumerUse[]> {
      const rows = await listUseTexts(db, provider, scope);
      return rows.map((row) => toUse(provider, { ...row, uses: JSON.parse(row.uses) as Declaration['uses'] }));
    },
    listConsumerTexts(provider: string, scope: ConsumerScope = {}): Promise<ConsumerUseText[]> {
      return listUseTexts(db, provider, scope);
    },
    listConsumerEntries(provider: string, scope: ConsumerScope = {}): Promise<ConsumerEntry[]> {
      return listEntries(db, provider, scope);
    },
    readConsumerTexts(provider: string, entries: readonly { consumer: string; version: string }[]): Promise<(string | undefined)[]> {
      return readTexts(db, provider, entries);
    },
    async listAllUses(scope: ConsumerScope = {}, providers?: readonly string[]): Promise<ConsumerUse[]> {
      if (scope.environment === undefined) {
        const all = await listAllLatestUses(db, scope.branch);
        const kept = providers && new Set(providers);
        return kept ? all.filter((u) => kept.has(u.declaration.provider)) : all;
      }
      const rows = await db.query<AllUsesRow>(
        `SELECT d.service AS consumer, d.version, d.live, u.provider, u.uses FROM deployments d
         JOIN declarations u ON u.service = d.service AND u.version = d.version
         WHERE d.environment = $1 AND d.replaced_at IS NULL AND ($2::text[] IS NULL OR u.provider = ANY($2::text[])) ORDER BY d.service, u.provider`,
        [scope.environment, providers ? [...providers] : null],
      );
      return toUses(keepOneRowPerVersion(rows));
    },
  };
}
