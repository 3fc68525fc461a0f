// The dependency graph's edges for the dashboard: consumer, counted version, provider, read without the uses' JSON,
// whose parsing cost more than the rest of a 5,000-service graph page.

import type Database from 'better-sqlite3';
import type { ConsumerScope, UseEdge } from '../store.js';
import { sortVersions } from '../version-order.js';

type EdgeRow = [consumer: string, version: string, provider: string];

export function createUseEdges(db: Database.Database) {
  // Rows as arrays: tens of thousands of them, and no object per row until the edge itself.
  const selectDeployedEdges = db
    .prepare<[string], EdgeRow>(
      `SELECT d.service, d.version, u.provider FROM deployments d
       JOIN declarations u ON u.service = d.service AND u.version = d.version
       WHERE d.environment = ? AND d.replaced_at IS NULL ORDER BY d.service, u.provider`,
    )
    .raw(true);
  const selectDeclaringVersions = db.prepare<{ branch: string | null }, { service: string; version: string; createdAt: string }>(
    `SELECT v.service, v.version, v.created_at AS createdAt FROM versions v
     WHERE v.service IN (SELECT service FROM declarations)
       AND (:branch IS NULL OR EXISTS (SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = :branch))
     ORDER BY v.service, v.id`,
  );
  // One read for every consumer's latest version: the pairs go in as one JSON array, searched by the primary key.
  const selectEdgesOf = db
    .prepare<[string], EdgeRow>(
      `SELECT u.service, u.version, u.provider FROM json_each(?) l
       JOIN declarations u ON u.service = l.value ->> '$[0]' AND u.version = l.value ->> '$[1]' ORDER BY u.service, u.provider`,
    )
    .raw(true);

  const listLatestEdges = (branch: string | undefined): EdgeRow[] => {
    const byService = new Map<string, { service: string; version: string; createdAt: string }[]>();
    for (const row of selectDeclaringVersions.all({ branch: branch ?? null })) {
      const list = byService.get(row.service);
      if (list) list.push(row);
      else byService.set(row.service, [row]);
    }
    // Semver ordering is decided in code, as for every other "latest" of the store.
    const latest = [...byService.values()].map((rows) => {
      const last = rows.length === 1 ? rows[0] : sortVersions(rows).at(-1)!;
      return [last.service, last.version];
    });
    return latest.length === 0 ? [] : selectEdgesOf.all(JSON.stringify(latest));
  };

  return {
    listUseEdges: db.transaction((scope: ConsumerScope = {}): UseEdge[] => {
      const rows = scope.environment !== undefined ? selectDeployedEdges.all(scope.environment) : listLatestEdges(scope.branch);
      return rows.map(([consumer, version, provider]) => ({ consumer, version, provider }));
    }),
  };
}
