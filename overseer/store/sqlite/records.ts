// The whole store as records, for export and import: one read transaction out, one write transaction in.

import type Database from 'better-sqlite3';
import type { Declaration, Notice, VerdictReason, WaivedChange, Waiver } from '../../../contracts/index.js';
import { ID_KINDS, ID_TABLES, type LastIds, RECORD_TABLES, type StoreRecord } from '../store.js';
import { stringifyUses } from '../validate.js';
import { stringifyWaived, stringifyWaivers } from '../waivers.js';
import { type TokenRow, toToken } from './audit.js';
import { fillLatestVersions } from './latest-versions.js';

type Row = Record<string, unknown>;
type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;

function toServiceRecord(row: Row): StoreRecord {
  return {
    kind: 'service',
    name: row.name as string,
    owners: JSON.parse(row.owners as string) as string[],
    ...(row.slack !== null && { slack: row.slack as string }),
    ...(row.slack_mention !== null && { slackMention: row.slack_mention as string }),
    ...(row.repository !== null && { repository: row.repository as string }),
    ...(row.hosts !== null && { hosts: JSON.parse(row.hosts as string) as string[] }),
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

function groupBy<T>(rows: Row[], keyOf: (row: Row) => string, pick: (row: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), pick(row)]);
  return groups;
}

// NUL cannot appear in a service or version name, so it separates the two without ambiguity.
const versionKey = (row: Row) => `${row.service as string}\u0000${row.version as string}`;

function readVersions(db: Database.Database): StoreRecord[] {
  const branches = groupBy(
    db.prepare('SELECT service, version, branch FROM version_branches ORDER BY created_at, rowid').all() as Row[],
    versionKey,
    (row) => row.branch as string,
  );
  const declarations = groupBy(
    db.prepare('SELECT service, version, provider, uses FROM declarations ORDER BY provider').all() as Row[],
    versionKey,
    (row): Declaration => ({ consumer: row.service as string, provider: row.provider as string, uses: JSON.parse(row.uses as string) as Declaration['uses'] }),
  );
  const rows = db.prepare('SELECT service, version, commit_sha, published_by, contract_hash, waivers, created_at FROM versions ORDER BY id').all() as Row[];
  return rows.map((row) => ({
    kind: 'version',
    service: row.service as string,
    version: row.version as string,
    branches: branches.get(versionKey(row)) ?? [],
    ...(row.commit_sha !== null && { commit: row.commit_sha as string }),
    ...(row.published_by !== null && { publisher: row.published_by as string }),
    contractHash: row.contract_hash as string | null,
    ...(row.waivers !== null && { waivers: JSON.parse(row.waivers as string) as Waiver[] }),
    createdAt: row.created_at as string,
    declarations: declarations.get(versionKey(row)) ?? [],
  }));
}

function toNotificationRecord(row: Row): StoreRecord {
  return {
    kind: 'notification',
    id: row.id as number,
    key: row.key as string,
    event: row.event as string,
    channel: row.channel as RecordOf<'notification'>['channel'],
    target: row.target as string,
    payload: JSON.parse(row.payload as string) as unknown,
    status: row.status as RecordOf<'notification'>['status'],
    attempts: row.attempts as number,
    lastError: row.last_error as string | null,
    nextAttemptAt: row.next_attempt_at as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    deliveredAt: row.delivered_at as string | null,
    ...(row.verdict_id !== null && { verdictId: row.verdict_id as number }),
  };
}

function readAll(db: Database.Database): StoreRecord[] {
  const all = (sql: string) => db.prepare(sql).all() as Row[];
  return [
    ...all('SELECT name, owners, slack, slack_mention, repository, hosts, created_at, updated_at FROM services ORDER BY name').map(toServiceRecord),
    ...all('SELECT hash, canonical, text, format, size, created_at AS createdAt FROM contracts ORDER BY hash').map(
      (r) => ({ kind: 'contract', ...r }) as StoreRecord,
    ),
    ...readVersions(db),
    ...all('SELECT name, created_at AS createdAt FROM environments ORDER BY name').map((r) => ({ kind: 'environment', ...r }) as StoreRecord),
    ...all('SELECT id, service, version, environment, live, deployed_at AS deployedAt, replaced_at AS replacedAt FROM deployments ORDER BY id').map(
      (r) => ({ kind: 'deployment', ...r }) as StoreRecord,
    ),
    ...all(
      'SELECT id, service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at, count, last_asked_at FROM verdicts ORDER BY id',
    ).map(
      (r): StoreRecord => ({
        kind: 'verdict',
        id: r.id as number,
        service: r.service as string,
        version: r.version as string,
        environment: r.environment as string,
        askedBy: r.asked_by as string,
        deployable: r.deployable === 1,
        reasons: JSON.parse(r.reasons as string) as VerdictReason[],
        ...(r.waived !== null && { waived: JSON.parse(r.waived as string) as WaivedChange[] }),
        ...(r.notices !== null && { notices: JSON.parse(r.notices as string) as Notice[] }),
        askedAt: r.asked_at as string,
        count: r.count as number,
        lastAskedAt: r.last_asked_at as string,
      }),
    ),
    ...all('SELECT name, service, hash, scope, created_at AS createdAt FROM tokens ORDER BY name').map(
      (r): StoreRecord => ({ kind: 'token', ...toToken(r as unknown as TokenRow) }),
    ),
    ...all('SELECT id, url, events, secret, created_at AS createdAt FROM webhooks ORDER BY id').map(
      (r) => ({ kind: 'webhook', ...r, events: JSON.parse(r.events as string) as string[] }) as StoreRecord,
    ),
    ...all('SELECT * FROM notifications ORDER BY id').map(toNotificationRecord),
  ];
}

function prepareWriters(db: Database.Database) {
  const insert = (sql: string) => db.prepare(sql);
  const service = insert(
    'INSERT INTO services (name, owners, slack, slack_mention, repository, hosts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const contract = insert('INSERT INTO contracts (hash, canonical, text, format, size, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const version = insert('INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const branch = insert('INSERT INTO version_branches (service, version, branch, created_at) VALUES (?, ?, ?, ?)');
  const declaration = insert('INSERT INTO declarations (service, version, provider, uses) VALUES (?, ?, ?, ?)');
  const environment = insert('INSERT INTO environments (name, created_at) VALUES (?, ?)');
  const deployment = insert('INSERT INTO deployments (id, service, version, environment, live, deployed_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const verdict = insert(
    'INSERT INTO verdicts (id, service, version, environment, asked_by, deployable, reasons, waived, notices, asked_at, count, last_asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const token = insert('INSERT INTO tokens (name, service, hash, scope, created_at) VALUES (?, ?, ?, ?, ?)');
  const webhook = insert('INSERT INTO webhooks (id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)');
  // Leases are left out: an imported notification is free for any worker to claim.
  const notification = insert(
    `INSERT INTO notifications (id, key, event, channel, target, payload, verdict_id, status, attempts, last_error, next_attempt_at, created_at, updated_at, delivered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const writeVersion = (r: RecordOf<'version'>) => {
    version.run(r.service, r.version, r.commit ?? null, r.publisher ?? null, r.contractHash, stringifyWaivers(r.waivers), r.createdAt);
    // Branches keep their order through rowid; the version's time stands for when each was added.
    for (const name of r.branches) branch.run(r.service, r.version, name, r.createdAt);
    for (const d of r.declarations) declaration.run(r.service, r.version, d.provider, stringifyUses(d.uses));
  };

  return (r: StoreRecord): void => {
    switch (r.kind) {
      case 'service':
        return void service.run(
          r.name,
          JSON.stringify(r.owners),
          r.slack ?? null,
          r.slackMention ?? null,
          r.repository ?? null,
          r.hosts ? JSON.stringify(r.hosts) : null,
          r.createdAt,
          r.updatedAt,
        );
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

export function createRecords(db: Database.Database) {
  const isEmpty = () => RECORD_TABLES.every((table) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined);
  // Deferred: in WAL mode a read transaction is one snapshot and blocks no writer.
  const snapshot = db.transaction(() => readAll(db));
  const load = db.transaction((records: readonly StoreRecord[], lastIds?: LastIds): boolean => {
    if (!isEmpty()) return false;
    const write = prepareWriters(db);
    for (const record of records) write(record);
    fillLatestVersions(db);
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
