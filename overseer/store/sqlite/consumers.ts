// Who uses a provider: the declarations of each consumer's counted version (deployed, or latest).

import type Database from 'better-sqlite3';
import type { Declaration, LiveKind } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { pickLatest } from '../latest-version.js';
import { keepOneRowPerVersion } from '../live-versions.js';
import type { ConsumerEntry, ConsumerScope, ConsumerUse, ConsumerUseText } from '../store.js';
import type { createVersions } from './versions.js';

interface UseRow {
  consumer: string;
  version: string;
  uses: string;
  live?: LiveKind;
}

function toUse(provider: string, row: UseRow): ConsumerUse {
  const declaration: Declaration = { consumer: row.consumer, provider, uses: JSON.parse(row.uses) as Declaration['uses'] };
  return { consumer: row.consumer, version: row.version, declaration, ...(row.live && { live: row.live }) };
}

/**
 * Every declaring consumer's latest version (on `branch`, when given) from one read of the versions table: semver
 * ordering is decided in code. The dashboard's edges and the bulk listing of uses both start here.
 */
export function prepareLatestDeclaringVersions(db: Database.Database): (branch: string | undefined) => { service: string; version: string }[] {
  const select = db.prepare<{ branch: string | null }, { service: string; version: string; createdAt: string }>(
    `SELECT v.service, v.version, v.created_at AS createdAt FROM versions v
     WHERE EXISTS (SELECT 1 FROM declarations u WHERE u.service = v.service)
       AND (:branch IS NULL OR EXISTS (SELECT 1 FROM version_branches b WHERE b.service = v.service AND b.version = v.version AND b.branch = :branch))
     ORDER BY v.service, v.id`,
  );
  return (branch) => {
    return [...groupBy(select.all({ branch: branch ?? null }), (row) => row.service).values()].map(pickLatest);
  };
}

export function createConsumers(db: Database.Database, versions: ReturnType<typeof createVersions>) {
  const selectDeployedUses = db.prepare<[string, string], UseRow>(
    // From the provider's declarations to their live deployments (CROSS JOIN fixes that order): the planner, without
    // statistics, walked every live deployment of the environment instead, 20 ms at 5,000 services for any provider.
    // Ordered as declarations_by_provider_consumer is (migration 10), so that no sort follows.
    `SELECT d.service AS consumer, d.version, d.live, u.uses FROM declarations u
     CROSS JOIN deployments d ON d.service = u.service AND d.version = u.version
     WHERE d.environment = ? AND d.replaced_at IS NULL AND u.provider = ? ORDER BY u.service, u.version`,
  );
  const selectDeclaringServices = db.prepare<[string], string>('SELECT DISTINCT service FROM declarations WHERE provider = ? ORDER BY service').pluck();
  const selectUses = db.prepare<[string, string, string], string>('SELECT uses FROM declarations WHERE service = ? AND version = ? AND provider = ?').pluck();
  const selectDeclares = db.prepare<[string, string, string], number>('SELECT 1 FROM declarations WHERE service = ? AND version = ? AND provider = ?').pluck();
  const selectDeployedEntries = db.prepare<[string, string], ConsumerEntry>(
    // selectDeployedUses without the texts.
    `SELECT d.service AS consumer, d.version, d.live FROM declarations u
     CROSS JOIN deployments d ON d.service = u.service AND d.version = u.version
     WHERE d.environment = ? AND d.replaced_at IS NULL AND u.provider = ? ORDER BY u.service, u.version`,
  );

  const selectAllDeployedUses = db.prepare<[string], UseRow & { provider: string }>(
    `SELECT d.service AS consumer, d.version, d.live, u.provider, u.uses FROM deployments d
     JOIN declarations u ON u.service = d.service AND u.version = d.version
     WHERE d.environment = ? AND d.replaced_at IS NULL ORDER BY d.service, u.provider`,
  );
  const selectDeployedUsesOf = db.prepare<[string, string], UseRow & { provider: string }>(
    `SELECT d.service AS consumer, d.version, d.live, u.provider, u.uses FROM declarations u
     CROSS JOIN deployments d ON d.service = u.service AND d.version = u.version
     WHERE d.environment = ? AND d.replaced_at IS NULL AND u.provider IN (SELECT value FROM json_each(?)) ORDER BY d.service, u.provider`,
  );
  const latestDeclaringVersions = prepareLatestDeclaringVersions(db);
  const selectDeclarationsOf = db.prepare<[string, string], { provider: string; uses: string }>(
    'SELECT provider, uses FROM declarations WHERE service = ? AND version = ? ORDER BY provider',
  );

  // Every consumer's latest version from one read of the versions table, then its declarations.
  const listAllLatestUses = (branch: string | undefined): ConsumerUse[] => {
    const uses: ConsumerUse[] = [];
    for (const { service: consumer, version } of latestDeclaringVersions(branch)) {
      for (const d of selectDeclarationsOf.all(consumer, version)) uses.push(toUse(d.provider, { consumer, version, uses: d.uses }));
    }
    return uses;
  };

  // Latest is decided per consumer in code: semver ordering is not expressible in portable SQL.
  const listLatestUses = (provider: string, branch: string | undefined): UseRow[] => {
    const uses: UseRow[] = [];
    for (const consumer of selectDeclaringServices.all(provider)) {
      const latest = versions.latestVersion(consumer, branch);
      const text = latest && selectUses.get(consumer, latest.version, provider);
      if (latest && text !== undefined) uses.push({ consumer, version: latest.version, uses: text });
    }
    return uses;
  };
  const listLatestEntries = (provider: string, branch: string | undefined): ConsumerEntry[] => {
    const entries: ConsumerEntry[] = [];
    for (const consumer of selectDeclaringServices.all(provider)) {
      const latest = versions.latestVersion(consumer, branch);
      if (latest && selectDeclares.get(consumer, latest.version, provider) !== undefined) entries.push({ consumer, version: latest.version });
    }
    return entries;
  };
  // Moved by the triggers of migration 11 on every write to the tables a listing reads.
  const selectGeneration = db.prepare<[], number>('SELECT n FROM use_generation WHERE id = 1').pluck();

  const listUseRows = (provider: string, scope: ConsumerScope): UseRow[] =>
    scope.environment !== undefined ? keepOneRowPerVersion(selectDeployedUses.all(scope.environment, provider)) : listLatestUses(provider, scope.branch);

  return {
    readUseGeneration: (): number => selectGeneration.get() ?? 0,
    listConsumersOf: db.transaction((provider: string, scope: ConsumerScope = {}): ConsumerUse[] =>
      listUseRows(provider, scope).map((row) => toUse(provider, row)),
    ),
    // The rows as they are: the text is handed on unparsed (the gate's workers parse it, not the event loop).
    listConsumerTexts: db.transaction((provider: string, scope: ConsumerScope = {}): ConsumerUseText[] => listUseRows(provider, scope)),
    listConsumerEntries: db.transaction((provider: string, scope: ConsumerScope = {}): ConsumerEntry[] =>
      scope.environment !== undefined
        ? keepOneRowPerVersion(selectDeployedEntries.all(scope.environment, provider))
        : listLatestEntries(provider, scope.branch),
    ),
    readConsumerTexts: db.transaction((provider: string, entries: readonly { consumer: string; version: string }[]) =>
      entries.map(({ consumer, version }) => selectUses.get(consumer, version, provider)),
    ),
    listAllUses: db.transaction((scope: ConsumerScope = {}, providers?: readonly string[]): ConsumerUse[] => {
      if (scope.environment === undefined) {
        const all = listAllLatestUses(scope.branch);
        const kept = providers && new Set(providers);
        return kept ? all.filter((u) => kept.has(u.declaration.provider)) : all;
      }
      const rows = providers ? selectDeployedUsesOf.all(scope.environment, JSON.stringify(providers)) : selectAllDeployedUses.all(scope.environment);
      return keepOneRowPerVersion(rows).map((row) => toUse(row.provider, row));
    }),
  };
}
