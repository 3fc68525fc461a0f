// openSqliteStore: the Store on one SQLite file, through the synchronous better-sqlite3 driver.

import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { newerSchema, newestMigration } from '../pending-migrations.js';
import { exactStore, type PublishInput, type PublishResult, type Store } from '../store.js';
import { readScopeGeneration } from '../use-generation.js';
import { assertPublication } from '../validate.js';
import type { WriteKeyOptions } from '../write-keys.js';
import { createAudit } from './audit.js';
import { createClaimMoves } from './claim-moves.js';
import { createConsumers } from './consumers.js';
import { createContractWriter, isLargeContract } from './contract-writer.js';
import { createDeployments } from './deployments.js';
import { createImport } from './import-records.js';
import { createMigrationWatch } from './migration-watch.js';
import { MIGRATIONS, migrateSqlite } from './migrations.js';
import { createObserved } from './observed.js';
import { createOutbox } from './outbox.js';
import { createRecords } from './records.js';
import { createServices } from './services.js';
import { createSpanMeets } from './span-meets.js';
import { createUseEdges } from './use-edges.js';
import { createVersions } from './versions.js';
import { rememberWrites } from './write-keys.js';

export type { Migration } from './migrations.js';
export { MIGRATIONS, migrateSqlite } from './migrations.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another process to release the file, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** The bounds the Idempotency-Keys of writes are kept within (store/write-keys.ts); defaults for a registry. */
  writeKeys?: WriteKeyOptions;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function translateError(error: unknown): unknown {
  if (isBusy(error)) return new StoreError('ERR_STORE_BUSY', 'the database stayed locked by another writer; try again', {}, { cause: error });
  return error;
}

/**
 * The driver is synchronous; the interface is async so that PostgreSQL can implement it too. A lock held by another
 * connection (another process, the contract writer's thread) is waited for here, between turns of the event loop, not
 * in SQLite's busy handler, which would stop every request until the lock was released. Every verb is one statement
 * or one transaction, which SQLITE_BUSY leaves undone: it is tried again whole. A write that reads back what it wrote
 * reads in its own transaction, or the retry would write twice (test/overseer/store/sqlite-busy-retry.test.ts).
 */
function patiently(busyTimeoutMs: number) {
  return async function run<T>(work: () => T): Promise<T> {
    const deadline = Date.now() + busyTimeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return work();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw translateError(error);
      }
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
    }
  };
}

function configure(db: Database.Database, busyTimeoutMs: number): void {
  // Set first: switching to WAL and migrating may already wait for another process.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
}

/**
 * Opens, switches to WAL and migrates. Two processes doing this at once on a new file can get
 * SQLITE_BUSY at once, without the busy handler being asked: try again until the busy timeout.
 */
function openConfigured(file: string, busyTimeoutMs: number): Database.Database {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const db = new Database(file);
    try {
      configure(db, busyTimeoutMs);
      migrateSqlite(db);
      return db;
    } catch (error) {
      db.close();
      const code = (error as { code?: unknown }).code;
      const busy = typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
      if (!busy || Date.now() >= deadline) throw translateError(error);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

/** Meeting points past which a batch goes to the writer thread: fewer cost less inline than a trip there (each about 6 µs of upsert, measured on 10,000-span exports). */
const THREAD_MEETS_MIN = 200;

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const db = openConfigured(file, busyTimeoutMs);
  // Opened and migrated (a start may wait on the loop: nothing is served yet); from now on `run` waits instead.
  db.pragma('busy_timeout = 0');
  const run = patiently(busyTimeoutMs);
  const now = () => new Date().toISOString();
  const services = createServices(db, now);
  const versions = createVersions(db, now, services);
  const remember = rememberWrites(db, now, options.writeKeys);
  const deployments = createDeployments(db, now, { requireService: services.requireService, requireVersion: versions.requireVersion }, remember);
  const consumers = createConsumers(db, versions);
  const audit = createAudit(db, now, remember);
  const records = createRecords(db);
  const importRecords = createImport(db, run);
  const outbox = createOutbox(db, now, remember);
  const observed = createObserved(db);
  const meets = createSpanMeets(db);
  const watch = createMigrationWatch(db, now);
  const edges = createUseEdges(db);
  const claims = createClaimMoves(db, now, services.requireService);
  // No other process writes the file while this one holds its lock (lock.ts); an import of a newer dump or a hand edit might.
  const newest = newestMigration(MIGRATIONS);
  const selectNewer = db.prepare<[number], number>('SELECT id FROM schema_migrations WHERE id > ? ORDER BY id').pluck();
  const checkSchema = () => {
    const found = selectNewer.all(newest);
    return found.length > 0 ? newerSchema(found, newest, true) : undefined;
  };
  // A second connection sees the same database only through a file.
  const writer = file === '' || file === ':memory:' ? undefined : createContractWriter(file, busyTimeoutMs);

  /** A large contract's row is written by the writer thread first; the version and the rest stay one transaction here. */
  async function publishVersion(input: PublishInput, notify: Parameters<Store['publishVersion']>[1]): Promise<PublishResult> {
    const { contract } = input;
    if (!writer || !contract || !isLargeContract(contract)) return run(() => outbox.writeWithOutbox(() => versions.publishVersion(input), notify));
    // Refused as before, in the same order, before the contract is written.
    await run(() => assertPublication({ ...input, contract: undefined }));
    const inserted = await writer.write(contract, now());
    try {
      return await run(() => outbox.writeWithOutbox(() => versions.publishVersion(input, true), notify));
    } catch (error) {
      if (inserted) await run(() => versions.dropUnusedContract(contract.hash));
      throw error;
    }
  }

  return exactStore({
    upsertService: (service) => run(() => services.upsertService(service)),
    getService: (name) => run(() => services.getService(name)),
    listServices: (page) => run(() => services.listServices(page)),
    findServices: (query) => run(() => services.findServices(query)),
    moveClaim: (move) => run(() => claims.moveClaim(move)),
    publishVersion,
    getVersion: (service, version) => run(() => versions.getVersion(service, version)),
    listVersions: (service) => run(() => versions.listVersions(service)),
    listVersionPage: (service, query) => run(() => versions.listVersionPage(service, query)),
    listVersionNames: (service) => run(() => versions.listVersionNames(service)),
    listAllVersions: (services) => run(() => versions.listAllVersions(services)),
    latestVersion: (service, branch) => run(() => versions.latestVersion(service, branch)),
    readLatestVersions: (names, branch) => run(() => versions.readLatestVersions(names, branch)),
    listBranches: () => run(() => versions.listBranches()),
    hasBranch: (branch) => run(() => versions.hasBranch(branch)),
    getContract: (hash) => run(() => versions.getContract(hash)),
    readContractText: (hash) => run(() => versions.readContractText(hash)),
    readContractTexts: (hashes) => run(() => versions.readContractTexts(hashes)),
    getDeclarations: (service, version) => run(() => versions.getDeclarations(service, version)),
    readVersionSet: (refs) => run(() => versions.readVersionSet(refs)),
    listConsumersOf: (provider, scope) => run(() => consumers.listConsumersOf(provider, scope)),
    listAllUses: (scope, providers) => run(() => consumers.listAllUses(scope, providers)),
    listConsumerTexts: (provider, scope) => run(() => consumers.listConsumerTexts(provider, scope)),
    listConsumerEntries: (provider, scope) => run(() => consumers.listConsumerEntries(provider, scope)),
    readConsumerTexts: (provider, entries) => run(() => consumers.readConsumerTexts(provider, entries)),
    // A repeat answered from its key wrote nothing, and announces nothing again.
    recordDeployment: (input, notify, key) =>
      run(() => outbox.writeWithOutbox(() => deployments.recordDeployment(input, key), notify && ((result) => (result.repeated ? [] : notify(result))))),
    endDeployment: (input, key) => run(() => deployments.endDeployment(input, key)),
    liveDeployments: (service, environment) => run(() => deployments.liveDeployments(service, environment)),
    currentDeployment: (service, environment) => run(() => deployments.currentDeployment(service, environment)),
    currentDeployments: (environment, services) => run(() => deployments.currentDeployments(environment, services)),
    pageCurrentDeployments: (environment, page) => run(() => deployments.pageCurrentDeployments(environment, page)),
    listDeployedVersions: (environment) => run(() => deployments.listDeployedVersions(environment)),
    deploymentHistory: (query) => run(() => deployments.deploymentHistory(query)),
    listReplacedDeployments: (environment, services) => run(() => deployments.listReplacedDeployments(environment, services)),
    listEnvironments: (page) => run(() => deployments.listEnvironments(page)),
    getEnvironment: (name) => run(() => deployments.getEnvironment(name)),
    createEnvironment: (name, key) => run(() => deployments.createEnvironment(name, key)),
    // Always in an immediate transaction: a repeat's look-up and its write are one step.
    recordVerdict: (verdict, askedBy, notify, windowMs) =>
      run(() => outbox.writeWithOutbox(() => audit.recordVerdict(verdict, askedBy, windowMs), notify ?? (() => []))),
    listVerdicts: (query) => run(() => audit.listVerdicts(query)),
    getVerdict: (id) => run(() => audit.getVerdict(id)),
    pruneVerdicts: (before) => run(() => audit.pruneVerdicts(before)),
    createToken: (token, key) => run(() => audit.createToken(token, key)),
    findTokenByHash: (hash) => run(() => audit.findTokenByHash(hash)),
    listTokens: (page) => run(() => audit.listTokens(page)),
    listRevokedTokens: (page) => run(() => audit.listRevokedTokens(page)),
    revokeToken: (name, revokedBy, key) => run(() => audit.revokeToken(name, revokedBy, key)),
    exportRecords: async function* () {
      yield* await run(() => records.exportRecords());
    },
    readLastIds: () => run(() => records.readLastIds()),
    importRecords,
    enqueueNotifications: (list) => run(() => outbox.enqueueNotifications(list)),
    listNotifications: (query) => run(() => outbox.listNotifications(query)),
    getNotification: (id) => run(() => outbox.getNotification(id)),
    claimNotifications: (request) => run(() => outbox.claimNotifications(request)),
    markNotificationDelivered: (id) => run(() => outbox.markNotificationDelivered(id)),
    markNotificationFailed: (id, owner, failure) => run(() => outbox.markNotificationFailed(id, owner, failure)),
    retryNotification: (id, key) => run(() => outbox.retryNotification(id, key)),
    createWebhook: (webhook) => run(() => outbox.createWebhook(webhook)),
    listWebhooks: (page) => run(() => outbox.listWebhooks(page)),
    getWebhook: (id) => run(() => outbox.getWebhook(id)),
    deleteWebhook: (id) => run(() => outbox.deleteWebhook(id)),
    recordObservedCalls: (calls, options) => run(() => observed.recordObservedCalls(calls, options)),
    listObservedCalls: (query) => run(() => observed.listObservedCalls(query)),
    pruneObservedCalls: (before) => run(() => observed.pruneObservedCalls(before)),
    readWriteMark: () => run(() => observed.readWriteMark()),
    // A large batch (an export's thousands of spans) is upserted by the writer thread, off the event loop.
    recordSpanMeets: (list, at) => (writer && list.length >= THREAD_MEETS_MIN ? writer.writeMeets(list, at) : run(() => meets.recordSpanMeets(list, at))),
    pruneSpanMeets: (before, kept) => (writer ? writer.pruneMeets(before, kept) : run(() => meets.pruneSpanMeets(before, kept))),
    checkSchema: () => run(checkSchema),
    watchMigrations: (input, notify) => run(() => outbox.writeWithOutbox(() => watch.watchMigrations(input), notify)),
    listMigrationWatch: (query) => run(() => watch.listMigrationWatch(query)),
    listUseEdges: (scope, providers) => run(() => edges.listUseEdges(scope, providers)),
    listServiceOwners: () => run(() => services.listServiceOwners()),
    listProvidedApis: () => run(() => services.listProvidedApis()),
    listServiceNamesNear: (name, edits) => run(() => services.listServiceNamesNear(name, edits)),
    listUnknownProviders: () => run(() => edges.listUnknownProviders()),
    readUseGeneration: () => run(() => consumers.readUseGeneration()),
    readServiceGeneration: () => run(() => services.readServiceGeneration()),
    readScopeGeneration: (scope) =>
      run(() =>
        readScopeGeneration(
          { deployments: deployments.readDeploymentGeneration, uses: consumers.readUseGeneration, latestVersions: edges.readLatestVersionGeneration },
          scope,
        ),
      ),
    listLatestVersions: () => run(() => edges.listLatestVersions()),
    close: async () => {
      await writer?.close();
      return run(() => void (db.open && db.close()));
    },
  });
}
