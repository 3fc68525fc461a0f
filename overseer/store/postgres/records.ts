// The whole store as records, for export and import: one REPEATABLE READ snapshot out, one locked transaction in.

import type pg from 'pg';
import type { Declaration } from '../../../contracts/index.js';
import { type ObservedCallRecord, readObservedRow } from '../observed.js';
import { ID_KINDS, ID_TABLES, type LastIds, RECORD_TABLES, type StoreRecord } from '../store.js';
import { stringifyUses } from '../validate.js';
import { cleanWaivers } from '../waivers.js';
import { REVOKED_TOKEN_COLUMNS, type RevokedTokenRow, type TokenRow, toRevokedToken, toToken, toVerdict, VERDICT_COLUMNS, type VerdictRow } from './audit.js';
import { checkOut, type Queryable, type Transaction, toQueryable, transact, translateError } from './db.js';
import { fillLatestVersions } from './latest-versions.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification } from './outbox.js';
import { type ServiceRow, toService } from './services.js';
import { toVersion, type VersionRow } from './versions.js';

type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;
type Row = Record<string, unknown>;

const PAGE = 500;
const MAX_CHUNK_CHARS = 4_000_000;
type Table = (typeof RECORD_TABLES)[number];
const SEQUENCED: readonly Table[] = ['versions', 'version_branches', 'deployments', 'verdicts', 'revoked_tokens', 'webhooks', 'notifications'];

const VERSION_SQL = `SELECT v.id, v.service, v.version, v.commit_sha, v.published_by, v.contract_hash, v.waivers, v.manifest_file, v.repository,
  v.created_at AS "createdAt",
  ARRAY(SELECT b.branch FROM version_branches b WHERE b.service = v.service AND b.version = v.version ORDER BY b.created_at, b.id) AS branches,
  COALESCE((SELECT json_agg(CASE WHEN d.api IS NULL THEN json_build_object('provider', d.provider, 'uses', d.uses)
    ELSE json_build_object('provider', d.provider, 'uses', d.uses, 'api', d.api) END ORDER BY d.provider)
    FROM declarations d WHERE d.service = v.service AND d.version = v.version), '[]') AS declarations
  FROM versions v WHERE v.id > $1 ORDER BY v.id LIMIT ${PAGE}`;

type FieldsOf<K extends StoreRecord['kind']> = Omit<RecordOf<K>, 'kind'>;
type VersionExportRow = VersionRow & { id: number; declarations: Array<Omit<Declaration, 'consumer'>> };

const NOTIFICATION_SQL = `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id > $1 ORDER BY id LIMIT ${PAGE}`;

// Keyset pages inside the snapshot, so that a large registry never sits in memory at once.
async function* readPages<R extends pg.QueryResultRow>(db: Queryable, sql: string, key: keyof R, first: unknown): AsyncGenerator<R> {
  for (let after = first; ; ) {
    const rows = await db.query<R>(sql, [after]);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1][key];
  }
}

// TypeScript cannot follow a generic kind into the union; the signature ties the fields to the kind.
function tag<K extends StoreRecord['kind']>(kind: K, fields: FieldsOf<K>): StoreRecord {
  return { kind, ...fields } as unknown as StoreRecord;
}

function toVersionRecord(row: VersionExportRow): StoreRecord {
  const declarations = row.declarations.map((d) => ({ consumer: row.service, provider: d.provider, uses: d.uses, ...(d.api !== undefined && { api: d.api }) }));
  return tag('version', { ...toVersion(row), declarations });
}

async function* readAll(db: Queryable): AsyncGenerator<StoreRecord> {
  const apisOf = new Map<string, string[]>();
  for (const { api, service } of await db.query<{ api: string; service: string }>('SELECT api, service FROM provided_apis ORDER BY api')) {
    apisOf.set(service, [...(apisOf.get(service) ?? []), api]);
  }
  for (const row of await db.query<ServiceRow>(
    'SELECT name, owners, slack, slack_mention, repository, hosts, created_at, updated_at FROM services ORDER BY name',
  )) {
    const apis = apisOf.get(row.name);
    yield tag('service', { ...toService(row), ...(apis && { apis }) });
  }
  const contracts = `SELECT hash, canonical, text, format, size, created_at AS "createdAt" FROM contracts WHERE hash > $1 ORDER BY hash LIMIT ${PAGE}`;
  for await (const row of readPages<FieldsOf<'contract'>>(db, contracts, 'hash', '')) yield tag('contract', row);
  for await (const row of readPages<VersionExportRow>(db, VERSION_SQL, 'id', 0)) yield toVersionRecord(row);
  for (const row of await db.query<FieldsOf<'environment'>>('SELECT name, created_at AS "createdAt" FROM environments ORDER BY name')) {
    yield tag('environment', row);
  }
  const deployments = `SELECT id, service, version, environment, live, deployed_at AS "deployedAt", replaced_at AS "replacedAt"
    FROM deployments WHERE id > $1 ORDER BY id LIMIT ${PAGE}`;
  for await (const row of readPages<FieldsOf<'deployment'>>(db, deployments, 'id', 0)) yield tag('deployment', row);
  const verdicts = `SELECT ${VERDICT_COLUMNS} FROM verdicts WHERE id > $1 ORDER BY id LIMIT ${PAGE}`;
  for await (const row of readPages<VerdictRow>(db, verdicts, 'id', 0)) yield tag('verdict', toVerdict(row));
  for (const row of await db.query<TokenRow>('SELECT name, service, hash, scope, created_at AS "createdAt" FROM tokens ORDER BY name')) {
    yield tag('token', toToken(row));
  }
  // A tombstone leaves as a token with the time it was revoked; its id is given again, in dump order, on import.
  for (const row of await db.query<RevokedTokenRow>(`SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens ORDER BY id`)) {
    const { id: _id, ...tombstone } = toRevokedToken(row);
    yield tag('token', tombstone);
  }
  for (const row of await db.query<FieldsOf<'webhook'>>('SELECT id, url, events, secret, created_at AS "createdAt" FROM webhooks ORDER BY id')) {
    yield tag('webhook', row);
  }
  for await (const row of readPages<NotificationRow>(db, NOTIFICATION_SQL, 'id', 0)) yield tag('notification', toNotification(row));
  // Few rows (a caller, provider, operation and environment each, within the window): read at once, as tokens are.
  for (const row of await db.query<ObservedCallRecord & { consumerVersion: string }>(OBSERVED_SQL)) yield tag('observed-call', readObservedRow(row));
}

const OBSERVED_SQL = `SELECT consumer, consumer_version AS "consumerVersion", provider, operation, environment, count, first_seen AS "firstSeen",
  last_seen AS "lastSeen" FROM observed_calls ORDER BY consumer, provider, operation, environment, consumer_version`;

export async function* exportRecords(pool: pg.Pool): AsyncGenerator<StoreRecord> {
  const { client, checkIn } = await checkOut(pool).catch((error: unknown) => Promise.reject(translateError(error)));
  let finished = false;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    yield* readAll(toQueryable(client));
    await client.query('COMMIT');
    finished = true;
  } finally {
    // Also reached when the reader stops early: the snapshot is let go and the client returned.
    if (!finished)
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (error: Error) => error,
      );
    checkIn(broken);
  }
}

type Rows = Record<Table, Row[]>;

// Each record as rows named as the schema's columns, for json_populate_recordset.
const ADD_ROWS: { [K in StoreRecord['kind']]: (rows: Rows, r: RecordOf<K>) => void } = {
  service: (rows, r) => {
    rows.services.push({
      name: r.name,
      owners: r.owners,
      slack: r.slack ?? null,
      slack_mention: r.slackMention ?? null,
      repository: r.repository ?? null,
      hosts: r.hosts ?? null,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    });
    for (const api of r.apis ?? []) rows.provided_apis.push({ api, service: r.name });
  },
  contract: (rows, r) => rows.contracts.push({ hash: r.hash, canonical: r.canonical, text: r.text, format: r.format, size: r.size, created_at: r.createdAt }),
  version: addVersionRows,
  environment: (rows, r) => rows.environments.push({ name: r.name, created_at: r.createdAt }),
  deployment: (rows, r) =>
    rows.deployments.push({
      id: r.id,
      service: r.service,
      version: r.version,
      environment: r.environment,
      live: r.live,
      deployed_at: r.deployedAt,
      replaced_at: r.replacedAt,
    }),
  verdict: (rows, r) =>
    rows.verdicts.push({
      id: r.id,
      service: r.service,
      version: r.version,
      environment: r.environment,
      asked_by: r.askedBy,
      deployable: r.deployable,
      reasons: r.reasons,
      waived: r.waived ?? null,
      notices: r.notices ?? null,
      asked_at: r.askedAt,
      count: r.count,
      last_asked_at: r.lastAskedAt,
    }),
  token: (rows, r) => {
    const token = { name: r.name, service: r.service, hash: r.hash, scope: r.scope ?? null, created_at: r.createdAt };
    if (r.revokedAt === undefined) return void rows.tokens.push(token);
    rows.revoked_tokens.push({ id: rows.revoked_tokens.length + 1, ...token, revoked_at: r.revokedAt, revoked_by: r.revokedBy ?? null });
  },
  webhook: (rows, r) => rows.webhooks.push({ id: r.id, url: r.url, events: r.events, secret: r.secret, created_at: r.createdAt }),
  // Leases are left out: an imported notification is free for any worker to claim.
  notification: (rows, r) =>
    rows.notifications.push({
      id: r.id,
      key: r.key,
      event: r.event,
      channel: r.channel,
      target: r.target,
      payload: r.payload ?? null,
      verdict_id: r.verdictId ?? null,
      status: r.status,
      attempts: r.attempts,
      last_error: r.lastError,
      next_attempt_at: r.nextAttemptAt,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      delivered_at: r.deliveredAt,
    }),
  'observed-call': (rows, r) =>
    rows.observed_calls.push({
      consumer: r.consumer,
      consumer_version: r.consumerVersion ?? '',
      provider: r.provider,
      operation: r.operation,
      environment: r.environment,
      count: r.count,
      first_seen: r.firstSeen,
      last_seen: r.lastSeen,
    }),
};

function addVersionRows(rows: Rows, r: RecordOf<'version'>): void {
  const key = { service: r.service, version: r.version };
  // Ids given in record order, so that publish order (the tie-breaker of version order) is kept.
  rows.versions.push({
    id: rows.versions.length + 1,
    ...key,
    commit_sha: r.commit ?? null,
    published_by: r.publisher ?? null,
    contract_hash: r.contractHash,
    waivers: r.waivers && r.waivers.length > 0 ? cleanWaivers(r.waivers) : null,
    manifest_file: r.manifestFile ?? null,
    repository: r.repository ?? null,
    created_at: r.createdAt,
  });
  // The version's time stands for when each branch was added; ids keep their order.
  for (const branch of r.branches) rows.version_branches.push({ id: rows.version_branches.length + 1, ...key, branch, created_at: r.createdAt });
  // Uses as SQLite and publishing store them: keys sorted.
  for (const d of r.declarations)
    rows.declarations.push({ ...key, provider: d.provider, uses: JSON.parse(stringifyUses(d.uses)) as unknown, api: d.api ?? null });
}

function toRows(records: readonly StoreRecord[]): Rows {
  const rows = Object.fromEntries(RECORD_TABLES.map((t) => [t, [] as Row[]])) as Rows;
  for (const record of records) (ADD_ROWS[record.kind] as (rows: Rows, r: StoreRecord) => void)(rows, record);
  return rows;
}

function* chunkJson(rows: Row[]): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && size + text.length > MAX_CHUNK_CHARS) {
      yield `[${parts.join(',')}]`;
      [parts, size] = [[], 0];
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length > 0) yield `[${parts.join(',')}]`;
}

async function writeRows(tx: Transaction, table: Table, rows: Row[]): Promise<void> {
  for (const chunk of chunkJson(rows)) {
    await tx.execute(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [chunk]);
  }
}

async function isEmpty(tx: Transaction): Promise<boolean> {
  const [row] = await tx.query<{ taken: boolean }>(`SELECT ${RECORD_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS taken`);
  return !row.taken;
}

/** Each sequence's last value, whether or not its row is still there; a sequence set but not yet used has given one less. */
export async function readLastIds(db: Queryable): Promise<LastIds> {
  const names = ID_KINDS.map((kind) => `pg_get_serial_sequence('${ID_TABLES[kind]}', 'id') AS ${kind}`);
  const [sequences] = await db.query<Record<keyof LastIds, string>>(`SELECT ${names.join(', ')}`);
  // The names come from the catalogue, quoted as identifiers where needed.
  const reads = ID_KINDS.map((kind) => `(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${sequences[kind]}) AS ${kind}`);
  const [last] = await db.query<LastIds>(`SELECT ${reads.join(', ')}`);
  return last;
}

export async function importRecords(pool: pg.Pool, records: readonly StoreRecord[], lastIds?: LastIds): Promise<boolean> {
  const imported = await writeImport(pool, records, lastIds);
  // A bulk load leaves the planner without statistics until autovacuum gets to the tables, a minute or more later:
  // meanwhile a registry of 5,000 services moved here planned its reads blind, and its first checks and asks cost
  // many times their usual CPU. The tables are analysed once the rows are in.
  if (imported) await pool.query('ANALYZE');
  return imported;
}

function writeImport(pool: pg.Pool, records: readonly StoreRecord[], lastIds?: LastIds): Promise<boolean> {
  return transact(pool, async (tx) => {
    // Writers on any replica wait until the import is in; readers go on.
    await tx.execute(`LOCK TABLE ${RECORD_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    if (!(await isEmpty(tx))) return false;
    const rows = toRows(records);
    for (const table of RECORD_TABLES) await writeRows(tx, table, rows[table]);
    await fillLatestVersions(tx);
    // A dump before format 5 carries no API claims of its own: each API a declaration was resolved by is claimed again.
    await tx.execute(
      'INSERT INTO provided_apis (api, service) SELECT DISTINCT api, provider FROM declarations WHERE api IS NOT NULL AND api <> provider ON CONFLICT DO NOTHING',
    );
    for (const table of SEQUENCED) {
      const kind = ID_KINDS.find((k) => ID_TABLES[k] === table);
      // Versions and branches never leave the registry by id: the largest imported is enough.
      const last = kind && lastIds ? lastIds[kind] : 0;
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(COALESCE(MAX(id), 0), $1::bigint) + 1, false) FROM ${table}`, [last]);
    }
    return true;
  });
}
