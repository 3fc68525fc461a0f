// Environments and deployments: "deployed now" is the one row per service and environment not yet replaced.

import type pg from 'pg';
import type { DeploymentInput, DeploymentRecord, DeploymentResult, EnvironmentRecord, HistoryQuery, Outbox } from '../store.js';
import { assertEnvironmentName, assertServiceName, clampLimit } from '../validate.js';
import { type Queryable, type Transaction, transact } from './db.js';
import { enqueueAfter } from './outbox.js';
import { requireService } from './services.js';
import { requireVersion } from './versions.js';

const COLUMNS = 'id, service, version, environment, deployed_at AS "deployedAt", replaced_at AS "replacedAt"';

// Rows already have the record's shape; copying keeps driver objects out of callers' hands.
function toDeployment(row: DeploymentRecord): DeploymentRecord {
  return { ...row };
}

async function selectCurrent(db: Queryable, service: string, environment: string): Promise<DeploymentRecord | undefined> {
  const [row] = await db.query<DeploymentRecord>(`SELECT ${COLUMNS} FROM deployments WHERE service = $1 AND environment = $2 AND replaced_at IS NULL`, [
    service,
    environment,
  ]);
  return row && toDeployment(row);
}

async function record(tx: Transaction, input: DeploymentInput): Promise<DeploymentResult> {
  await requireVersion(tx, input.service, input.version);
  const current = await selectCurrent(tx, input.service, input.environment);
  if (current?.version === input.version) return { status: 'unchanged', deployment: current };
  const time = await tx.now();
  await tx.execute('INSERT INTO environments (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [input.environment, time]);
  if (current) await tx.execute('UPDATE deployments SET replaced_at = $1 WHERE id = $2', [time, current.id]);
  const [row] = await tx.query<DeploymentRecord>(
    `INSERT INTO deployments (service, version, environment, deployed_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [input.service, input.version, input.environment, time],
  );
  return { status: 'created', deployment: toDeployment(row) };
}

export function createDeployments(pool: pg.Pool, db: Queryable) {
  return {
    async recordDeployment(input: DeploymentInput, outbox?: Outbox<DeploymentResult>): Promise<DeploymentResult> {
      assertServiceName(input.service);
      assertEnvironmentName(input.environment);
      // One writer per service and environment across replicas: no duplicate deployment, no two current ones
      // (the partial unique index deployments_current would refuse the second anyway).
      const key = `${input.environment}\n${input.service}`;
      return transact(pool, async (tx) => enqueueAfter(tx, await record(tx, input), outbox), { lock: { space: 'deployment', key } });
    },
    currentDeployment(service: string, environment: string): Promise<DeploymentRecord | undefined> {
      return selectCurrent(db, service, environment);
    },
    async currentDeployments(environment: string): Promise<DeploymentRecord[]> {
      const rows = await db.query<DeploymentRecord>(`SELECT ${COLUMNS} FROM deployments WHERE environment = $1 AND replaced_at IS NULL ORDER BY service`, [
        environment,
      ]);
      return rows.map(toDeployment);
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
    async listEnvironments(): Promise<EnvironmentRecord[]> {
      return db.query<EnvironmentRecord>('SELECT name, created_at AS "createdAt" FROM environments ORDER BY name');
    },
    async createEnvironment(name: string): Promise<{ status: 'created' | 'unchanged'; environment: EnvironmentRecord }> {
      assertEnvironmentName(name);
      const inserted = await db.query<EnvironmentRecord>(
        'INSERT INTO environments (name, created_at) VALUES ($1, clock_timestamp()) ON CONFLICT (name) DO NOTHING RETURNING name, created_at AS "createdAt"',
        [name],
      );
      if (inserted[0]) return { status: 'created', environment: { ...inserted[0] } };
      const [row] = await db.query<EnvironmentRecord>('SELECT name, created_at AS "createdAt" FROM environments WHERE name = $1', [name]);
      return { status: 'unchanged', environment: { ...row } };
    },
  };
}
