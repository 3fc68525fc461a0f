// The whole store as records, for export: one REPEATABLE READ snapshot, read in keyset pages (import-records.ts writes them back).

import type pg from 'pg';
import type { Declaration } from '../../../contracts/index.js';
import { type ObservedCallRecord, readObservedRow } from '../observed.js';
import { ID_KINDS, ID_TABLES, type LastIds, type StoreRecord } from '../store.js';
import { REVOKED_TOKEN_COLUMNS, type RevokedTokenRow, type TokenRow, toRevokedToken, toToken, toVerdict, VERDICT_COLUMNS, type VerdictRow } from './audit.js';
import { checkOut, type Queryable, toQueryable, translateError } from './db.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification } from './outbox.js';
import { type ServiceRow, toService } from './services.js';
import { toVersion, type VersionRow } from './versions.js';

type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;

const PAGE = 500;

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

/** Each sequence's last value, whether or not its row is still there; a sequence set but not yet used has given one less. */
export async function readLastIds(db: Queryable): Promise<LastIds> {
  const names = ID_KINDS.map((kind) => `pg_get_serial_sequence('${ID_TABLES[kind]}', 'id') AS ${kind}`);
  const [sequences] = await db.query<Record<keyof LastIds, string>>(`SELECT ${names.join(', ')}`);
  // The names come from the catalogue, quoted as identifiers where needed.
  const reads = ID_KINDS.map((kind) => `(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${sequences[kind]}) AS ${kind}`);
  const [last] = await db.query<LastIds>(`SELECT ${reads.join(', ')}`);
  return last;
}
