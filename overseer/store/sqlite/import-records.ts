// An import into SQLite: records written as they are read, in batches, all in one IMMEDIATE transaction, so that a
// dump of millions of records never sits in memory and a failure midway leaves the file as it was.

import type Database from 'better-sqlite3';
import { ID_TABLES, type LastIds, RECORD_TABLES, type StoreRecord } from '../store.js';
import { stringifyUses } from '../validate.js';
import { stringifyWaived, stringifyWaivers } from '../waivers.js';
import { fillLatestVersions } from './latest-versions.js';

type RecordOf<K extends StoreRecord['kind']> = Extract<StoreRecord, { kind: K }>;

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

/** Records written at a time, each batch in a savepoint: SQLITE_BUSY refused at any statement tries that batch again. */
const BATCH = 1000;

type Run = <T>(work: () => T) => Promise<T>;

export function createImport(db: Database.Database, run: Run) {
  const isEmpty = () => RECORD_TABLES.every((table) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const [commit, rollback] = [db.prepare('COMMIT'), db.prepare('ROLLBACK')];
  // better-sqlite3 runs a transaction function inside an open transaction as a savepoint, undone alone when it throws.
  const step = <A extends unknown[]>(work: (...args: A) => void) => db.transaction(work);
  /** IMMEDIATE: the emptiness check and the writes happen under one write lock, held from the first to the last batch. */
  const opened = () => {
    begin.run();
    try {
      if (isEmpty()) return true;
    } catch (error) {
      rollback.run();
      throw error;
    }
    rollback.run();
    return false;
  };
  return async (records: Iterable<StoreRecord> | AsyncIterable<StoreRecord>, lastIds?: LastIds): Promise<boolean> => {
    if (!(await run(opened))) return false;
    let committed = false;
    try {
      const write = prepareWriters(db);
      const writeBatch = step((batch: readonly StoreRecord[]) => batch.forEach(write));
      let batch: StoreRecord[] = [];
      for await (const record of records) {
        batch.push(record);
        if (batch.length < BATCH) continue;
        await run(() => writeBatch(batch));
        batch = [];
      }
      await run(() => writeBatch(batch));
      await run(step(() => finish(db, lastIds)));
      await run(() => commit.run());
      committed = true;
      return true;
    } finally {
      if (!committed && db.inTransaction) rollback.run();
    }
  };
}

/** What the records imply once they are all in: latest versions, API claims of older dumps, sequences. */
function finish(db: Database.Database, lastIds: LastIds | undefined): void {
  fillLatestVersions(db);
  db.exec(CLAIMS_FROM_DECLARATIONS);
  if (lastIds) restoreLastIds(db, lastIds);
}
