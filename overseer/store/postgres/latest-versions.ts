// Each service's latest version, kept on every write of a version (semver decided in code there), so that a read of
// every consumer's latest edges is one join instead of a read of every version ordered in code.

import { groupBy } from '../../group-by.js';
import { pickLatest } from '../latest-version.js';
import type { Queryable } from './db.js';

/** A transaction or the migration's connection: anything that answers rows. */
export type RowReader = Pick<Queryable, 'query'>;

// Publish times as ISO text in UTC, whatever the connection's type parsers: they only break ties, compared as text.
const SELECT_VERSIONS = `SELECT service, version, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt"
  FROM versions WHERE service = ANY($1::text[]) ORDER BY service, id`;

/** Recomputes the latest version of each of `services` from all their versions; in the caller's transaction. */
export async function refreshLatestVersions(db: RowReader, services: readonly string[]): Promise<void> {
  if (services.length === 0) return;
  const rows = await db.query<{ service: string; version: string; createdAt: string }>(SELECT_VERSIONS, [[...services]]);
  const byService = groupBy(rows, (row) => row.service);
  const latest = [...byService].map(([service, versions]) => [service, pickLatest(versions).version]);
  // A row that already names the latest is left alone: its write would move the latest-version generation (migration 15).
  await db.query(
    `INSERT INTO latest_versions (service, version) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (service) DO UPDATE SET version = excluded.version WHERE latest_versions.version <> excluded.version`,
    [latest.map((l) => l[0]), latest.map((l) => l[1])],
  );
}

/** Fills the row of every service that has versions but none yet: after migration 12, and after an import. */
export async function fillLatestVersions(db: RowReader): Promise<void> {
  const missing = await db.query<{ service: string }>(
    'SELECT DISTINCT service FROM versions v WHERE NOT EXISTS (SELECT 1 FROM latest_versions l WHERE l.service = v.service)',
  );
  await refreshLatestVersions(
    db,
    missing.map((m) => m.service),
  );
}
