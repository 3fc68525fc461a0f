// The dependency graph's edges for the dashboard: consumer, counted version, provider, read without the uses' JSON,
// whose parsing cost more than the rest of a 5,000-service graph page.

import type { ConsumerScope, UseEdge } from '../store.js';
import { listLatestDeclaringVersions } from './consumers.js';
import type { Queryable } from './db.js';

async function listDeployedEdges(db: Queryable, environment: string, providers: readonly string[] | undefined): Promise<UseEdge[]> {
  return db.query<UseEdge>(
    `SELECT d.service AS consumer, d.version, u.provider FROM deployments d
     JOIN declarations u ON u.service = d.service AND u.version = d.version
     WHERE d.environment = $1 AND d.replaced_at IS NULL AND ($2::text[] IS NULL OR u.provider = ANY($2::text[])) ORDER BY d.service, u.provider`,
    [environment, providers ? [...providers] : null],
  );
}

// Every service's latest version as kept on publish (migration 12), in one join; on a branch, "latest" is still decided
// in code (the kept row is the latest over every branch): every consumer's latest version, then its edges.
async function listLatestEdges(db: Queryable, branch: string | undefined): Promise<UseEdge[]> {
  if (branch === undefined)
    return db.query<UseEdge>(
      `SELECT u.service AS consumer, u.version, u.provider FROM latest_versions l
       JOIN declarations u ON u.service = l.service AND u.version = l.version ORDER BY u.service, u.provider`,
    );
  const latest = await listLatestDeclaringVersions(db, branch);
  if (latest.length === 0) return [];
  return db.query<UseEdge>(
    `SELECT u.service AS consumer, u.version, u.provider FROM declarations u
     JOIN unnest($1::text[], $2::text[]) AS l (service, version) ON l.service = u.service AND l.version = u.version
     ORDER BY u.service, u.provider`,
    [latest.map((l) => l.service), latest.map((l) => l.version)],
  );
}

export function createUseEdges(db: Queryable) {
  // Every graph page reads the latest edges (25,000 at 5,000 services), and they change only when a version is
  // published: versions are never deleted, so their committed count moves with every publication, on any replica.
  // Counted first: edges read after it are at least as new, so a later count tells the kept ones apart.
  let kept: { versions: number; edges: readonly UseEdge[] } | undefined;
  const listEveryLatestEdge = async (): Promise<UseEdge[]> => {
    const [{ versions }] = await db.query<{ versions: number }>('SELECT count(*)::int AS versions FROM versions');
    if (kept?.versions !== versions) kept = { versions, edges: (await listLatestEdges(db, undefined)).map((e) => Object.freeze(e)) };
    return [...kept.edges];
  };

  return {
    async listUseEdges(scope: ConsumerScope = {}, providers?: readonly string[]): Promise<UseEdge[]> {
      if (scope.environment === undefined && scope.branch === undefined && !providers) return listEveryLatestEdge();
      if (scope.environment !== undefined) return listDeployedEdges(db, scope.environment, providers);
      const all = await listLatestEdges(db, scope.branch);
      const kept = providers && new Set(providers);
      return kept ? all.filter((e) => kept.has(e.provider)) : all;
    },
  };
}
