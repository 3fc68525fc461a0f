// Services: the names, owners and channels that everything else hangs from.

import type pg from 'pg';
import { hostTaken, StoreError } from '../errors.js';
import { describeNearNames, keepNearNames } from '../near-names.js';
import { findHolders, isNewRepository, repositoryTaken } from '../repository-holders.js';
import { readServiceQuery } from '../service-query.js';
import type { KeyPage, ServiceInput, ServicePage, ServiceQuery, ServiceRecord, WriteStatus } from '../store.js';
import { assertService, readKeyPage } from '../validate.js';
import { AFTER_NAME, LOCKS, type Queryable, type Transaction, transact } from './db.js';
import { assertServiceNameFree } from './provided-apis.js';

export interface ServiceRow {
  name: string;
  owners: string[];
  slack: string | null;
  slack_mention: string | null;
  repository: string | null;
  hosts: string[] | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'name, owners, slack, slack_mention, repository, hosts, created_at, updated_at';

export function toService(row: ServiceRow): ServiceRecord {
  return {
    name: row.name,
    owners: row.owners,
    ...(row.slack !== null && { slack: row.slack }),
    ...(row.slack_mention !== null && { slackMention: row.slack_mention }),
    ...(row.repository !== null && { repository: row.repository }),
    ...(row.hosts !== null && { hosts: row.hosts }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const sameList = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((item, i) => item === b[i]);

function isSame(row: ServiceRow, owners: string[], slack: string | null, mention: string | null, repository: string | null, hosts: string[] | null): boolean {
  return row.slack === slack && row.slack_mention === mention && row.repository === repository && sameList(row.owners, owners) && sameList(row.hosts, hosts);
}

/** Throws ERR_SERVICE_UNKNOWN; for verbs that act under a service. */
export async function requireService(db: Queryable, name: string): Promise<void> {
  const rows = await db.query('SELECT 1 FROM services WHERE name = $1', [name]);
  if (rows.length === 0) throw new StoreError('ERR_SERVICE_UNKNOWN', `unknown service: ${name}`, { service: name });
}

/**
 * A host names one service: observed calls are attributed by it. Writers of hosts take one lock, held to the end of
 * their transaction, so two services registered at once on two replicas cannot both claim a host.
 */
async function assertHostsFree(tx: Transaction, name: string, hosts: string[]): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, 0)', [LOCKS.hosts]);
  const [owner] = await tx.query<{ name: string; host: string }>(
    `SELECT s.name, h.host FROM services s CROSS JOIN LATERAL unnest(s.hosts) WITH ORDINALITY AS h(host, position)
     WHERE s.hosts && $2::text[] AND s.name <> $1 AND h.host = ANY($2::text[]) ORDER BY s.name, h.position LIMIT 1`,
    [name, hosts],
  );
  if (owner) throw hostTaken(owner.host, owner.name, name);
}

/**
 * A repository is the first service's to name it: writers of a repository new to them take one lock, so two services
 * naming one at once on two replicas cannot both have it. URLs and cases are read alike: the text narrows, the key decides.
 */
async function assertRepositoryFree(tx: Transaction, name: string, previous: string | null, repository: string | null): Promise<void> {
  const key = isNewRepository(previous, repository);
  if (key === undefined) return;
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, 0)', [LOCKS.repositories]);
  const rows = await tx.query<{ name: string; repository: string | null }>(
    'SELECT name, repository FROM services WHERE repository IS NOT NULL AND name <> $1 AND strpos(lower(repository), $2) > 0',
    [name, key],
  );
  const holders = findHolders(rows, key, name);
  if (holders.length > 0) throw repositoryTaken(key, holders, name);
}

/** Creates or replaces a service inside a transaction the caller holds (an upsert alone, or a publication). */
export async function writeService(tx: Transaction, service: ServiceInput): Promise<{ status: WriteStatus; service: ServiceRecord }> {
  assertService(service);
  const owners = [...service.owners];
  const slack = service.slack ?? null;
  const mention = service.slackMention ?? null;
  const repository = service.repository ?? null;
  const hosts = service.hosts && service.hosts.length > 0 ? [...service.hosts] : null;
  const [existing] = await tx.query<ServiceRow>(`SELECT ${COLUMNS} FROM services WHERE name = $1`, [service.name]);
  if (existing && isSame(existing, owners, slack, mention, repository, hosts)) return { status: 'unchanged', service: toService(existing) };
  if (!existing) await assertServiceNameFree(tx, service.name);
  if (hosts !== null && !(existing && sameList(existing.hosts, hosts))) await assertHostsFree(tx, service.name, hosts);
  await assertRepositoryFree(tx, service.name, existing?.repository ?? null, repository);
  const time = await tx.now();
  const values = [service.name, owners, slack, repository, time, mention, hosts];
  const [row] = existing
    ? await tx.query<ServiceRow>(
        `UPDATE services SET owners = $2, slack = $3, repository = $4, updated_at = $5, slack_mention = $6, hosts = $7 WHERE name = $1 RETURNING ${COLUMNS}`,
        values,
      )
    : await tx.query<ServiceRow>(`INSERT INTO services (${COLUMNS}) VALUES ($1, $2, $3, $6, $4, $7, $5, $5) RETURNING ${COLUMNS}`, values);
  return { status: existing ? 'updated' : 'created', service: toService(row) };
}

export function createServices(pool: pg.Pool, db: Queryable) {
  return {
    async upsertService(service: ServiceInput): Promise<{ status: WriteStatus; service: ServiceRecord }> {
      assertService(service);
      // The lock makes the read and the write one step against another replica's upsert of the same name.
      return transact(pool, (tx) => writeService(tx, service), { lock: { space: 'service', key: service.name } });
    },
    async getService(name: string): Promise<ServiceRecord | undefined> {
      const [row] = await db.query<ServiceRow>(`SELECT ${COLUMNS} FROM services WHERE name = $1`, [name]);
      return row && toService(row);
    },
    async listServices(page?: KeyPage<string>): Promise<ServiceRecord[]> {
      const { after, limit } = readKeyPage(page);
      return (await db.query<ServiceRow>(`SELECT ${COLUMNS} FROM services WHERE ${AFTER_NAME} ORDER BY name LIMIT $2`, [after, limit])).map(toService);
    },
    async findServices(query?: ServiceQuery): Promise<ServicePage> {
      const { needle, names, liveOr, offset, limit } = readServiceQuery(query);
      // A null filter passes every row: one statement serves every combination.
      const where = `($1::text IS NULL OR strpos(name, $1) > 0 OR EXISTS (SELECT 1 FROM unnest(owners) o WHERE strpos(lower(o), $1) > 0))
        AND ($2::text[] IS NULL OR name = ANY($2::text[]))
        AND ($3::text[] IS NULL OR name = ANY($3::text[])
          OR EXISTS (SELECT 1 FROM deployments d WHERE d.service = services.name AND d.replaced_at IS NULL))`;
      const filters = [needle ?? null, names ?? null, liveOr ?? null];
      const [rows, [counts]] = await Promise.all([
        db.query<ServiceRow>(`SELECT ${COLUMNS} FROM services WHERE ${where} ORDER BY name LIMIT $4 OFFSET $5`, [...filters, limit, offset]),
        db.query<{ matching: number; total: number }>(
          `SELECT count(*) FILTER (WHERE ${where})::int AS matching, count(*)::int AS total FROM services`,
          filters,
        ),
      ]);
      return { services: rows.map(toService), matching: counts.matching, total: counts.total };
    },
    async listServiceNamesNear(name: string, edits: number): Promise<string[]> {
      const { shortest, longest, pieces } = describeNearNames(name, edits);
      const rows = await db.query<{ name: string }>(
        'SELECT name FROM services WHERE length(name) BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM unnest($3::text[]) p WHERE strpos(lower(name), p) > 0) ORDER BY name',
        [shortest, longest, pieces],
      );
      return keepNearNames(
        name,
        edits,
        rows.map((row) => row.name),
      );
    },
    async listServiceOwners(): Promise<{ name: string; owner?: string }[]> {
      const rows = await db.query<{ name: string; owner: string | null }>('SELECT name, owners[1] AS owner FROM services ORDER BY name');
      return rows.map(({ name, owner }) => (owner === null ? { name } : { name, owner }));
    },
    listProvidedApis: (): Promise<{ api: string; service: string }[]> => db.query('SELECT api, service FROM provided_apis ORDER BY api'),
    async readServiceGeneration(): Promise<number> {
      const [row] = await db.query<{ n: string }>('SELECT n FROM service_generation WHERE id = 1');
      return Number(row?.n ?? 0);
    },
  };
}
