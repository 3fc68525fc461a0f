// The whole store as records, for export and import: one read transaction out, one write transaction in.

import type Database from 'better-sqlite3';
import type { Declaration } from '../../../contracts/index.js';
import { groupBy } from '../../group-by.js';
import { type ObservedCallRecord, readObservedRow } from '../observed.js';
import { type DeploymentRecord, ID_KINDS, ID_TABLES, type LastIds, RECORD_TABLES, type StoreRecord } from '../store.js';
import { stringifyUses } from '../validate.js';
import { stringifyWaived, stringifyWaivers } from '../waivers.js';
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
import { fillLatestVersions } from './latest-versions.js';
import { NOTIFICATION_COLUMNS, type NotificationRow, toNotification, toWebhook, WEBHOOK_COLUMNS, type WebhookRow } from './outbox.js';
import { SERVICE_COLUMNS, type ServiceRow, toService } from './services.js';
import { toVersion, VERSION_COLUMNS, type VersionRow } from './versions.js';

type Row = Record<string, unknown>;
type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;

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

function prepareWriters(db: Database.Database) {
  const insert = (sql: string) => db.prepare(sql);
  const service = insert(
    'INSERT INTO services (name, owners, slack, slack_mention, repository, hosts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const claim = insert('INSERT INTO provided_apis (api, service) VALUES (?, ?)');
  const contract = insert('INSERT INTO contracts (hash, canonical, text, format, size, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const version = insert(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, manifest_file, repository, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const branch = insert('INSERT INTO version_branches (service, version, branch, created_at) VALUES (?, ?, ?, ?)');
  const declaration = insert('INSERT INTO declarations (service, version, provider, uses, api) VALUES (?, ?, ?, ?, ?)');
  const environment = insert('INSERT INTO environments (name, created_at) VALUES (?, ?)');
  const deployment = insert('INSERT INTO deployments (id, service, version, environment, live, deployed_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const verdict = insert(
    'INSERT INTO verdicts (id, service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at, count, last_asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const token = insert('INSERT INTO tokens (name, service, hash, scope, created_at) VALUES (?, ?, ?, ?, ?)');
  const revokedToken = insert('INSERT INTO revoked_tokens (name, service, hash, scope, created_at, revoked_at, revoked_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const webhook = insert('INSERT INTO webhooks (id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)');
  // Leases are left out: an imported notification is free for any worker to claim.
  const notification = insert(
    `INSERT INTO notifications (id, key, event, channel, target, payload, verdict_id, status, attempts, last_error, next_attempt_at, created_at, updated_at, delivered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const observed = insert(
    `INSERT INTO observed_calls (consumer, consumer_version, provider, operation, environment, count, first_seen, last_seen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const writeVersion = (r: RecordOf<'version'>) => {
    const where = [r.manifestFile ?? null, r.repository ?? null];
    version.run(r.service, r.version, r.commit ?? null, r.publisher ?? null, r.contractHash, stringifyWaivers(r.waivers), ...where, r.createdAt);
    // Branches keep their order through rowid; the version's time stands for when each was added.
    for (const name of r.branches) branch.run(r.service, r.version, name, r.createdAt);
    for (const d of r.declarations) declaration.run(r.service, r.version, d.provider, stringifyUses(d.uses), d.api ?? null);
  };

  return (r: StoreRecord): void => {
    switch (r.kind) {
      case 'service':
        service.run(
          r.name,
          JSON.stringify(r.owners),
          r.slack ?? null,
          r.slackMention ?? null,
          r.repository ?? null,
          r.hosts ? JSON.stringify(r.hosts) : null,
          r.createdAt,
          r.updatedAt,
        );
        for (const api of r.apis ?? []) claim.run(api, r.name);
        return;
      case 'contract':
        return void contract.run(r.hash, r.canonical, r.text, r.format, r.size, r.createdAt);
      case 'version':
        return writeVersion(r);
      case 'environment':
        return void environment.run(r.name, r.createdAt);
      case 'deployment':
        return void deployment.run(r.id, r.service, r.version, r.environment, r.live, r.deployedAt, r.replacedAt);
      case 'verdict':
        return void verdict.run(
          r.id,
          r.service,
          r.version,
          r.environment,
          r.askedBy,
          r.deployable ? 1 : 0,
          JSON.stringify(r.reasons),
          ...stringifyWaived(r),
          r.askedAt,
          r.count,
          r.lastAskedAt,
        );
      case 'token':
        if (r.revokedAt !== undefined) return void revokedToken.run(r.name, r.service, r.hash, r.scope ?? null, r.createdAt, r.revokedAt, r.revokedBy ?? null);
        return void token.run(r.name, r.service, r.hash, r.scope ?? null, r.createdAt);
      case 'webhook':
        return void webhook.run(r.id, r.url, JSON.stringify(r.events), r.secret, r.createdAt);
      case 'notification':
        return void notification.run(
          r.id,
          r.key,
          r.event,
          r.channel,
          r.target,
          JSON.stringify(r.payload ?? null),
          r.verdictId ?? null,
          r.status,
          r.attempts,
          r.lastError,
          r.nextAttemptAt,
          r.createdAt,
          r.updatedAt,
          r.deliveredAt,
        );
      case 'observed-call':
        return void observed.run(r.consumer, r.consumerVersion ?? '', r.provider, r.operation, r.environment, r.count, r.firstSeen, r.lastSeen);
    }
  };
}

// Only these keep the largest id they gave in sqlite_sequence (migration 13); deployments and notifications are never
// deleted, so their largest id is the largest in the table.
const AUTOINCREMENT = ['verdict', 'webhook'] as const;

function readLastIds(db: Database.Database): LastIds {
  const largest = (table: string) => `MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0), COALESCE((SELECT MAX(id) FROM ${table}), 0))`;
  const columns = ID_KINDS.map((kind) => `${largest(ID_TABLES[kind])} AS ${kind}`);
  return db.prepare<[], LastIds>(`SELECT ${columns.join(', ')}`).get()!;
}

// Inserting rows with their ids already moved each sequence to the largest imported; a pruned id above it is kept too.
function restoreLastIds(db: Database.Database, lastIds: LastIds): void {
  for (const kind of AUTOINCREMENT) {
    const table = ID_TABLES[kind];
    const raised = db.prepare('UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?').run(lastIds[kind], table).changes;
    if (raised === 0 && lastIds[kind] > 0) db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, lastIds[kind]);
  }
}

// A dump before format 5 carries no API claims of its own: each API a declaration was resolved by is claimed again by
// its service (one no declaration resolved comes back when its provider next publishes its entity).
const CLAIMS_FROM_DECLARATIONS =
  'INSERT OR IGNORE INTO provided_apis (api, service) SELECT DISTINCT api, provider FROM declarations WHERE api IS NOT NULL AND api <> provider';

export function createRecords(db: Database.Database) {
  const isEmpty = () => RECORD_TABLES.every((table) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined);
  // Deferred: in WAL mode a read transaction is one snapshot and blocks no writer.
  const snapshot = db.transaction(() => readAll(db));
  const load = db.transaction((records: readonly StoreRecord[], lastIds?: LastIds): boolean => {
    if (!isEmpty()) return false;
    const write = prepareWriters(db);
    for (const record of records) write(record);
    fillLatestVersions(db);
    db.exec(CLAIMS_FROM_DECLARATIONS);
    if (lastIds) restoreLastIds(db, lastIds);
    return true;
  });

  return {
    exportRecords: () => snapshot(),
    /** IMMEDIATE: the emptiness check and the writes happen under one write lock. */
    importRecords: (records: readonly StoreRecord[], lastIds?: LastIds) => load.immediate(records, lastIds),
    readLastIds: () => readLastIds(db),
  };
}
