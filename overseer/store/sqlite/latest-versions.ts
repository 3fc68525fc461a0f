// Each service's latest version, kept on every write of a version (semver decided in code there), so that a read of
// every consumer's latest edges is one join instead of a read of every version ordered in code.

import type Database from 'better-sqlite3';
import { pickLatest } from '../latest-version.js';

/** Recomputes the latest version of `service` from all its versions; in the caller's transaction. */
export function prepareLatestRefresh(db: Database.Database): (service: string) => void {
  const select = db.prepare<[string], { version: string; createdAt: string }>(
    'SELECT version, created_at AS createdAt FROM versions WHERE service = ? ORDER BY id',
  );
  // A row that already names the latest is left alone: its write would move the latest-version generation (migration 15).
  const upsert = db.prepare<[string, string]>(
    `INSERT INTO latest_versions (service, version) VALUES (?, ?)
     ON CONFLICT (service) DO UPDATE SET version = excluded.version WHERE latest_versions.version <> excluded.version`,
  );
  return (service) => {
    const versions = select.all(service);
    if (versions.length > 0) upsert.run(service, pickLatest(versions).version);
  };
}

/** Fills the row of every service that has versions but none yet: after migration 12, and after an import. */
export function fillLatestVersions(db: Database.Database): void {
  const refresh = prepareLatestRefresh(db);
  const missing = db.prepare<[], string>('SELECT DISTINCT service FROM versions WHERE service NOT IN (SELECT service FROM latest_versions)').pluck().all();
  for (const service of missing) refresh(service);
}
