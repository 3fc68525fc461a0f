// Whether a service's versions may have changed since its stamp was last read, without counting them: the stamp (count
// and largest id) read the service's every index entry, ~0.2-0.7 ms at 5,000 versions, on each page and each ask
// about a made-up version. This connection's writes move a per-service number kept in a TEMP table by TEMP triggers
// (this connection's alone, undone with its transaction); another connection's commit (another process, the contract
// writer's thread) moves PRAGMA data_version. Either moved: the stamp is read again.

import type Database from 'better-sqlite3';

const SETUP = `
  CREATE TEMP TABLE IF NOT EXISTS version_writes (service TEXT PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TEMP TRIGGER IF NOT EXISTS version_writes_insert AFTER INSERT ON main.versions BEGIN
    INSERT INTO version_writes (service, n) VALUES (NEW.service, 1) ON CONFLICT (service) DO UPDATE SET n = n + 1;
  END;
  CREATE TEMP TRIGGER IF NOT EXISTS version_writes_update AFTER UPDATE ON main.versions BEGIN
    INSERT INTO version_writes (service, n) VALUES (OLD.service, 1) ON CONFLICT (service) DO UPDATE SET n = n + 1;
    INSERT INTO version_writes (service, n) VALUES (NEW.service, 1) ON CONFLICT (service) DO UPDATE SET n = n + 1;
  END;
  CREATE TEMP TRIGGER IF NOT EXISTS version_writes_delete AFTER DELETE ON main.versions BEGIN
    INSERT INTO version_writes (service, n) VALUES (OLD.service, 1) ON CONFLICT (service) DO UPDATE SET n = n + 1;
  END;
`;

/** A mark per service; the stamp read under a mark is kept until the mark moves. */
export function watchVersionWrites(db: Database.Database) {
  db.exec(SETUP);
  const selectMark = db
    .prepare<[string], string>(
      "SELECT (SELECT data_version FROM pragma_data_version()) || ':' || coalesce((SELECT n FROM temp.version_writes WHERE service = ?), 0)",
    )
    .pluck();
  const kept = new Map<string, { mark: string; stamp: string }>();
  return {
    get: (service: string): string => selectMark.get(service)!,
    /** The stamp kept under `mark`, or the one `read` gives, kept under it. */
    stamp(service: string, mark: string, read: () => string): string {
      const known = kept.get(service);
      if (known?.mark === mark) return known.stamp;
      const stamp = read();
      kept.set(service, { mark, stamp });
      return stamp;
    },
  };
}
