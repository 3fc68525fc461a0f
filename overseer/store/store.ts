// The registry's storage: one async interface with domain verbs, implemented on SQLite and PostgreSQL.
// No SQL leaves an implementation; every implementation passes test/overseer/store/store-suite.ts.

import type { Declaration, Verdict } from '../../contracts/index.js';
import type { ClaimMove, ClaimMoved } from './claim-moves.js';
import type { StoreError } from './errors.js';
import type { MigrationFreed, MigrationWatchInput, MigrationWatchRecord } from './migration-watch.js';
import type { ObservedCallInput, ObservedCallQuery, ObservedCallRecord, ObservedWriteOptions, ObservedWriteResult } from './observed.js';
import type {
  ClaimRequest,
  NotificationFailure,
  NotificationInput,
  NotificationQuery,
  NotificationRecord,
  Outbox,
  RetriedNotification,
  WebhookInput,
  WebhookRecord,
} from './outbox.js';
import type {
  ConsumerEntry,
  ConsumerScope,
  ConsumerUse,
  ConsumerUseText,
  ContractRecord,
  DeploymentEnd,
  DeploymentInput,
  DeploymentRecord,
  DeploymentResult,
  EnvironmentRecord,
  EnvironmentResult,
  HistoryQuery,
  KeyPage,
  LastIds,
  PublishInput,
  PublishResult,
  RepeatedToken,
  RevokedTokenRecord,
  ServiceInput,
  ServicePage,
  ServiceQuery,
  ServiceRecord,
  StoreRecord,
  TokenInput,
  TokenRecord,
  TokenRevocation,
  UseEdge,
  VerdictQuery,
  VerdictRecord,
  VersionPage,
  VersionPageQuery,
  VersionRecord,
  VersionWithDeclarations,
  WriteStatus,
} from './records.js';
import type { SpanMeetPart } from './span-meets.js';
import type { WriteKey } from './write-keys.js';

export type { StoreErrorCode } from './errors.js';
export { isStoreError, StoreError } from './errors.js';
export type { MigrationFreed, MigrationWatchInput, MigrationWatchRecord } from './migration-watch.js';
export type { ObservedCallInput, ObservedCallQuery } from './observed.js';
export type { NotificationInput, NotificationRecord, NotificationStatus, Outbox, WebhookInput, WebhookRecord } from './outbox.js';
export { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './outbox.js';
export * from './records.js';
export { compareVersions, sortVersions } from './version-order.js';

/**
 * Lookups (`get*`, `find*`, `current*`, `latest*` of a missing thing) resolve to undefined;
 * verbs that act on or list under a named service or version reject with ERR_SERVICE_UNKNOWN or
 * ERR_VERSION_UNKNOWN. Lists are ordered as documented on each verb.
 */
export interface Store {
  /** Creates or replaces a service's description (absent optional fields are cleared). */
  upsertService(service: ServiceInput): Promise<{ status: WriteStatus; service: ServiceRecord }>;
  getService(name: string): Promise<ServiceRecord | undefined>;
  /** By name; a page of them when asked (the API's listing). */
  listServices(page?: KeyPage<string>): Promise<ServiceRecord[]>;
  /**
   * The names of services within `edits` edits of `name`, letter case aside, by name: a guess at a misspelt name (a
   * span's service.name) reads the few near it, not every service.
   */
  listServiceNamesNear(name: string, edits: number): Promise<string[]>;
  /** One page of the services that pass the filters, counted: a list page reads 50 records, not 5,000. */
  findServices(query?: ServiceQuery): Promise<ServicePage>;
  /**
   * The admin's way out of a squatted host, API name or repository (or a repository shared, for a monorepo): `to` holds it from now on, taken from its holder in one
   * transaction (an API's declarations follow it). ERR_SERVICE_UNKNOWN for `to`; ERR_API_TAKEN for a service's name.
   */
  moveClaim(move: ClaimMove): Promise<ClaimMoved>;

  /**
   * Idempotent: the same content again is `unchanged`; another contract or other declarations reject with ERR_VERSION_CONFLICT.
   * `outbox` is called inside the write's transaction with its result; what it returns is enqueued atomically with the write.
   */
  publishVersion(input: PublishInput, outbox?: Outbox<PublishResult>): Promise<PublishResult>;
  getVersion(service: string, version: string): Promise<VersionRecord | undefined>;
  /** Oldest first, as `sortVersions` orders them. */
  listVersions(service: string): Promise<VersionRecord[]>;
  /** A page of them in that order, reading the rows of the page only (the API's listing). */
  listVersionPage(service: string, query: VersionPageQuery): Promise<VersionPage>;
  /** Every version's name in that order, from the order kept for the pages: a question about names reads no version's row. */
  listVersionNames(service: string): Promise<string[]>;
  /**
   * Every version of every service in one read (the dashboard's bulk view): by service name, each service's oldest first.
   * With `services`, only theirs: a page of the services list reads what it shows, not the whole registry.
   */
  listAllVersions(services?: readonly string[]): Promise<VersionRecord[]>;
  /** The last of the service's versions (of those published on `branch`, when given), ordered by `sortVersions`. */
  latestVersion(service: string, branch?: string): Promise<VersionRecord | undefined>;
  /**
   * `latestVersion` of each service named, in one read, by service; a service with no such version, or none registered,
   * is absent: an ask of the gate on a branch reads every provider's latest together.
   */
  readLatestVersions(services: readonly string[], branch?: string): Promise<Map<string, VersionRecord>>;
  /** Every branch some version was published on, by name: a branch none was is a typo or a scope that judges nothing. */
  listBranches(): Promise<string[]>;
  /** Whether some version was published on `branch` (as written): the gate's check of a branch scope, one indexed query. */
  hasBranch(branch: string): Promise<boolean>;
  getContract(hash: string): Promise<ContractRecord | undefined>;
  /** The text alone of a stored contract: a reader that parses it need not read its canonical JSON, megabytes more. */
  readContractText(hash: string): Promise<string | undefined>;
  /**
   * The texts of the stored contracts named, by hash, in one read; a hash the store does not hold is absent: an ask of
   * the gate reads every contract it lacks together, each once.
   */
  readContractTexts(hashes: Iterable<string>): Promise<Map<string, string>>;
  /** By provider. */
  getDeclarations(service: string, version: string): Promise<Declaration[]>;
  /**
   * Each version named with its declarations (by provider), in the order named; undefined where the store holds no such
   * version. One read however many: the gate reads its candidate and the versions it judges against this way.
   */
  readVersionSet(refs: readonly { service: string; version: string }[]): Promise<(VersionWithDeclarations | undefined)[]>;
  /** By consumer; a consumer whose counted version does not declare `provider` is left out. */
  listConsumersOf(provider: string, scope?: ConsumerScope): Promise<ConsumerUse[]>;
  /** `listConsumersOf` for every provider at once (the dependency graph): by consumer, then provider. With `providers`, only theirs. */
  listAllUses(scope?: ConsumerScope, providers?: readonly string[]): Promise<ConsumerUse[]>;
  /** `listConsumersOf` with the declarations' `uses` left as the stored JSON text: a hub's hundreds are parsed by the gate's threads, not the event loop. */
  listConsumerTexts(provider: string, scope?: ConsumerScope): Promise<ConsumerUseText[]>;
  /** `listConsumerTexts` without the texts, in its order: a hub's listing read without its megabytes of uses. */
  listConsumerEntries(provider: string, scope?: ConsumerScope): Promise<ConsumerEntry[]>;
  /** The `uses` text each consumer version declares for `provider`, in the order asked; undefined where it declares none. */
  readConsumerTexts(provider: string, entries: readonly { consumer: string; version: string }[]): Promise<(string | undefined)[]>;
  /** The pairs `listAllUses` would return, as consumer, its counted version and provider, without reading what each use declares: by consumer, then provider. With `providers`, only theirs. */
  listUseEdges(scope?: ConsumerScope, providers?: readonly string[]): Promise<UseEdge[]>;
  /**
   * Every provider some declaration names that no service is named (a misspelling, or an API nobody claims), sorted:
   * read from a derived table (migration 19), usually empty, so that the gate looks for misdirected consumers cheaply.
   */
  listUnknownProviders(): Promise<string[]>;

  /**
   * Records a live version of the service in the environment (created on first use); history is kept. `replace` ends
   * every deployed or rolling version of the service there, `rolling` and `release` run beside them (planDeployment).
   * With `key`, the answer is remembered with it in the same transaction, and the same key again is given that answer
   * (`repeated`) without a write; with another write, ERR_IDEMPOTENCY_KEY_REUSED (store/write-keys.ts).
   */
  recordDeployment(input: DeploymentInput, outbox?: Outbox<DeploymentResult>, key?: WriteKey): Promise<DeploymentResult>;
  /** Ends one live version; ERR_DEPLOYMENT_UNKNOWN when it is not live there in that way. `key`: as recordDeployment's. */
  endDeployment(input: DeploymentEnd, key?: WriteKey): Promise<DeploymentRecord[]>;
  /** The newest deployed or rolling version of the service there (not its releases). */
  currentDeployment(service: string, environment: string): Promise<DeploymentRecord | undefined>;
  /** Every live version of the service there (deployed, rolling, released), oldest first. */
  liveDeployments(service: string, environment: string): Promise<DeploymentRecord[]>;
  /** Every live version there (deployed, rolling, released), by service then deployment. With `services`, only theirs. */
  currentDeployments(environment: string, services?: readonly string[]): Promise<DeploymentRecord[]>;
  /** A page of `currentDeployments(environment)`, in its order (service, then id): the rows after the deployment `after` names. */
  pageCurrentDeployments(environment: string, page: KeyPage<number>): Promise<DeploymentRecord[]>;
  /**
   * The service and version of every live version there, by service then version: what `currentDeployments` lists
   * without the rest of each record, read from the index alone (the dashboard's graph compares 5,000 of them after a deployment).
   */
  listDeployedVersions(environment: string): Promise<{ service: string; version: string }[]>;
  /** Newest first. */
  deploymentHistory(query?: HistoryQuery): Promise<DeploymentRecord[]>;
  /**
   * Of each service's last 1,000 deployments there, those replaced since (each service's newest first), in one read; a
   * service never registered has none: which version an observed call names that no longer runs there.
   */
  listReplacedDeployments(environment: string, services: readonly string[]): Promise<DeploymentRecord[]>;
  /** By name; a page of them when asked. */
  listEnvironments(page?: KeyPage<string>): Promise<EnvironmentRecord[]>;
  /** One environment by its name as written (no case folding); undefined when it was never created. */
  getEnvironment(name: string): Promise<EnvironmentRecord | undefined>;
  /**
   * Idempotent: an environment that exists already is `unchanged`. The HTTP API refuses deployments and verdicts for one
   * never created. Sent again with its key, it is told its first answer (`created`, `repeated`) rather than `unchanged`.
   */
  createEnvironment(name: string, key?: WriteKey): Promise<EnvironmentResult>;

  /**
   * Audit of the gate: kept whether or not the service and version exist. The same ask answered the same way
   * (fingerprintVerdict) within `repeatWindowMs` of the last one joins that record: its count grows by one and
   * `lastAskedAt` moves, also when two such asks race. 0 makes every ask a record of its own.
   * `outbox` runs with the record, new or joined (`count` > 1).
   */
  recordVerdict(verdict: Verdict, askedBy: string, outbox?: Outbox<VerdictRecord>, repeatWindowMs?: number): Promise<VerdictRecord>;
  /** Most recently asked first. */
  listVerdicts(query?: VerdictQuery): Promise<VerdictRecord[]>;
  getVerdict(id: number): Promise<VerdictRecord | undefined>;
  /** Forgets verdicts last asked before the ISO time `before`; resolves to how many were dropped. */
  pruneVerdicts(before: string): Promise<number>;

  /**
   * Stores a token's hash; ERR_TOKEN_CONFLICT when the name or the hash is taken. With `key`, as recordDeployment's: the same key
   * again is told the token it created (`repeated`), which holds no secret.
   */
  createToken(token: TokenInput, key?: WriteKey): Promise<TokenRecord | RepeatedToken>;
  /** A live token, else a revoked one's tombstone (with `revokedAt`), else undefined. */
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** Live tokens by name; a page of them when asked. */
  listTokens(page?: KeyPage<string>): Promise<TokenRecord[]>;
  /** Revoked tokens in the order they were revoked (by id); a page of them when asked. */
  listRevokedTokens(page?: KeyPage<number>): Promise<RevokedTokenRecord[]>;
  /**
   * Ends the live token of that name, keeping its tombstone; with none live, the name's latest tombstone (`already`);
   * undefined when no token of that name was ever issued here (or imported). With `key`, a revocation done under that
   * key is told again (`repeated`, `already` false) rather than read as revoked by someone else.
   */
  revokeToken(name: string, revokedBy: string, key?: WriteKey): Promise<TokenRevocation | undefined>;

  /**
   * Every record, from one consistent snapshot: services, contracts, versions (in publish order),
   * environments, deployments, verdicts, tokens, webhooks, notifications (without their leases).
   */
  exportRecords(): AsyncIterable<StoreRecord>;
  /** The largest id each kind was ever given; ids only grow, so read after `exportRecords` it covers every record exported. */
  readLastIds(): Promise<LastIds>;
  /**
   * Writes records read by `exportRecords` (of this or another implementation) in one transaction, keeping ids and
   * times, and goes on past `lastIds` (or past the largest id imported, where higher). Reads them once, as they come,
   * writing them in batches, so that memory holds a batch, not the registry; an error from `records` or the database
   * midway undoes everything. Expects them valid and in export order; false, with nothing written, when the store is
   * not empty. The store is the import's until it ends: nothing else may use it meanwhile.
   */
  importRecords(records: Iterable<StoreRecord> | AsyncIterable<StoreRecord>, lastIds?: LastIds): Promise<boolean>;

  // The outbox (overseer/store/outbox.ts): notifications written with the events that cause them, delivered by a worker.
  /** In one transaction; a key already stored is skipped (idempotent). Resolves to how many were new. */
  enqueueNotifications(list: readonly NotificationInput[]): Promise<number>;
  /** Newest first. */
  listNotifications(query?: NotificationQuery): Promise<NotificationRecord[]>;
  getNotification(id: number): Promise<NotificationRecord | undefined>;
  /** Leases up to `limit` due pending notifications to `owner` for `leaseMs`: no other owner claims them meanwhile. Oldest due first. */
  claimNotifications(request: ClaimRequest): Promise<NotificationRecord[]>;
  /** Marks a notification delivered (whoever holds its lease: it was acknowledged). False when it was already delivered. */
  markNotificationDelivered(id: number): Promise<boolean>;
  /** Records a failed attempt by the lease holder: pending again after `retryInMs`, or `failed` (the dead letter) when null. */
  markNotificationFailed(id: number, owner: string, failure: NotificationFailure): Promise<boolean>;
  /**
   * Makes a pending or failed notification due now with a fresh count of attempts; undefined when unknown. A delivered
   * one is left as is, and so is one a worker holds a lease on (`sendingUntil`): it is being sent. With `key`, a retry
   * done under that key is told again (`repeated`): the worker that took it since is not mistaken for another sender.
   */
  retryNotification(id: number, key?: WriteKey): Promise<RetriedNotification | undefined>;

  createWebhook(webhook: WebhookInput): Promise<WebhookRecord>;
  /** By id; a page of them when asked. */
  listWebhooks(page?: KeyPage<number>): Promise<WebhookRecord[]>;
  getWebhook(id: number): Promise<WebhookRecord | undefined>;
  /** False when no webhook had that id. */
  deleteWebhook(id: number): Promise<boolean>;

  // Observed usage (overseer/store/observed.ts): counts of calls seen in traces, not part of exports.
  /**
   * Adds each batch to its key in one transaction: counts add up, first and last seen widen. With `maxConsumers`, a
   * caller new to a provider and environment that already has that many is refused (counted, not written); what is
   * stored is never dropped for it. Replicas writing at once may pass the bound by a caller or two each.
   */
  recordObservedCalls(calls: readonly ObservedCallInput[], options?: ObservedWriteOptions): Promise<ObservedWriteResult>;
  /** By consumer, provider, operation, environment. */
  listObservedCalls(query?: ObservedCallQuery): Promise<ObservedCallRecord[]>;
  /** Forgets calls last seen before the ISO time `before`; resolves to how many keys were dropped. */
  pruneObservedCalls(before: string): Promise<number>;
  /**
   * ORs each meeting point's parts into what the database keeps (migration 26), stamped `at` (ms since the epoch), in one
   * transaction, and resolves to the parts kept at each afterwards, in the order given: a replica that receives the outer
   * span of a pair whose nested span another replica counted finds the other part there. Concurrent batches meeting at
   * one point wait for each other, so exactly one of the pair's two spans finds the other's part.
   */
  recordSpanMeets(meets: readonly SpanMeetPart[], at: number): Promise<number[]>;
  /** Forgets meeting points last stamped before `before`, then all but the newest `kept`; resolves to how many went. */
  pruneSpanMeets(before: number, kept: number): Promise<number>;
  /**
   * A mark that moves with every write of observed calls (recorded, pruned, imported) any connection (another process,
   * a replica) commits to the database, and with nothing else: a reader that keeps what it read (the gate's observed
   * calls) reads it again once it moves. A count of those writes: SQLite's migration 20, PostgreSQL's 21.
   */
  readWriteMark(): Promise<string>;
  /**
   * ERR_STORE_SCHEMA, resolved and not thrown, once the database holds a migration this Overseer does not know (a newer
   * one migrated it while this one ran: every write is refused); undefined while the schema is this Overseer's.
   */
  checkSchema(): Promise<StoreError | undefined>;

  // The migration watch (overseer/store/migration-watch.ts): who used each deprecated part at the last check; not part of exports.
  /**
   * Stores the parts of one provider and environment as found now, forgets those no longer there, and resolves to the
   * parts used before and by nobody now; `outbox` turns those into notifications in the same transaction.
   */
  watchMigrations(input: MigrationWatchInput, outbox?: Outbox<MigrationFreed[]>): Promise<MigrationFreed[]>;
  /** By provider, environment, part. */
  listMigrationWatch(query?: { provider?: string; environment?: string }): Promise<MigrationWatchRecord[]>;

  /** By name: each service's first owner (absent when it lists none), without reading whole records (the graph's groups). */
  listServiceOwners(): Promise<{ name: string; owner?: string }[]>;
  /** By API name: the service providing each Backstage API (its entity's `providesApis`), for spans naming the API. */
  listProvidedApis(): Promise<{ api: string; service: string }[]>;
  /**
   * A number that moves with every committed write, by this process or another on the same database, that may change
   * what the consumer listings (`listConsumersOf`, `listConsumerTexts`, `listAllUses`, `listUseEdges`) return. A
   * listing read after this read the same number is still current while it reads the same: a reader may keep it.
   */
  readUseGeneration(): Promise<number>;
  /**
   * A number that moves with every committed write of a service's record (registered, described again, imported), by
   * this process or another (migration 14): a reader may keep `listServiceOwners` while it reads the same.
   */
  readServiceGeneration(): Promise<number>;
  /**
   * A number that moves with every committed write, by this process or another, that may change what the listings of
   * `scope` return (`listConsumersOf`, `listConsumerTexts`, `listAllUses`, `listUseEdges`; for an environment also
   * `currentDeployments`, for no scope `listLatestVersions`), and with fewer others than the use generation: an
   * environment's moves only with its own deployments (migration 15), no scope's only when a service's latest version
   * changes, a branch's is the use generation; a stored version rewritten (an API claimed, an import) moves the first
   * two as well (migration 20). Numbers of two scopes are not comparable.
   */
  readScopeGeneration(scope?: ConsumerScope): Promise<number>;
  /** Each service's latest version, the one `listUseEdges` reads without a scope, by service name. */
  listLatestVersions(): Promise<{ service: string; version: string }[]>;

  close(): Promise<void>;
}

/**
 * An implementation's store, refused by the compiler when it carries a member the interface does not have: the parts
 * spread into it may hold helpers of their own, which would otherwise reach every caller without being part of the contract.
 */
export function exactStore<T extends Store>(store: T & Record<Exclude<keyof T, keyof Store>, never>): Store {
  return store;
}
