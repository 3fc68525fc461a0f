// Environments and deployments: what is live now is every row not yet ended; live-versions.ts decides which rows a
// deployment ends and adds.

import type Database from 'better-sqlite3';
import { planDeployment, planEnd } from '../live-versions.js';
import type {
  DeploymentEnd,
  DeploymentInput,
  DeploymentRecord,
  DeploymentResult,
  EnvironmentRecord,
  EnvironmentResult,
  HistoryQuery,
  KeyPage,
} from '../store.js';
import { assertEnvironmentName, assertServiceName, clampLimit, HISTORY_PER_SERVICE, readKeyPage, refuseEnvironmentTwin } from '../validate.js';
import type { WriteKey } from '../write-keys.js';
import { AFTER_NAME, PAGE_LIMIT, type PageBounds } from './key-pages.js';
import type { WriteKeyMemory } from './write-keys.js';

interface DeploymentRow {
  id: number;
  service: string;
  version: string;
  environment: string;
  live: DeploymentRecord['live'];
  deployedAt: string;
  replacedAt: string | null;
}

export const DEPLOYMENT_COLUMNS = 'id, service, version, environment, live, deployed_at AS deployedAt, replaced_at AS replacedAt';

// Rows already have the record's shape; copying keeps driver objects out of callers' hands.
function toDeployment(row: DeploymentRow): DeploymentRecord {
  return { ...row };
}

/** Existence checks that throw ERR_SERVICE_UNKNOWN / ERR_VERSION_UNKNOWN. */
interface Guards {
  requireService(service: string): void;
  requireVersion(service: string, version: string): unknown;
}

export function createDeployments(db: Database.Database, now: () => string, guards: Guards, remember: WriteKeyMemory) {
  const insertEnvironment = db.prepare<[string, string]>('INSERT OR IGNORE INTO environments (name, created_at) VALUES (?, ?)');
  const selectEnvironment = db.prepare<[string], { name: string; createdAt: string }>('SELECT name, created_at AS createdAt FROM environments WHERE name = ?');
  const selectTwin = db.prepare<[string, string], { name: string }>('SELECT name FROM environments WHERE lower(name) = lower(?) AND name <> ? LIMIT 1');
  const selectEnvironments = db.prepare<PageBounds<string>, { name: string; createdAt: string }>(
    `SELECT name, created_at AS createdAt FROM environments WHERE ${AFTER_NAME} ORDER BY name ${PAGE_LIMIT}`,
  );
  const selectLive = db.prepare<[string, string], DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE service = ? AND environment = ? AND replaced_at IS NULL ORDER BY id`,
  );
  const selectLiveIn = db.prepare<[string], DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE environment = ? AND replaced_at IS NULL ORDER BY service, id`,
  );
  const selectLiveInFor = db.prepare<[string, string], DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE environment = ? AND service IN (SELECT value FROM json_each(?)) AND replaced_at IS NULL ORDER BY service, id`,
  );
  // Keyset by (service, id), the listing's order: the row named by `after` stays in the table once replaced.
  const selectLivePage = db.prepare<PageBounds<number> & { environment: string }, DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE environment = :environment AND replaced_at IS NULL
     AND (:after IS NULL OR (service, id) > (SELECT service, id FROM deployments WHERE id = :after)) ORDER BY service, id ${PAGE_LIMIT}`,
  );
  // Moved by migration 15's triggers on every write of one of the environment's deployments (absent until the first),
  // plus migration 20's on every rewrite of a stored version: both only grow, so their sum moves when either does.
  const selectGeneration = db
    .prepare<[string], number>(
      'SELECT COALESCE((SELECT n FROM deployment_generations WHERE environment = ?), 0) + (SELECT n FROM version_edit_generation WHERE id = 1)',
    )
    .pluck();
  // Every column from deployments_live (migration 3): no row of the table is read, and no sort follows.
  const selectDeployedVersions = db
    .prepare<[string], [string, string]>(
      'SELECT service, version FROM deployments WHERE environment = ? AND replaced_at IS NULL ORDER BY service, version, live',
    )
    .raw(true);
  const selectById = db.prepare<[number | bigint], DeploymentRow>(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE id = ?`);
  const markReplaced = db.prepare<[string, number]>('UPDATE deployments SET replaced_at = ? WHERE id = ?');
  const insertDeployment = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO deployments (service, version, environment, live, deployed_at) VALUES (?, ?, ?, ?, ?)',
  );
  // NULL parameters match every row, so one statement serves all four filter combinations.
  const selectHistory = db.prepare<{ service: string | null; environment: string | null; limit: number }, DeploymentRow>(
    `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments
     WHERE (:service IS NULL OR service = :service) AND (:environment IS NULL OR environment = :environment)
     ORDER BY deployed_at DESC, id DESC LIMIT :limit`,
  );

  const record = db.transaction((input: DeploymentInput): DeploymentResult => {
    guards.requireVersion(input.service, input.version);
    const plan = planDeployment(selectLive.all(input.service, input.environment), input.version, input.mode);
    if ('unchanged' in plan) return { status: 'unchanged', deployment: toDeployment(plan.unchanged as DeploymentRow) };
    const time = now();
    insertEnvironment.run(input.environment, time);
    for (const id of plan.end) markReplaced.run(time, id);
    const { lastInsertRowid } = insertDeployment.run(input.service, input.version, input.environment, plan.insert, time);
    return { status: 'created', deployment: toDeployment(selectById.get(lastInsertRowid)!) };
  });

  const recordOnce = db.transaction((input: DeploymentInput, key: WriteKey | undefined): DeploymentResult => {
    const repeated = key && remember.read<DeploymentResult>(key);
    if (repeated) return { ...repeated, repeated: true };
    return remember.keep(key, record(input));
  });

  const end = db.transaction((input: DeploymentEnd): DeploymentRecord[] => {
    guards.requireService(input.service);
    const ids = planEnd(selectLive.all(input.service, input.environment), input.service, input.version, input.environment, input.release === true);
    const time = now();
    for (const id of ids) markReplaced.run(time, id);
    return ids.map((id) => toDeployment(selectById.get(id)!));
  });

  const endOnce = db.transaction(
    (input: DeploymentEnd, key: WriteKey | undefined): DeploymentRecord[] => (key && remember.read<DeploymentRecord[]>(key)) || remember.keep(key, end(input)),
  );

  // One transaction, so that a read back refused as busy undoes the insert too: tried again, it says 'created' again.
  // The key is read and kept in the same transaction: a repeat is told "created" as the first sending was.
  const create = db.transaction((name: string, key: WriteKey | undefined): EnvironmentResult => {
    const repeated = key && remember.read<EnvironmentResult>(key);
    if (repeated) return { ...repeated, repeated: true };
    refuseEnvironmentTwin(name, selectTwin.get(name, name)?.name);
    const { changes } = insertEnvironment.run(name, now());
    return remember.keep(key, { status: changes > 0 ? 'created' : 'unchanged', environment: { ...selectEnvironment.get(name)! } });
  });

  const deploymentHistory = db.transaction((query: HistoryQuery = {}): DeploymentRecord[] => {
    if (query.service !== undefined) guards.requireService(query.service);
    const filter = { service: query.service ?? null, environment: query.environment ?? null, limit: clampLimit(query.limit) };
    return selectHistory.all(filter).map(toDeployment);
  });

  return {
    recordDeployment(input: DeploymentInput, key?: WriteKey): DeploymentResult {
      assertServiceName(input.service);
      assertEnvironmentName(input.environment);
      return recordOnce.immediate(input, key);
    },
    endDeployment(input: DeploymentEnd, key?: WriteKey): DeploymentRecord[] {
      assertServiceName(input.service);
      assertEnvironmentName(input.environment);
      return endOnce.immediate(input, key);
    },
    liveDeployments(service: string, environment: string): DeploymentRecord[] {
      return selectLive.all(service, environment).map(toDeployment);
    },
    currentDeployment(service: string, environment: string): DeploymentRecord | undefined {
      const row = selectLive
        .all(service, environment)
        .filter((r) => r.live !== 'released')
        .pop();
      return row && toDeployment(row);
    },
    currentDeployments(environment: string, services?: readonly string[]): DeploymentRecord[] {
      const rows = services === undefined ? selectLiveIn.all(environment) : selectLiveInFor.all(environment, JSON.stringify(services));
      return rows.map(toDeployment);
    },
    pageCurrentDeployments(environment: string, page: KeyPage<number>): DeploymentRecord[] {
      return selectLivePage.all({ environment, ...readKeyPage(page) }).map(toDeployment);
    },
    listDeployedVersions(environment: string): { service: string; version: string }[] {
      return selectDeployedVersions.all(environment).map(([service, version]) => ({ service, version }));
    },
    deploymentHistory,
    // One snapshot of them all, as PostgreSQL's one statement reads them.
    listReplacedDeployments: db.transaction((environment: string, services: readonly string[]): DeploymentRecord[] =>
      [...new Set(services)]
        .sort()
        .flatMap((service) => selectHistory.all({ service, environment, limit: HISTORY_PER_SERVICE }))
        .filter((row) => row.replacedAt !== null)
        .map(toDeployment),
    ),
    readDeploymentGeneration: (environment: string): number => selectGeneration.get(environment) ?? 0,
    listEnvironments(page?: KeyPage<string>): EnvironmentRecord[] {
      return selectEnvironments.all(readKeyPage(page)).map((row) => ({ ...row }));
    },
    getEnvironment(name: string): EnvironmentRecord | undefined {
      const row = selectEnvironment.get(name);
      return row && { ...row };
    },
    createEnvironment(name: string, key?: WriteKey): EnvironmentResult {
      assertEnvironmentName(name);
      return create.immediate(name, key);
    },
  };
}
