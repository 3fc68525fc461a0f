// The whole store as records, for export: one read transaction, one snapshot (import-records.ts writes them back).

import type Database from 'better-sqlite3';
import type { Declaration } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { type ObservedCallRecord, readObservedRow } from '../observed.js';
import { type DeploymentRecord, ID_KINDS, ID_TABLES, type LastIds, type StoreRecord } from '../store.js';
import {
  REVOKED_TOKEN_COLUMNS,
  type RevokedTokenRow,
  TOKEN_COLUMNS,
  type TokenRow,
  toRevokedToken,
  toToken,
  toVerdict,
  VERDICT_COLUMNS,
  type VerdictRow,
} from './audit.js';
import { DEPLOYMENT_COLUMNS } from './deployments.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification, toWebhook, WEBHOOK_COLUMNS, type WebhookRow } from './outbox.js';
import { SERVICE_COLUMNS, type ServiceRow, toService } from './services.js';
import { toVersion, VERSION_COLUMNS, type VersionRow } from './versions.js';

type Row = Record<string, unknown>;

/** Where a branch or a declaration belongs: its version. */
interface OfVersion {
  service: string;
  version: string;
}

// NUL cannot appear in a service or version name, so it separates the two without ambiguity.
const versionKey = (row: OfVersion) => `${row.service}\u0000${row.version}`;

function readVersions(db: Database.Database): StoreRecord[] {
  const branches = groupBy(
    db.prepare<[], OfVersion & { branch: string }>('SELECT service, version, branch FROM version_branches ORDER BY created_at, rowid').all(),
    versionKey,
    (row) => row.branch,
  );
  const declarations = groupBy(
    db
      .prepare<[], OfVersion & { provider: string; uses: string; api: string | null }>(
        'SELECT service, version, provider, uses, api FROM declarations ORDER BY provider',
      )
      .all(),
    versionKey,
    (row): Declaration => ({
      consumer: row.service,
      provider: row.provider,
      uses: JSON.parse(row.uses) as Declaration['uses'],
      ...(row.api !== null && { api: row.api }),
    }),
  );
  const rows = db.prepare<[], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions v ORDER BY v.id`).all();
  return rows.map((row) => ({
    kind: 'version',
    ...toVersion(row, branches.get(versionKey(row)) ?? []),
    declarations: declarations.get(versionKey(row)) ?? [],
  }));
}

// A tombstone leaves as a token with the time it was revoked; its id is given again, in dump order, on import.
function withoutId(row: RevokedTokenRow) {
  const { id: _id, ...tombstone } = toRevokedToken(row);
  return tombstone;
}

function readAll(db: Database.Database): StoreRecord[] {
  const all = <R>(sql: string) => db.prepare<[], R>(sql).all();
  return [
    ...withApis(all<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM services ORDER BY name`), all<ApiClaim>('SELECT api, service FROM provided_apis ORDER BY api')),
    ...all<Row>('SELECT hash, canonical, text, format, size, created_at AS createdAt FROM contracts ORDER BY hash').map(
      (r) => ({ kind: 'contract', ...r }) as StoreRecord,
    ),
    ...readVersions(db),
    ...all<Row>('SELECT name, created_at AS createdAt FROM environments ORDER BY name').map((r) => ({ kind: 'environment', ...r }) as StoreRecord),
    ...all<DeploymentRecord>(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments ORDER BY id`).map((r): StoreRecord => ({ kind: 'deployment', ...r })),
    ...all<VerdictRow>(`SELECT ${VERDICT_COLUMNS} FROM verdicts ORDER BY id`).map((r): StoreRecord => ({ kind: 'verdict', ...toVerdict(r) })),
    ...all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY name`).map((r): StoreRecord => ({ kind: 'token', ...toToken(r) })),
    ...all<RevokedTokenRow>(`SELECT ${REVOKED_TOKEN_COLUMNS} FROM revoked_tokens ORDER BY id`).map((r): StoreRecord => ({ kind: 'token', ...withoutId(r) })),
    ...all<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY id`).map((r): StoreRecord => ({ kind: 'webhook', ...toWebhook(r) })),
    ...all<NotificationRow>(`SELECT ${NOTIFICATION_COLUMNS} FROM notifications ORDER BY id`).map(
      (r): StoreRecord => ({ kind: 'notification', ...toNotification(r) }),
    ),
    ...all<ObservedCallRecord & { consumerVersion: string }>(OBSERVED_SQL).map((r): StoreRecord => ({ kind: 'observed-call', ...readObservedRow(r) })),
  ];
}

const OBSERVED_SQL = `SELECT consumer, consumer_version AS consumerVersion, provider, operation, environment, count, first_seen AS firstSeen,
  last_seen AS lastSeen FROM observed_calls ORDER BY consumer, provider, operation, environment, consumer_version`;

interface ApiClaim {
  api: string;
  service: string;
}

/** Service records with the API names each provides, so that a restored registry resolves consumers published later. */
function withApis(services: ServiceRow[], claims: ApiClaim[]): StoreRecord[] {
  const apisOf = new Map<string, string[]>();
  for (const { api, service } of claims) apisOf.set(service, [...(apisOf.get(service) ?? []), api]);
  return services.map((r): StoreRecord => {
    const apis = apisOf.get(r.name);
    return { kind: 'service', ...toService(r), ...(apis && { apis }) };
  });
}

function readLastIds(db: Database.Database): LastIds {
  const largest = (table: string) => `MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0), COALESCE((SELECT MAX(id) FROM ${table}), 0))`;
  const columns = ID_KINDS.map((kind) => `${largest(ID_TABLES[kind])} AS ${kind}`);
  return db.prepare<[], LastIds>(`SELECT ${columns.join(', ')}`).get()!;
}

export function createRecords(db: Database.Database) {
  // Deferred: in WAL mode a read transaction is one snapshot and blocks no writer.
  const snapshot = db.transaction(() => readAll(db));
  return {
    exportRecords: () => snapshot(),
    readLastIds: () => readLastIds(db),
  };
}
