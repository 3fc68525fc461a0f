// The dependency graph's edges for the dashboard: consumer, counted version, provider, read without the uses' JSON,
// whose parsing cost more than the rest of a 5,000-service graph page.

import type Database from 'better-sqlite3';
import type { ConsumerScope, UseEdge } from '../store.js';
import { prepareLatestDeclaringVersions } from './consumers.js';

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
  // From the providers' declarations to their live deployments (CROSS JOIN fixes that order), as listAllUses does.
  const selectDeployedEdgesOf = db
    .prepare<[string, string], EdgeRow>(
      `SELECT d.service, d.version, u.provider FROM declarations u
       CROSS JOIN deployments d ON d.service = u.service AND d.version = u.version
       WHERE d.environment = ? AND d.replaced_at IS NULL AND u.provider IN (SELECT value FROM json_each(?)) ORDER BY d.service, u.provider`,
    )
    .raw(true);
  const latestDeclaringVersions = prepareLatestDeclaringVersions(db);
  // One read for every consumer's latest version: the pairs go in as one JSON array, searched by the primary key. No
  // ORDER BY: sorting in SQL cost half the read, while the rows come nearly in order and are sorted below.
  const selectEdgesOf = db
    .prepare<[string], EdgeRow>(
      `SELECT u.service, u.version, u.provider FROM json_each(?) l
       JOIN declarations u ON u.service = l.value ->> '$[0]' AND u.version = l.value ->> '$[1]'`,
    )
    .raw(true);

  // Every service's latest version as kept on publish (migration 12): one join, in the order of both primary keys.
  const selectLatestEdges = db
    .prepare<[], EdgeRow>(
      `SELECT u.service, u.version, u.provider FROM latest_versions l
       JOIN declarations u ON u.service = l.service AND u.version = l.version ORDER BY u.service, u.provider`,
    )
    .raw(true);

  // On a branch, "latest" is still decided in code: the kept row is the latest over every branch.
  const listLatestEdges = (branch: string | undefined): EdgeRow[] => {
    if (branch === undefined) return selectLatestEdges.all();
    const latest = latestDeclaringVersions(branch).map((l) => [l.service, l.version]);
    if (latest.length === 0) return [];
    return selectEdgesOf.all(JSON.stringify(latest)).sort((a, b) => compareText(a[0], b[0]) || compareText(a[2], b[2]));
  };

  // Every graph page reads the latest edges (25,000 at 5,000 services), and they change only with a write the use
  // generation counts (migration 11), from this process or another: they are kept while it reads the same.
  const readGeneration = db.prepare<[], number>('SELECT n FROM use_generation WHERE id = 1').pluck();
  let kept: { generation: number; edges: readonly UseEdge[] } | undefined;
  const listEveryLatestEdge = (): UseEdge[] => {
    const generation = readGeneration.get()!;
    if (kept?.generation !== generation) {
      const edges = selectLatestEdges.all().map(([consumer, version, provider]) => Object.freeze({ consumer, version, provider }));
      kept = { generation, edges };
    }
    return [...kept.edges];
  };

  // Plus migration 20's number: an API claim rewrites the declarations of latest versions without a new latest version.
  const selectLatestGeneration = db
    .prepare<[], number>('SELECT (SELECT n FROM latest_version_generation WHERE id = 1) + (SELECT n FROM version_edit_generation WHERE id = 1)')
    .pluck();
  const selectLatestVersions = db.prepare<[], { service: string; version: string }>('SELECT service, version FROM latest_versions ORDER BY service');

  // Migration 19's rows, less those a service has taken since or no declaration names any more: usually none.
  const selectUnknownProviders = db
    .prepare<[], string>(
      `SELECT p.provider FROM unknown_providers p WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.name = p.provider)
       AND EXISTS (SELECT 1 FROM declarations u WHERE u.provider = p.provider) ORDER BY p.provider`,
    )
    .pluck();

  return {
    listUnknownProviders: (): string[] => selectUnknownProviders.all(),
    listLatestVersions: (): { service: string; version: string }[] => selectLatestVersions.all(),
    readLatestVersionGeneration: (): number => selectLatestGeneration.get() ?? 0,
    listUseEdges: db.transaction((scope: ConsumerScope = {}, providers?: readonly string[]): UseEdge[] => {
      if (scope.environment === undefined && scope.branch === undefined && !providers) return listEveryLatestEdge();
      let rows: EdgeRow[];
      if (scope.environment === undefined) {
        const kept = providers && new Set(providers);
        rows = kept ? listLatestEdges(scope.branch).filter((r) => kept.has(r[2])) : listLatestEdges(scope.branch);
      } else rows = providers ? selectDeployedEdgesOf.all(scope.environment, JSON.stringify(providers)) : selectDeployedEdges.all(scope.environment);
      return rows.map(([consumer, version, provider]) => ({ consumer, version, provider }));
    }),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
