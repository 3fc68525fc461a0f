// Environments and deployments: what is live now is every row not yet ended; live-versions.ts decides which rows a
// deployment ends and adds.

import type pg from 'pg';
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
  Outbox,
} from '../store.js';
import { assertEnvironmentName, assertServiceName, clampLimit, HISTORY_PER_SERVICE, readKeyPage, refuseEnvironmentTwin } from '../validate.js';
import type { WriteKey } from '../write-keys.js';
import { AFTER_NAME, type Queryable, type Transaction, transact } from './db.js';
import { enqueueAfter } from './outbox.js';
import { requireService } from './services.js';
import { requireVersion } from './versions.js';
import type { WriteKeyMemory } from './write-keys.js';

const COLUMNS = 'id, service, version, environment, live, deployed_at AS "deployedAt", replaced_at AS "replacedAt"';

// Rows already have the record's shape; copying keeps driver objects out of callers' hands.
function toDeployment(row: DeploymentRecord): DeploymentRecord {
  return { ...row };
}

async function selectLive(db: Queryable, service: string, environment: string): Promise<DeploymentRecord[]> {
  const rows = await db.query<DeploymentRecord>(
    `SELECT ${COLUMNS} FROM deployments WHERE service = $1 AND environment = $2 AND replaced_at IS NULL ORDER BY id`,
    [service, environment],
  );
  return rows.map(toDeployment);
}

async function record(tx: Transaction, input: DeploymentInput): Promise<DeploymentResult> {
  await requireVersion(tx, input.service, input.version);
  const plan = planDeployment(await selectLive(tx, input.service, input.environment), input.version, input.mode);
  if ('unchanged' in plan) return { status: 'unchanged', deployment: plan.unchanged as DeploymentRecord };
  const time = await tx.now();
  await tx.execute('INSERT INTO environments (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [input.environment, time]);
  for (const id of plan.end) await tx.execute('UPDATE deployments SET replaced_at = $1 WHERE id = $2', [time, id]);
  const [row] = await tx.query<DeploymentRecord>(
    `INSERT INTO deployments (service, version, environment, live, deployed_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [input.service, input.version, input.environment, plan.insert, time],
  );
  return { status: 'created', deployment: toDeployment(row) };
}

async function end(tx: Transaction, input: DeploymentEnd): Promise<DeploymentRecord[]> {
  await requireService(tx, input.service);
  const ids = planEnd(await selectLive(tx, input.service, input.environment), input.service, input.version, input.environment, input.release === true);
  const time = await tx.now();
  const rows = await tx.query<DeploymentRecord>(`UPDATE deployments SET replaced_at = $1 WHERE id = ANY($2::bigint[]) RETURNING ${COLUMNS}`, [time, ids]);
  return rows.map(toDeployment);
}

// Moved at commit by migration 15's trigger on every write of one of the environment's deployments (absent until the
// first), plus migration 20's on every rewrite of a stored version: both only grow, so their sum moves when either does.
// Read by the store's readScopeGeneration, not a verb of its own.
export async function readDeploymentGeneration(db: Queryable, environment: string): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    'SELECT COALESCE((SELECT n FROM deployment_generations WHERE environment = $1), 0) + (SELECT n FROM version_edit_generation WHERE id = 1) AS n',
    [environment],
  );
  return Number(row?.n ?? 0);
}

export function createDeployments(pool: pg.Pool, db: Queryable, remember: WriteKeyMemory) {
  return {
    async recordDeployment(input: DeploymentInput, outbox?: Outbox<DeploymentResult>, writeKey?: WriteKey): Promise<DeploymentResult> {
      assertServiceName(input.service);
      assertEnvironmentName(input.environment);
      // One writer per service and environment across replicas: no duplicate deployment, no two rows live for one
      // version and kind (the partial unique index deployments_live would refuse the second anyway).
      const key = `${input.environment}\n${input.service}`;
      return transact(
        pool,
        async (tx) => {
          const repeated = await remember.read<DeploymentResult>(tx, writeKey);
          // A repeat answered from its key wrote nothing, and announces nothing again.
          if (repeated) return { ...repeated, repeated: true as const };
          return remember.keep(tx, writeKey, await enqueueAfter(tx, await record(tx, input), outbox));
        },
        { lock: { space: 'deployment', key } },
      );
    },
    async endDeployment(input: DeploymentEnd, writeKey?: WriteKey): Promise<DeploymentRecord[]> {
      assertServiceName(input.service);
      assertEnvironmentName(input.environment);
      const key = `${input.environment}\n${input.service}`;
      return transact(pool, async (tx) => (await remember.read<DeploymentRecord[]>(tx, writeKey)) ?? remember.keep(tx, writeKey, await end(tx, input)), {
        lock: { space: 'deployment', key },
      });
    },
    liveDeployments(service: string, environment: string): Promise<DeploymentRecord[]> {
      return selectLive(db, service, environment);
    },
    async currentDeployment(service: string, environment: string): Promise<DeploymentRecord | undefined> {
      return (await selectLive(db, service, environment)).filter((r) => r.live !== 'released').pop();
    },
    async currentDeployments(environment: string, services?: readonly string[]): Promise<DeploymentRecord[]> {
      const rows = await db.query<DeploymentRecord>(
        `SELECT ${COLUMNS} FROM deployments WHERE environment = $1 AND ($2::text[] IS NULL OR service = ANY($2::text[])) AND replaced_at IS NULL ORDER BY service, id`,
        [environment, services ?? null],
      );
      return rows.map(toDeployment);
    },
    async pageCurrentDeployments(environment: string, page: KeyPage<number>): Promise<DeploymentRecord[]> {
      const { after, limit } = readKeyPage(page);
      // Keyset by (service, id), the listing's order: the row named by `after` stays in the table once replaced.
      const rows = await db.query<DeploymentRecord>(
        `SELECT ${COLUMNS} FROM deployments WHERE environment = $1 AND replaced_at IS NULL
         AND ($2::bigint IS NULL OR (service, id) > (SELECT service, id FROM deployments WHERE id = $2)) ORDER BY service, id LIMIT $3`,
        [environment, after, limit],
      );
      return rows.map(toDeployment);
    },
    listDeployedVersions(environment: string): Promise<{ service: string; version: string }[]> {
      return db.query<{ service: string; version: string }>(
        'SELECT service, version FROM deployments WHERE environment = $1 AND replaced_at IS NULL ORDER BY service, version, live',
        [environment],
      );
    },
    async deploymentHistory(query: HistoryQuery = {}): Promise<DeploymentRecord[]> {
      if (query.service !== undefined) await requireService(db, query.service);
      // NULL parameters match every row, so one statement serves all four filter combinations.
      const rows = await db.query<DeploymentRecord>(
        `SELECT ${COLUMNS} FROM deployments
         WHERE ($1::text IS NULL OR service = $1) AND ($2::text IS NULL OR environment = $2)
         ORDER BY deployed_at DESC, id DESC LIMIT $3`,
        [query.service ?? null, query.environment ?? null, clampLimit(query.limit)],
      );
      return rows.map(toDeployment);
    },
    async listReplacedDeployments(environment: string, services: readonly string[]): Promise<DeploymentRecord[]> {
      if (services.length === 0) return [];
      const rows = await db.query<DeploymentRecord>(
        `SELECT ${COLUMNS} FROM (SELECT *, row_number() OVER (PARTITION BY service ORDER BY deployed_at DESC, id DESC) AS n
           FROM deployments WHERE environment = $1 AND service = ANY($2::text[])) d
         WHERE n <= ${HISTORY_PER_SERVICE} AND replaced_at IS NOT NULL ORDER BY service, deployed_at DESC, id DESC`,
        [environment, [...new Set(services)]],
      );
      return rows.map(toDeployment);
    },
    async listEnvironments(page?: KeyPage<string>): Promise<EnvironmentRecord[]> {
      const { after, limit } = readKeyPage(page);
      return db.query<EnvironmentRecord>(`SELECT name, created_at AS "createdAt" FROM environments WHERE ${AFTER_NAME} ORDER BY name LIMIT $2`, [after, limit]);
    },
    async getEnvironment(name: string): Promise<EnvironmentRecord | undefined> {
      const [row] = await db.query<EnvironmentRecord>('SELECT name, created_at AS "createdAt" FROM environments WHERE name = $1', [name]);
      return row && { ...row };
    },
    async createEnvironment(name: string, key?: WriteKey): Promise<EnvironmentResult> {
      assertEnvironmentName(name);
      // Under the lock of the name in any case: a repeat sent while the first is still writing waits for it, and is told
      // its answer; a twin in another case sent at once waits too, and finds the first (refuseEnvironmentTwin).
      return transact(
        pool,
        async (tx) => {
          const repeated = key && (await remember.read<EnvironmentResult>(tx, key));
          if (repeated) return { ...repeated, repeated: true as const };
          const [twin] = await tx.query<{ name: string }>('SELECT name FROM environments WHERE lower(name) = lower($1) AND name <> $1 LIMIT 1', [name]);
          refuseEnvironmentTwin(name, twin?.name);
          const created = await createEnvironment(tx, name);
          return key ? remember.keep(tx, key, created) : created;
        },
        { lock: { space: 'deployment', key: `environment ${name.toLowerCase()}` } },
      );
    },
  };
}

async function createEnvironment(db: Queryable, name: string): Promise<EnvironmentResult> {
  const inserted = await db.query<EnvironmentRecord>(
    'INSERT INTO environments (name, created_at) VALUES ($1, clock_timestamp()) ON CONFLICT (name) DO NOTHING RETURNING name, created_at AS "createdAt"',
    [name],
  );
  if (inserted[0]) return { status: 'created', environment: { ...inserted[0] } };
  const [row] = await db.query<EnvironmentRecord>('SELECT name, created_at AS "createdAt" FROM environments WHERE name = $1', [name]);
  return { status: 'unchanged', environment: { ...row } };
}
