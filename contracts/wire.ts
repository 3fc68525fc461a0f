// The registry's HTTP API (`/v1`): what the server sends and its clients read, so that neither imports the other.
import type { Declaration, Notice, OperationUsage, Verdict, VerdictReason } from './model.js';
import type { Waiver } from './policy/waivers.js';
/**
 * How long the registry lets one task hold a worker (a gate question, a check, a publication's parse) before it answers
 * 422 ERR_WORK_TIMEOUT (OVERSEER_WORK_TIMEOUT_MS). Stripe's 4 MB publication takes a few seconds; a hostile 16 MB
 * document of 300,000 operations took 150.
 */
export const WORK_TIMEOUT_MS = 120_000;

/**
 * How long a client waits for the registry's whole answer (OVERSEER_TIMEOUT_MS): past the registry's own bound, with
 * room for the wait in its queue and the store's reads, so that a slow but legitimate answer, or the registry's own
 * ERR_WORK_TIMEOUT, reaches the client instead of being abandoned while the registry still works on it.
 */
export const CLIENT_TIMEOUT_MS = WORK_TIMEOUT_MS + 30_000;

/** Every error the registry sends: `code` is stable (`ERR_<NOUN>_<PROBLEM>`), `message` is for people. */
export interface ApiErrorBody {
  code: string;
  message: string;
  /** The line of the uploaded contract or manifest the problem is on. */
  line?: number;
}

/** `PUT /v1/services/{name}` */
export interface ServiceRequest {
  owners: string[];
  slack?: string;
  /** A Slack user group (`S…`) or user (`U…`, `W…`) id that messages about this service mention. */
  slackMention?: string;
  repository?: string;
  /** Lower-case host names the service is reached at (manifest `hosts:`); replaced as a whole, like the other fields. */
  hosts?: string[];
}

export interface RegistryService extends ServiceRequest {
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface ServiceResponse {
  status: 'created' | 'updated' | 'unchanged';
  service: RegistryService;
}

/** `POST /v1/services/{name}/versions`: the contract as text, and declarations or the manifest they come from. */
export interface PublishRequest {
  version: string;
  /** The service's description: created or updated with the version, in one transaction (no PUT needed first). */
  service?: ServiceRequest;
  branch?: string;
  commit?: string;
  /** Who publishes (a person or a CI actor); the token's name when absent. */
  publisher?: string;
  /** The pull request this version was built for, linked in notifications. */
  pullRequest?: number;
  /** The OpenAPI document's text (YAML or JSON), as in the repository. */
  contract?: string;
  /** The contract's file name, used only in error messages (`openapi.yaml:12: ...`). */
  contractFile?: string;
  declarations?: Declaration[];
  /** `overseer.yaml` text: its `consumes` become the declarations (not with `declarations`). */
  manifest?: string;
  /** Where the manifest sits in the service's repository (`web/overseer.yaml`): reasons about its uses name it with the line. */
  manifestFile?: string;
  /** The waivers file, parsed by the client (`publish --waivers`): kept with the version, applied when it is deployed. */
  waivers?: Waiver[];
}

export interface RegistryVersion {
  service: string;
  version: string;
  /** Every branch this version was published on, first first: a commit can reach several branches. */
  branches: string[];
  /** The commit given at the first publication. */
  commit?: string;
  /** Who published it first (absent for versions published before this was kept). */
  publisher?: string;
  /** SHA-256 of the contract's canonical JSON; null for a version that provides no contract. */
  contractHash: string | null;
  /** The waivers published with it, where it was published with any. */
  waivers?: Waiver[];
  /** Its manifest's path in its repository, as the publisher gave it (absent before round 30, and without one). */
  manifestFile?: string;
  /** The repository (`acme/web`) its manifest named when it was published: where `manifestFile` and `commit` are. */
  repository?: string;
  createdAt: string;
}

export interface PublishResponse {
  /** `unchanged`: this version was already published with the same content (201 vs 200). */
  status: 'created' | 'unchanged';
  version: RegistryVersion;
  /** With `unchanged`: the branch given was new to this version and is now recorded on it. */
  branchAdded?: true;
  /** With `unchanged`: the service's description (owners, slack, repository, hosts) changed and is now stored. */
  serviceUpdated?: true;
  /** The branch given was new to the registry, and a typo away from this known one (`mian`: `main`). */
  branchGuess?: string;
  /** Problems in the contract that did not stop the publication. */
  warnings: Notice[];
}

/**
 * An operation a consumer uses, as it declared it, and as the provider's contract in the listing's scope names it
 * (`label`: METHOD /path, and its `operationId`), absent when that contract lacks it. Added by the registry, never renamed.
 */
export type NamedUsage = OperationUsage & { label?: string; operationId?: string };

/** One consumer version's use of a provider: which operations, parameters and fields. */
export interface ConsumerEntry {
  consumer: string;
  version: string;
  uses: '*' | NamedUsage[];
  /**
   * The provider's name as this consumer's manifest writes it, when that name is no service's and the provider's is
   * the nearest to it: the gate counts the consumer as the provider's, so the listing does too, and says why.
   */
  declaredAs?: string;
}

/** `GET /v1/services/{name}/consumers`: deployed versions with `environment`, else the latest of each consumer. */
export interface ConsumerListing {
  provider: string;
  environment?: string;
  branch?: string;
  /** The provider version whose contract named the uses; absent when none has a contract, and from older registries. */
  namedBy?: string;
  consumers: ConsumerEntry[];
  /** The cursor of the next page (`?cursor=`); absent on the last page, and from registries that send one page. */
  next?: string;
}

/** `POST /v1/deployments` */
/**
 * How a deployment is recorded: `replace` ends every live deployment of the service there (not its releases),
 * `rolling` runs beside them (a rollout or a canary), `release` marks a version supported beside others (apps in
 * users' hands) until its support ends.
 */
export const DEPLOYMENT_MODES = ['replace', 'rolling', 'release'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** How a version is live in an environment. */
export const LIVE_KINDS = ['deployed', 'rolling', 'released'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface DeploymentRequest {
  service: string;
  version: string;
  environment: string;
  /** Default `replace`: see DeploymentMode. */
  mode?: DeploymentMode;
}

/** Ends one live version: a deployment or rolling version (`release: false`), or a release's support (`release: true`). */
export interface DeploymentEndRequest {
  service: string;
  version: string;
  environment: string;
  release?: boolean;
}

export interface RegistryDeployment {
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

export interface DeploymentResponse {
  /** `unchanged`: this version was already the current one there. */
  status: 'created' | 'unchanged';
  deployment: RegistryDeployment;
  /** `provider-not-deployed`: a provider it declares runs nowhere there; `use-unmet`: one runs, lacking what `unmet` says. */
  warnings?: Notice[];
  /** What the version uses that its providers live there lack: the gate's consumer-side reasons (`field-missing`, ...). */
  unmet?: VerdictReason[];
}

export interface RegistryEnvironment {
  name: string;
  /** When it was created (or, for one made before environments were created explicitly, its first deployment). */
  createdAt: string;
}

/** `POST /v1/check`: an unpublished candidate judged against an environment, or the latest versions on a branch. */
export interface CheckRequest {
  service: string;
  /** Shown in the verdict; default `candidate`. */
  version?: string;
  contract?: string;
  contractFile?: string;
  declarations?: Declaration[];
  manifest?: string;
  environment?: string;
  branch?: string;
  /** The waivers file, parsed by the client (`check --waivers`): applied to the candidate's changes. */
  waivers?: Waiver[];
}

export interface CheckResponse extends Verdict {
  /** Problems in the candidate's contract that did not stop the check. */
  warnings: Notice[];
}

/** A verdict of the audit trail: who asked, when; identical asks within the registry's window are one, counted. */
export interface RecordedVerdict extends Verdict {
  id: number;
  askedBy: string;
  /** When it was first asked. */
  askedAt: string;
  /** How many identical asks, answered identically, it stands for. */
  count: number;
  /** When the last of them was asked. */
  lastAskedAt: string;
}

/** `POST /v1/can-i-deploy`: the ask that is recorded in the audit trail (`GET` answers the same, recording nothing). */
export interface CanIDeployRequest {
  service: string;
  version: string;
  environment: string;
}

/** `POST /v1/tokens` (admin only) */
/** `POST /v1/tokens`: a token for one service, or (`ingest: true`, no service) one that may only post telemetry. */
export interface TokenRequest {
  name: string;
  /** The one service the token may publish and record deployments for. */
  service?: string;
  /** An ingest token: it may post to `/v1/traces` and `/v1/metrics`, and nothing else. */
  ingest?: boolean;
}

/** The token itself is in this answer only: the registry keeps its SHA-256. */
export interface IssuedToken {
  name: string;
  /** null for an ingest token. */
  service: string | null;
  scope?: 'ingest';
  token: string;
  createdAt: string;
}

/** One token as `GET /v1/tokens` lists it (admin only): what it may do, never the token or its hash. */
export interface TokenEntry {
  name: string;
  /** The one service a service token acts for; null for an ingest or admin token. */
  service: string | null;
  scope: 'service' | 'ingest' | 'admin';
  createdAt: string;
  /** In the listing of revoked tokens only (`?revoked=true`): when, and by which admin token (`admin`, or its name). */
  revokedAt?: string;
  revokedBy?: string;
}

/** `GET /v1/notifications` lists them; `POST /v1/notifications/{id}/retry` answers `{notification}`. */
export interface NotificationEntry {
  id: number;
  event: string;
  channel: string;
  target: string;
  headline?: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/**
 * A service whose notifications the registry will not send, as `GET /v1/notifications` lists it in `gaps`: a Slack
 * channel or repository off the admin's lists (stored before them), or a repository shared under a status context
 * without `{service}`.
 */
export interface NotificationGap {
  service: string;
  kind: 'slack-channel' | 'repository' | 'shared-repository';
  /** The channel or repository the service names. */
  names: string;
  problem: string;
  fix: string;
}

/**
 * PUT /v1/hosts/{host}, /v1/apis/{api} and /v1/repositories/{owner}/{repo}: the admin gave a host, an API name or a
 * repository to a service, taken from `from` (`shared`: a repository `from` keeps too, a monorepo's).
 */
export interface MovedClaim {
  kind: 'host' | 'api' | 'repository';
  name: string;
  to: string;
  /** Who held it before; null when nobody did. */
  from: string | null;
  status: 'moved' | 'shared' | 'unchanged';
}

/** One use in `GET /v1/services/{name}/usage`: declared, observed, or both. */
export interface UsageEntry {
  /** As a consumer's listing: the provider used. */
  provider?: string;
  /** As a provider's listing (`asProvider`): the consumer using it. */
  consumer?: string;
  /**
   * As a provider's listing: the provider's name as this consumer's manifest writes it, when that name is no service's
   * and the provider's is the nearest to it (the gate counts the consumer as the provider's). Absent when written right.
   */
  declaredAs?: string;
  /**
   * As a consumer's listing: the service a typo away from `provider` when no service is named `provider`, which the
   * gate counts these declared uses against. Absent when the name is a service's, or none is near.
   */
  countedAs?: string;
  /** `GET /users/{id}` as the provider's contract writes it (as declared when the contract does not know it), or `*`. */
  operation: string;
  /**
   * The statuses whose responses its declarations read (a manifest's `statuses: [404]`, a pact's expected 404), over
   * every declaration of the operation (`2XX` for one naming none: it reads the success responses); present only when
   * one is not a success, which any use reads.
   */
  statuses?: string[];
  /** The media types it sends bodies in, when every declaration of the operation names some (none narrows nothing). */
  requestMediaTypes?: string[];
  /** The media types it reads answers in, as `requestMediaTypes`. */
  responseMediaTypes?: string[];
  declared: boolean;
  /** Calls seen within the window (in the environment, when one is given); null when never observed. */
  observed: { count: number; lastSeen: string } | null;
}

/** `GET /v1/services/{name}/usage`: what a service uses (or, as a provider, who uses it), declared against observed. */
export interface UsageListing {
  consumer?: string;
  provider?: string;
  environment?: string;
  uses: UsageEntry[];
  /** Calls left out of `uses` (a caller's version replaced where it was seen), or counted though replaced: as the gate says. */
  notices?: Notice[];
  /** The registry's OVERSEER_USAGE: which of these uses its gate counts (absent from a registry older than the field). */
  policy?: 'declared' | 'observed' | 'both';
}
