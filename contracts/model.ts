// Wire and domain types shared by the engine, the registry and its clients.
// Nothing here has behaviour; server and clients import these instead of each other.

export const LEVELS = ['info', 'warning', 'breaking'] as const;
export type Level = (typeof LEVELS)[number];

/** A severity floor for `--fail-on`: `never` blocks on nothing. */
export type FailOn = Level | 'never';

/** Which document a change is seen in: removed things live in the base, added ones in the revision. */
export type Side = 'base' | 'revision';

/**
 * The part of an operation a change touches. Impact (who breaks) is judged from this, never from ids.
 * `field` is a dotted property path where `[]` steps into array items (`items[].sku`), as in manifests.
 */
export type Target =
  | { kind: 'document' }
  | { kind: 'operation' }
  | { kind: 'security' }
  | { kind: 'parameter'; in: string; name: string }
  | { kind: 'request-body'; mediaType?: string; field?: string }
  | { kind: 'response'; status?: string; mediaType?: string; header?: string; field?: string };

/** One difference between two contracts, judged by a rule. */
export interface Change {
  /** The rule id (oasdiff's where the same change is meant). */
  id: string;
  /** The level in general, before any consumer is considered. */
  level: Level;
  /** `GET /users/{id}` as the contract writes it (the base's path for removed operations); absent for document-wide changes. */
  operation?: string;
  /** Every operation that reaches this change, when it sits in a schema shared by several. */
  operations?: string[];
  /** JSON pointer into the document named by `side`. */
  location: string;
  side: Side;
  /** 1-based line of `location` in that file, when known. */
  line?: number;
  message: string;
  target: Target;
  /** A change every caller of the operation must react to, whatever it sends (new required input, new security, removal). */
  everyCaller?: boolean;
  /** A change that breaks a consumer who depends on the touched part even if its level in general is lower. */
  breaksDependents?: boolean;
}

/** What a consumer uses of one provider operation. With no lists the whole operation is used; once any list is given, an absent one means nothing in that category. */
export interface OperationUsage {
  /** As written in the manifest: an operationId or `METHOD /path`. */
  operation: string;
  params?: string[];
  request?: string[];
  response?: string[];
  /** 1-based line in the manifest where this entry starts, for error messages. */
  line?: number;
}

/** What one consumer declares it uses of one provider. */
export interface Declaration {
  consumer: string;
  provider: string;
  /** `"*"`: everything the provider offers counts as used. */
  uses: '*' | OperationUsage[];
}

/** Calls a consumer was seen making to one provider operation in one environment (from traces or span metrics). */
export interface ObservedCall {
  consumer: string;
  provider: string;
  /** `GET /users/{id}` as the provider's contract writes it. */
  operation: string;
  environment: string;
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
}

/** One use in `GET /v1/services/{name}/usage`: declared, observed, or both. */
export interface UsageEntry {
  /** As a consumer's listing: the provider used. */
  provider?: string;
  /** As a provider's listing (`asProvider`): the consumer using it. */
  consumer?: string;
  /** `GET /users/{id}` as the provider's contract writes it (as declared when the contract does not know it), or `*`. */
  operation: string;
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
}

/** A service's manifest (`overseer.yaml` or Backstage `catalog-info.yaml`), read and validated. */
export interface Manifest {
  service: string;
  owners: string[];
  slack?: string;
  /** `slack_mention`: a Slack user group (`S…`) or user (`U…`, `W…`) id that messages mention. */
  slackMention?: string;
  repository?: string;
  /** Path of the provided contract, relative to the manifest's folder. */
  provides?: string;
  declarations: Declaration[];
  /** The file it was read from. */
  file?: string;
}

/** How one change bears on the consumers given. */
export interface JudgedChange extends Change {
  /** Names of the consumers this change breaks; present when consumers were given. */
  consumers?: string[];
  /** Whether this change blocks (fails the check). */
  blocking: boolean;
  /** Set when a waiver covers this change. */
  waived?: { reason: string; expires?: string };
  /** Consumers a consumer-scoped waiver covers while the change still breaks others (so it still blocks). */
  waivedFor?: string[];
}

export interface Summary {
  breaking: number;
  warning: number;
  info: number;
  blocking: number;
}

/** A problem with an input that did not stop the work (spec violations, declarations naming unknown operations). */
export interface Notice {
  code: string;
  message: string;
  file?: string;
  line?: number;
  /** For consumer-owned findings: the consumer that owns the problem. */
  consumer?: string;
}

export interface ConsumerInfo {
  name: string;
  owners: string[];
  slack?: string;
  file?: string;
}

/** The result of judging a revision against a base (and optionally against consumers). */
export interface DiffReport {
  base: { file: string; version?: string };
  revision: { file: string; version?: string };
  changes: JudgedChange[];
  summary: Summary;
  /** Present when consumers were given. */
  consumers?: ConsumerInfo[];
  notices: Notice[];
  failOn: FailOn;
  /** 1-based line of each operation in the revision file, keyed `GET /users/{}` (parameter names blanked): annotations put base-side changes there. */
  operationLines?: Record<string, number>;
  /** For base-side changes, keyed by location: the revision line of the nearest part that still exists (the parent's). */
  removalLines?: Record<string, number>;
  /** Present when both `info.version`s are semantic versions: the bump given and the bump the changes need. */
  versionBump?: {
    base: string;
    revision: string;
    given: 'major' | 'minor' | 'patch' | 'none' | 'prerelease' | 'downgrade';
    needed: 'major' | 'minor' | 'patch' | 'none';
  };
}

export const REASON_CODES = [
  'breaks-consumer',
  'operation-missing',
  'field-missing',
  'request-field-rejected',
  'required-input-missing',
  'provider-not-deployed',
  'version-unknown',
  'contract-missing',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface VerdictReason {
  code: ReasonCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  consumer?: string;
  consumerVersion?: string;
  provider?: string;
  providerVersion?: string;
  operation?: string;
  field?: string;
  changes?: Change[];
  /** `observed` when the use this reason rests on was seen in traces, not declared. */
  basis?: 'declared' | 'observed';
  /** With `basis: "observed"`: when the call was last seen (ISO). */
  lastSeen?: string;
}

/** The gate's three answers: `undecided` when it could not judge (the version is not published), never counted as a refusal. */
export const DECISIONS = ['deployable', 'refused', 'undecided'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface Verdict {
  decision: Decision;
  /** True only when `decision` is `deployable`; kept for clients written before `decision`. */
  deployable: boolean;
  service: string;
  version: string;
  environment: string;
  reasons: VerdictReason[];
}

// ---- The registry's HTTP API (`/v1`): what the server sends and its clients read. ----

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
}

export interface RegistryVersion {
  service: string;
  version: string;
  branches: string[];
  commit?: string;
  /** Who published it first. */
  publisher?: string;
  /** SHA-256 of the contract's canonical JSON; null for a version that provides no contract. */
  contractHash: string | null;
  createdAt: string;
}

export interface PublishResponse {
  /** `unchanged`: this version was already published with the same content (201 vs 200). */
  status: 'created' | 'unchanged';
  version: RegistryVersion;
  /** Problems in the contract that did not stop the publication. */
  warnings: Notice[];
}

/** One consumer version's use of a provider: which operations, parameters and fields. */
export interface ConsumerEntry {
  consumer: string;
  version: string;
  uses: Declaration['uses'];
}

/** `GET /v1/services/{name}/consumers`: deployed versions with `environment`, else the latest of each consumer. */
export interface ConsumerListing {
  provider: string;
  environment?: string;
  branch?: string;
  consumers: ConsumerEntry[];
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
  /** Default `replace`. */
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
  live: LiveKind;
  deployedAt: string;
  /** When it stopped being live (replaced, undeployed, support ended); null while live. */
  replacedAt: string | null;
}

export interface DeploymentResponse {
  /** `unchanged`: this version was already the current one there. */
  status: 'created' | 'unchanged';
  deployment: RegistryDeployment;
}

export interface RegistryEnvironment {
  name: string;
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
}

export interface CheckResponse extends Verdict {
  /** Problems in the candidate's contract that did not stop the check. */
  warnings: Notice[];
}

/** A verdict of the audit trail: who asked, when. */
export interface RecordedVerdict extends Verdict {
  id: number;
  askedBy: string;
  askedAt: string;
}

/** `POST /v1/tokens` (admin only) */
export interface TokenRequest {
  name: string;
  /** The one service the token may publish and record deployments for. */
  service: string;
}

/** The token itself is in this answer only: the registry keeps its SHA-256. */
export interface IssuedToken {
  name: string;
  service: string;
  token: string;
  createdAt: string;
}
