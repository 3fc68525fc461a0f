// The records the store reads and writes, apart from the interface so that store.ts stays a list of verbs.

import type {
  Declaration,
  DeploymentEndRequest,
  DeploymentRequest,
  LiveKind,
  Notice,
  RegistryDeployment,
  RegistryEnvironment,
  RegistryVersion,
  VerdictReason,
  WaivedChange,
  Waiver,
} from '../../contracts/index.js';
import type { ObservedCallRecord } from './observed.js';
import type { NotificationRecord, WebhookRecord } from './outbox.js';

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
  /** Host names the service is reached at (manifest `hosts:`), lower-case: spans naming one are calls to it. */
  hosts?: string[];
}

export interface ServiceRecord extends ServiceInput {
  createdAt: string;
  updatedAt: string;
  /** The Backstage API names the service provides (its entity's `providesApis`): set in a dump only (format 5 on). */
  apis?: string[];
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
  /** The manifest's path in the repository `describe.repository` names: kept with the version for "declared at". */
  manifestFile?: string;
  /** Who published: a name the request gave, else the token's name. */
  publisher?: string;
  contract?: ContractInput;
  /** Every declaration's `consumer` must be `service`; at most one declaration per provider. */
  declarations?: Declaration[];
  /** Waivers published with the version (`publish --waivers`), applied when it is deployed; part of its content. */
  waivers?: Waiver[];
  /**
   * API names the service claims (a Backstage entity's providesApis): declarations naming them, earlier and later,
   * are resolved to the service. A name another service claimed, or a service's own name, is refused.
   */
  providesApis?: string[];
}

/** A published version as the store keeps it: the wire's shape, so the routes return it as it is. */
export type VersionRecord = RegistryVersion;

/** A version with what it declares, as the gate reads the versions it judges (Store.readVersionSet). */
export type VersionWithDeclarations = VersionRecord & { declarations: Declaration[] };

/**
 * A page of a service's versions: after `after` (a version and its place in the order when it was listed), or from the
 * place `start` (a numbered page; negative, counted back from the end: the dashboard's, newest first), at most `limit`.
 */
export interface VersionPageQuery {
  after?: { version: string; index: number };
  start?: number;
  limit: number;
}

export interface VersionPage {
  versions: VersionRecord[];
  /** The place of the page's first version in the order, and how many versions the service has. */
  start: number;
  total: number;
}

export interface PublishResult {
  /** `unchanged` when the version already held this contract and these declarations (a new branch may be added). */
  status: 'created' | 'unchanged';
  version: VersionRecord;
  /** With `unchanged`: the branch given was new to the version, so the republication did add something. */
  branchAdded?: true;
  /** With `unchanged`: the service's description (owners, Slack, repository, hosts) changed and was written. */
  serviceUpdated?: true;
}

/** What one consumer version declares it uses of a provider. */
export interface ConsumerUse {
  consumer: string;
  version: string;
  declaration: Declaration;
  /** In an environment: how this consumer version is live there. */
  live?: LiveKind;
}

/** A `ConsumerUse` with its declaration's `uses` as the JSON text the store holds, for whoever parses it off the event loop. */
export interface ConsumerUseText {
  consumer: string;
  version: string;
  /** JSON: "*" or OperationUsage[], as published. */
  uses: string;
  live?: LiveKind;
}

/** A `ConsumerUseText` without its text: a listing's place, whose text is read when its page is (readConsumerTexts). */
export type ConsumerEntry = Omit<ConsumerUseText, 'uses'>;

/** A consumer's counted version declares a use of `provider`. */
export interface UseEdge {
  consumer: string;
  version: string;
  provider: string;
}

/**
 * Which version of each consumer counts: the one deployed in `environment`, the latest on `branch`,
 * or (neither given) the latest of all.
 */
export type ConsumerScope = { environment?: string; branch?: undefined } | { branch: string; environment?: undefined };

// What the HTTP API sends and takes, as the store keeps it (contracts/wire.ts): the routes pass them through.
export type EnvironmentRecord = RegistryEnvironment;
export type DeploymentInput = DeploymentRequest;
export type DeploymentEnd = DeploymentEndRequest;
export type DeploymentRecord = RegistryDeployment;

export interface DeploymentResult {
  /** `unchanged` when this version was already the current one there: no new record. */
  status: 'created' | 'unchanged';
  deployment: DeploymentRecord;
  /** The answer remembered for the write's Idempotency-Key: nothing was written now, nothing is to be announced. */
  repeated?: true;
}

export interface EnvironmentResult {
  /** `unchanged` when it existed already. */
  status: 'created' | 'unchanged';
  environment: EnvironmentRecord;
  /** The answer remembered for the write's Idempotency-Key: nothing was written now. */
  repeated?: true;
}

/** A page of a listing by its key (a name, a webhook's id): the rows after `after`, at most `limit`; every row when absent. */
export interface KeyPage<K extends string | number> {
  after?: K;
  limit?: number;
}

/** A page of the services list (the dashboard's): by name, filtered, from `offset`, at most `limit` (default 50, at most 1000). */
export interface ServiceQuery {
  /** Only services whose name or one of whose owners contains this text, in any case. */
  text?: string;
  /** Only these services (names not registered are left out). */
  names?: readonly string[];
  /** Only services with a version live in some environment, or named here (the environments page's rows). */
  liveOr?: readonly string[];
  offset?: number;
  limit?: number;
}

export interface ServicePage {
  /** The page's services, by name. */
  services: ServiceRecord[];
  /** Services that pass the filters, on every page. */
  matching: number;
  /** Every registered service. */
  total: number;
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
  /** The changes the version's waivers accepted; absent when it carried none. */
  waived?: WaivedChange[];
  /** Waivers that expired or matched nothing; absent when the version carried none. */
  notices?: Notice[];
  /** When the question was first asked and answered so. */
  askedAt: string;
  /** How many identical asks, answered identically, this record stands for: repeats within the window join it. */
  count: number;
  /** When the last of them was asked; `askedAt` for a record asked once. */
  lastAskedAt: string;
}

export interface VerdictQuery {
  /** Default 100, at most 1000. */
  limit?: number;
  service?: string;
  environment?: string;
}

/** What a token without a service may do besides everything: `ingest` may only post telemetry. */
export type TokenScope = 'ingest';

export interface TokenInput {
  name: string;
  /** The service the token may publish and deploy for; null for an admin or an ingest token. */
  service: string | null;
  /** Absent for admin and service tokens (their meaning before scopes existed); `ingest` needs `service` null. */
  scope?: TokenScope;
  /** SHA-256 (hex) of the token; the plain token never reaches the store. */
  hash: string;
}

export interface TokenRecord extends TokenInput {
  createdAt: string;
  /** On a revoked token's tombstone only: when it was revoked, and by whom (the admin token's name, or `admin`). */
  revokedAt?: string;
  revokedBy?: string;
}

/**
 * A token the same keyed request created before (its answer lost on the way): its secret was in that answer alone and
 * is kept nowhere, so this is all that can be told of it. Remembered with the key (store/write-keys.ts).
 */
export interface RepeatedToken {
  name: string;
  service: string | null;
  scope?: TokenScope;
  createdAt: string;
  repeated: true;
}

/**
 * A revoked token, kept so that its next use, or a second revoke, is told "revoked" and not "unknown". Its name may be
 * issued again; `id` orders tombstones as they were made.
 */
export interface RevokedTokenRecord extends TokenRecord {
  id: number;
  revokedAt: string;
  revokedBy: string;
}

/** What revoking a name did: the tombstone made now, or, with no live token of that name, the latest one made before. */
export interface TokenRevocation {
  token: RevokedTokenRecord;
  already: boolean;
  /** The answer remembered for the revocation's Idempotency-Key: nothing was written now. */
  repeated?: true;
}

/**
 * One record of a whole store, as `exportRecords` reads it and `importRecords` writes it back,
 * ids and times kept. A version carries its declarations; branches keep their order.
 */
export type StoreRecord =
  | ({ kind: 'service' } & ServiceRecord)
  | ({ kind: 'contract' } & ContractRecord)
  | ({ kind: 'version' } & VersionWithDeclarations)
  | ({ kind: 'environment' } & EnvironmentRecord)
  | ({ kind: 'deployment' } & DeploymentRecord)
  | ({ kind: 'verdict' } & VerdictRecord)
  | ({ kind: 'token' } & TokenRecord)
  | ({ kind: 'webhook' } & WebhookRecord)
  | ({ kind: 'notification' } & NotificationRecord)
  | ({ kind: 'observed-call' } & ObservedCallRecord);

export type StoreRecordKind = StoreRecord['kind'];

/**
 * The tables that hold the records, the same in either store, in the order an import writes them (referenced tables
 * first); a store is empty when all of them are.
 */
export const RECORD_TABLES = [
  'services',
  'provided_apis',
  'contracts',
  'versions',
  'version_branches',
  'declarations',
  'environments',
  'deployments',
  'verdicts',
  'tokens',
  'revoked_tokens',
  'webhooks',
  'notifications',
  'observed_calls',
] as const;

/** The kinds of record whose ids leave the registry (links to verdicts, deliveries queued for a webhook), by their table in either store. */
export const ID_TABLES = {
  deployment: 'deployments',
  verdict: 'verdicts',
  webhook: 'webhooks',
  notification: 'notifications',
} as const satisfies Partial<Record<StoreRecordKind, string>>;

export const ID_KINDS = Object.keys(ID_TABLES) as (keyof typeof ID_TABLES)[];

/**
 * The largest id each of those kinds was ever given, rows deleted since included. A restore goes on past it, so that
 * an id once handed out never names another row.
 */
export type LastIds = Record<keyof typeof ID_TABLES, number>;
