// The registry's storage: one async interface with domain verbs, implemented on SQLite and PostgreSQL.
// No SQL leaves an implementation; every implementation passes test/overseer/store/store-suite.ts.

import type { Declaration, DeploymentMode, LiveKind, Verdict, VerdictReason } from '../../contracts/index.js';
import type { ObservedCallInput, ObservedCallQuery, ObservedCallRecord } from './observed.js';
import type {
  ClaimRequest,
  NotificationFailure,
  NotificationInput,
  NotificationQuery,
  NotificationRecord,
  Outbox,
  WebhookInput,
  WebhookRecord,
} from './outbox.js';

export type { StoreErrorCode } from './errors.js';
export { isStoreError, STORE_ERROR_CODES, StoreError } from './errors.js';
export type { ObservedCallInput, ObservedCallQuery, ObservedCallRecord } from './observed.js';
export type {
  ClaimRequest,
  NotificationChannel,
  NotificationFailure,
  NotificationInput,
  NotificationQuery,
  NotificationRecord,
  NotificationStatus,
  Outbox,
  WebhookInput,
  WebhookRecord,
} from './outbox.js';
export { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './outbox.js';
export type { VersionOrderKey } from './version-order.js';
export { compareVersions, sortVersions } from './version-order.js';

/** Who asked for a verdict when no token was presented. */
export const ANONYMOUS = 'anonymous';

export type ContractFormat = 'yaml' | 'json';

/** `created` and `unchanged` for idempotent writes; `updated` where a write may replace a record. */
export type WriteStatus = 'created' | 'updated' | 'unchanged';

export interface ServiceInput {
  /** kebab-case */
  name: string;
  owners: string[];
  slack?: string;
  /** A Slack user group (`S…`) or user (`U…`, `W…`) id that messages about this service mention. */
  slackMention?: string;
  repository?: string;
}

export interface ServiceRecord extends ServiceInput {
  createdAt: string;
  updatedAt: string;
}

/** A contract as the caller loaded it; `hash` is the SHA-256 (hex) of `canonical`, checked by the store. */
export interface ContractInput {
  hash: string;
  /** Canonical JSON text of the document: the identity that is hashed. */
  canonical: string;
  /** The text as published; when several publications share a hash, the first text is kept. */
  text: string;
  format: ContractFormat;
}

export interface ContractRecord extends ContractInput {
  /** Bytes of `canonical` (UTF-8). */
  size: number;
  createdAt: string;
}

export interface PublishInput {
  service: string;
  /** When given, the service is created or updated with this description in the publication's own transaction: a failed publication leaves no service behind. */
  describe?: Omit<ServiceInput, 'name'>;
  version: string;
  branch?: string;
  commit?: string;
  /** Who published: a name the request gave, else the token's name. */
  publisher?: string;
  contract?: ContractInput;
  /** Every declaration's `consumer` must be `service`; at most one declaration per provider. */
  declarations?: Declaration[];
}

export interface VersionRecord {
  service: string;
  version: string;
  /** Every branch this version was published on, first first: a commit can reach several branches. */
  branches: string[];
  /** The commit given at the first publication. */
  commit?: string;
  /** Who published it first (absent for versions published before this was kept). */
  publisher?: string;
  contractHash: string | null;
  createdAt: string;
}

export interface PublishResult {
  /** `unchanged` when the version already held this contract and these declarations (a new branch may be added). */
  status: 'created' | 'unchanged';
  version: VersionRecord;
}

/** What one consumer version declares it uses of a provider. */
export interface ConsumerUse {
  consumer: string;
  version: string;
  declaration: Declaration;
  /** In an environment: how this consumer version is live there. */
  live?: LiveKind;
}

/**
 * Which version of each consumer counts: the one deployed in `environment`, the latest on `branch`,
 * or (neither given) the latest of all.
 */
export type ConsumerScope = { environment?: string; branch?: undefined } | { branch: string; environment?: undefined };

export interface EnvironmentRecord {
  name: string;
  /** When it was created (or, for one made before environments were created explicitly, its first deployment). */
  createdAt: string;
}

export interface DeploymentInput {
  service: string;
  version: string;
  environment: string;
  /** Default `replace`: see DeploymentMode. */
  mode?: DeploymentMode;
}

/** Ends one live version: its deployment or rolling run, or (`release`) its support as a release. */
export interface DeploymentEnd {
  service: string;
  version: string;
  environment: string;
  release?: boolean;
}

export interface DeploymentRecord {
  id: number;
  service: string;
  version: string;
  environment: string;
  /** How it is live: deployed (replacing), rolling (beside others), released (supported beside others). */
  live: LiveKind;
  deployedAt: string;
  /** When it stopped being live (replaced, undeployed, support ended); null while live. */
  replacedAt: string | null;
}

export interface DeploymentResult {
  /** `unchanged` when this version was already the current one there: no new record. */
  status: 'created' | 'unchanged';
  deployment: DeploymentRecord;
}

export interface HistoryQuery {
  service?: string;
  environment?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface VerdictRecord {
  id: number;
  service: string;
  version: string;
  environment: string;
  /** A token name, or `anonymous`. */
  askedBy: string;
  deployable: boolean;
  reasons: VerdictReason[];
  askedAt: string;
}

export interface VerdictQuery {
  /** Default 100, at most 1000. */
  limit?: number;
  service?: string;
  environment?: string;
}

export interface TokenInput {
  name: string;
  /** The service the token may publish and deploy for; null for an admin token. */
  service: string | null;
  /** SHA-256 (hex) of the token; the plain token never reaches the store. */
  hash: string;
}

export interface TokenRecord extends TokenInput {
  createdAt: string;
}

/**
 * One record of a whole store, as `exportRecords` reads it and `importRecords` writes it back,
 * ids and times kept. A version carries its declarations; branches keep their order.
 */
export type StoreRecord =
  | ({ kind: 'service' } & ServiceRecord)
  | ({ kind: 'contract' } & ContractRecord)
  | ({ kind: 'version' } & VersionRecord & { declarations: Declaration[] })
  | ({ kind: 'environment' } & EnvironmentRecord)
  | ({ kind: 'deployment' } & DeploymentRecord)
  | ({ kind: 'verdict' } & VerdictRecord)
  | ({ kind: 'token' } & TokenRecord)
  | ({ kind: 'webhook' } & WebhookRecord)
  | ({ kind: 'notification' } & NotificationRecord);

export type StoreRecordKind = StoreRecord['kind'];

/**
 * Lookups (`get*`, `find*`, `current*`, `latest*` of a missing thing) resolve to undefined;
 * verbs that act on or list under a named service or version reject with ERR_SERVICE_UNKNOWN or
 * ERR_VERSION_UNKNOWN. Lists are ordered as documented on each verb.
 */
export interface Store {
  /** Creates or replaces a service's description (absent optional fields are cleared). */
  upsertService(service: ServiceInput): Promise<{ status: WriteStatus; service: ServiceRecord }>;
  getService(name: string): Promise<ServiceRecord | undefined>;
  /** By name. */
  listServices(): Promise<ServiceRecord[]>;

  /**
   * Idempotent: the same content again is `unchanged`; another contract or other declarations reject with ERR_VERSION_CONFLICT.
   * `outbox` is called inside the write's transaction with its result; what it returns is enqueued atomically with the write.
   */
  publishVersion(input: PublishInput, outbox?: Outbox<PublishResult>): Promise<PublishResult>;
  getVersion(service: string, version: string): Promise<VersionRecord | undefined>;
  /** Oldest first, as `sortVersions` orders them. */
  listVersions(service: string): Promise<VersionRecord[]>;
  /** Every version of every service in one read (the dashboard's bulk view): by service name, each service's oldest first. */
  listAllVersions(): Promise<VersionRecord[]>;
  /** The last of the service's versions (of those published on `branch`, when given), ordered by `sortVersions`. */
  latestVersion(service: string, branch?: string): Promise<VersionRecord | undefined>;
  getContract(hash: string): Promise<ContractRecord | undefined>;
  /** By provider. */
  getDeclarations(service: string, version: string): Promise<Declaration[]>;
  /** By consumer; a consumer whose counted version does not declare `provider` is left out. */
  listConsumersOf(provider: string, scope?: ConsumerScope): Promise<ConsumerUse[]>;
  /** `listConsumersOf` for every provider at once (the dependency graph): by consumer, then provider. */
  listAllUses(scope?: ConsumerScope): Promise<ConsumerUse[]>;

  /**
   * Records a live version of the service in the environment (created on first use); history is kept. `replace` ends
   * every deployed or rolling version of the service there, `rolling` and `release` run beside them (planDeployment).
   */
  recordDeployment(input: DeploymentInput, outbox?: Outbox<DeploymentResult>): Promise<DeploymentResult>;
  /** Ends one live version; ERR_DEPLOYMENT_UNKNOWN when it is not live there in that way. */
  endDeployment(input: DeploymentEnd): Promise<DeploymentRecord[]>;
  /** The newest deployed or rolling version of the service there (not its releases). */
  currentDeployment(service: string, environment: string): Promise<DeploymentRecord | undefined>;
  /** Every live version of the service there (deployed, rolling, released), oldest first. */
  liveDeployments(service: string, environment: string): Promise<DeploymentRecord[]>;
  /** Every live version there (deployed, rolling, released), by service then deployment. */
  currentDeployments(environment: string): Promise<DeploymentRecord[]>;
  /** Newest first. */
  deploymentHistory(query?: HistoryQuery): Promise<DeploymentRecord[]>;
  /** By name. */
  listEnvironments(): Promise<EnvironmentRecord[]>;
  /** Idempotent: an environment that exists already is `unchanged`. The HTTP API refuses deployments and verdicts for one never created. */
  createEnvironment(name: string): Promise<{ status: 'created' | 'unchanged'; environment: EnvironmentRecord }>;

  /** Audit of the gate: kept whether or not the service and version exist. */
  recordVerdict(verdict: Verdict, askedBy: string, outbox?: Outbox<VerdictRecord>): Promise<VerdictRecord>;
  /** Newest first. */
  listVerdicts(query?: VerdictQuery): Promise<VerdictRecord[]>;
  getVerdict(id: number): Promise<VerdictRecord | undefined>;

  /** Rejects with ERR_TOKEN_CONFLICT when the name or the hash is taken. */
  createToken(token: TokenInput): Promise<TokenRecord>;
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** By name. */
  listTokens(): Promise<TokenRecord[]>;
  /** False when no token had that name. */
  revokeToken(name: string): Promise<boolean>;

  /**
   * Every record, from one consistent snapshot: services, contracts, versions (in publish order),
   * environments, deployments, verdicts, tokens, webhooks, notifications (without their leases).
   */
  exportRecords(): AsyncIterable<StoreRecord>;
  /**
   * Writes records read by `exportRecords` (of this or another implementation) in one transaction,
   * keeping ids and times. Expects them valid and in export order; false, with nothing written, when the store is not empty.
   */
  importRecords(records: readonly StoreRecord[]): Promise<boolean>;

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
  /** Makes a pending or failed notification due now with a fresh count of attempts; undefined when unknown. A delivered one is left as is. */
  retryNotification(id: number): Promise<NotificationRecord | undefined>;

  createWebhook(webhook: WebhookInput): Promise<WebhookRecord>;
  /** By id. */
  listWebhooks(): Promise<WebhookRecord[]>;
  getWebhook(id: number): Promise<WebhookRecord | undefined>;
  /** False when no webhook had that id. */
  deleteWebhook(id: number): Promise<boolean>;

  // Observed usage (overseer/store/observed.ts): counts of calls seen in traces, not part of exports.
  /** Adds each batch to its key in one transaction: counts add up, first and last seen widen. */
  recordObservedCalls(calls: readonly ObservedCallInput[]): Promise<void>;
  /** By consumer, provider, operation, environment. */
  listObservedCalls(query?: ObservedCallQuery): Promise<ObservedCallRecord[]>;
  /** Forgets calls last seen before the ISO time `before`; resolves to how many keys were dropped. */
  pruneObservedCalls(before: string): Promise<number>;

  close(): Promise<void>;
}
