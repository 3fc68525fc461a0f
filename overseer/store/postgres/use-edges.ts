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

// Moved at commit by migration 15's trigger when a service's latest version changes. Read by the store's
// readScopeGeneration, not a verb of its own.
export async function readLatestVersionGeneration(db: Queryable): Promise<number> {
  // Plus migration 20's number: an API claim rewrites the declarations of latest versions without a new latest version.
  const [row] = await db.query<{ n: string }>(
    'SELECT (SELECT n FROM latest_version_generation WHERE id = 1) + (SELECT n FROM version_edit_generation WHERE id = 1) AS n',
  );
  return Number(row?.n ?? 0);
}

export function createUseEdges(db: Queryable) {
  // Every graph page reads the latest edges (25,000 at 5,000 services), and they change only with a write the use
  // generation counts (migration 11, moved at commit), on any replica. Read first: edges read after it are at least
  // as new, so a later generation tells the kept ones apart.
  let kept: { generation: string; edges: readonly UseEdge[] } | undefined;
  const listEveryLatestEdge = async (): Promise<UseEdge[]> => {
    const [{ n: generation }] = await db.query<{ n: string }>('SELECT n FROM use_generation WHERE id = 1');
    if (kept?.generation !== generation) kept = { generation, edges: (await listLatestEdges(db, undefined)).map((e) => Object.freeze(e)) };
    return [...kept.edges];
  };

  return {
    // Migration 19's rows, less those a service has taken since or no declaration names any more: usually none.
    listUnknownProviders: async (): Promise<string[]> =>
      (
        await db.query<{ provider: string }>(
          `SELECT p.provider FROM unknown_providers p WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.name = p.provider)
           AND EXISTS (SELECT 1 FROM declarations u WHERE u.provider = p.provider) ORDER BY p.provider`,
        )
      ).map((r) => r.provider),
    listLatestVersions: () => db.query<{ service: string; version: string }>('SELECT service, version FROM latest_versions ORDER BY service'),
    async listUseEdges(scope: ConsumerScope = {}, providers?: readonly string[]): Promise<UseEdge[]> {
      if (scope.environment === undefined && scope.branch === undefined && !providers) return listEveryLatestEdge();
      if (scope.environment !== undefined) return listDeployedEdges(db, scope.environment, providers);
      const all = await listLatestEdges(db, scope.branch);
      const kept = providers && new Set(providers);
      return kept ? all.filter((e) => kept.has(e.provider)) : all;
    },
  };
}
