// The generation counters and the tables each watches, written once for both dialects' migrations (11, 14, 15). A table
// added to a list, or rebuilt, needs its trigger again.

import type { ConsumerScope } from './records.js';

// The tables whose writes may change who uses whom: migration 11 puts a trigger on each that moves the use generation.
export const USE_GENERATION_TABLES = ['versions', 'declarations', 'version_branches', 'deployments'] as const;

// Migration 14's own number for the services table: a service described again changes no listing, so it leaves the use
// generation alone, and the dashboard's list of owners is kept by this one.
export const SERVICE_GENERATION_TABLES = ['services'] as const;

// Migration 15's number for the latest versions (migration 12's derived table): the listings without a scope read each
// service's latest version, which a deployment leaves alone and a publication of an older version too.
export const LATEST_VERSION_GENERATION_TABLES = ['latest_versions'] as const;

/** SQLite: a trigger per table and write that moves the one row of `counter`. */
export function sqliteGenerationTriggers(counter: string, tables: readonly string[]): string {
  return tables
    .flatMap((table) =>
      ['INSERT', 'UPDATE', 'DELETE'].map(
        (write) => `CREATE TRIGGER ${table}_${write.toLowerCase()}_${counter} AFTER ${write} ON ${table} BEGIN UPDATE ${counter} SET n = n + 1; END;`,
      ),
    )
    .join('\n');
}

/**
 * SQLite, migration 15: a row per environment in `deployment_generations`, moved by every write of one of its deployments
 * (an update moves the environment the row leaves and the one it joins). An environment never deployed to has no row.
 */
export function sqliteDeploymentGenerationTriggers(): string {
  const bump = (row: 'NEW' | 'OLD') =>
    `INSERT INTO deployment_generations (environment, n) VALUES (${row}.environment, 1) ON CONFLICT (environment) DO UPDATE SET n = n + 1;`;
  return [
    `CREATE TRIGGER deployments_insert_deployment_generation AFTER INSERT ON deployments BEGIN ${bump('NEW')} END;`,
    `CREATE TRIGGER deployments_update_deployment_generation AFTER UPDATE ON deployments BEGIN ${bump('OLD')} ${bump('NEW')} END;`,
    `CREATE TRIGGER deployments_delete_deployment_generation AFTER DELETE ON deployments BEGIN ${bump('OLD')} END;`,
  ].join('\n');
}

/** The counters a scope's listings are kept by: what `Store.readScopeGeneration` reads for a scope. */
interface GenerationReaders<T> {
  deployments(environment: string): T;
  uses(): T;
  latestVersions(): T;
}

/** An environment's deployment generation, a branch's use generation (it reads version_branches), else the latest versions'. */
export function readScopeGeneration<T>(readers: GenerationReaders<T>, scope: ConsumerScope = {}): T {
  if (scope.environment !== undefined) return readers.deployments(scope.environment);
  return scope.branch !== undefined ? readers.uses() : readers.latestVersions();
}
