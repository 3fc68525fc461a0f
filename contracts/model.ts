// Wire and domain types shared by the engine, the registry and its clients: no behaviour, so neither imports the other.

export const LEVELS = ['info', 'warning', 'breaking'] as const;
export type Level = (typeof LEVELS)[number];

/** A severity floor for `--fail-on`: `never` blocks on nothing. */
export type FailOn = Level | 'never';

/** Which document a change is seen in: removed things live in the base, added ones in the revision. */
export type Side = 'base' | 'revision';

/**
 * The part of an operation a change touches. Impact (who breaks) is judged from this, never from ids.
 * `field` is a dotted property path where `[]` steps into array items (`items[].sku`), as in manifests.
 * `narrowedTo`, on a removed media type range: the types of the revision it covered, still taken or returned.
 */
export type Target =
  | { kind: 'document' }
  | { kind: 'operation' }
  | { kind: 'security' }
  | { kind: 'parameter'; in: string; name: string }
  | { kind: 'request-body'; mediaType?: string; field?: string; narrowedTo?: string[] }
  | { kind: 'response'; status?: string; mediaType?: string; header?: string; field?: string; narrowedTo?: string[] };

/** One difference between two contracts, judged by a rule. */
export interface Change {
  /** The rule id (oasdiff's where the same change is meant). */
  id: string;
  /** The level in general, before any consumer is considered. */
  level: Level;
  /** `GET /users/{id}` as the contract writes it (the base's path for removed operations); absent for document-wide changes. */
  operation?: string;
  /** Every operation this change reaches: its own; each one reaching a shared schema; each one requiring a changed security scheme; none for the rest of the document. */
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
  /**
   * Its keyword constrains nothing where it is written (a `maxLength` on an integer): no value is accepted or refused
   * differently, so it stays info whatever a severity file sets its rule to; `none` still drops it.
   */
  inert?: boolean;
}

/** What a consumer uses of one provider operation. With no lists the whole operation is used; once any list is given, an absent one means nothing in that category. */
export interface OperationUsage {
  /** As written in the manifest: an operationId or `METHOD /path`. */
  operation: string;
  params?: string[];
  request?: string[];
  response?: string[];
  /**
   * The media types it sends a request body in (a Pact's Content-Type; `*\/*` where unsaid): only the contract's
   * request media types that take one of them count for it. Absent: not known, every one counts.
   */
  requestMediaTypes?: string[];
  /** The media types it reads response bodies in (a Pact response's Content-Type), as `requestMediaTypes` for requests. */
  responseMediaTypes?: string[];
  /**
   * The response statuses it expects (a Pact's `response.status`: `404`, or a class such as `4XX`): its response fields
   * are read in those responses, and a change to another status is not its. Absent: the success responses.
   */
  statuses?: string[];
  /** 1-based line where this entry starts: in the manifest, or in `file`, the one of several Pact files that declares it. */
  line?: number;
  file?: string;
}

/** What one consumer declares it uses of one provider. */
export interface Declaration {
  consumer: string;
  provider: string;
  /** `"*"`: everything the provider offers counts as used. */
  uses: '*' | OperationUsage[];
  /**
   * The API name a Backstage `consumesApis` entry wrote. The registry resolves it to the service whose entity lists it
   * in `providesApis` (then `provider` is that service); unresolved, `provider` is the API name itself.
   */
  api?: string;
  /**
   * The gate's own: the provider name the consumer wrote, which no service has, taken for a misspelling of `provider`
   * (the registry's gather/misdirected-uses.ts); its reasons say so.
   */
  declaredAs?: string;
}

/** Calls a consumer was seen making to one provider operation in one environment (from traces or span metrics). */
export interface ObservedCall {
  consumer: string;
  /** The caller's `service.version`, when its telemetry names one: calls of a version the environment replaced do not count. */
  consumerVersion?: string;
  provider: string;
  /** `GET /users/{id}` as the provider's contract writes it. */
  operation: string;
  environment: string;
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
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
  /** `hosts:`: lower-case host names the service is reached at, for spans that name no `peer.service`. */
  hosts?: string[];
  declarations: Declaration[];
  /** Read from a Backstage entity: its providers are API names (`consumesApis`), resolved by the registry to services. */
  providersAreApiNames?: true;
  /** A Backstage entity's `spec.providesApis`, without `api:`: publishing it claims these names for `service`. */
  providesApis?: string[];
  /** The file it was read from. */
  file?: string;
  /**
   * The consumer version it states, when built from the registry's listing (the Action's): two live versions of one
   * consumer are told apart by it, as files are by their file. `publishedFrom`: where its manifest was published from.
   */
  version?: string;
  publishedFrom?: { file: string; repository?: string; commit?: string };
}

/** How one change bears on the consumers given. */
export interface JudgedChange extends Change {
  /** Names of the consumers this change breaks; present when consumers were given. */
  consumers?: string[];
  /**
   * Per consumer broken, the operations of this change it uses, as the contract writes them (`GET /users/{id}`); empty
   * for a change to no operation. A change to a shared schema reaches many; titles name these, not the first reached.
   */
  consumerOperations?: Record<string, string[]>;
  /**
   * Per consumer broken that was given in several manifests (versions live in different places), the files of those
   * whose uses the change breaks: offline, a manifest is what names a version. For manifests built from the registry's
   * listing (the Action's), `version 1.1.0`: the version each states.
   */
  consumerFiles?: Record<string, string[]>;
  /**
   * On a warning, per consumer given that uses what it reaches, the operations of the change it uses: whom its owner
   * should tell. A warning never blocks, so these consumers are not in `consumers`; absent when none uses it.
   */
  warnedConsumers?: Record<string, string[]>;
  /** Whether this change blocks (fails the check). */
  blocking: boolean;
  /** Set when a waiver covers this change. */
  waived?: { reason: string; expires?: string };
  /** Consumers a consumer-scoped waiver covers while the change still breaks others (so it still blocks). */
  waivedFor?: string[];
}

/**
 * A use a consumer declares that the revision does not offer and that no change of the diff explains (the base failed
 * it too): the gate refuses the provider's deploy on it all the same, so `diff --consumers` blocks on it as well.
 */
export interface UnmetUse {
  /** The gate's reason code: `operation-missing`, `field-missing`, `request-field-rejected`, `parameter-rejected`, `required-input-missing`. */
  code: string;
  consumer: string;
  operation?: string;
  field?: string;
  message: string;
  /** The line of the consumer's manifest that declares it, where known. */
  line?: number;
  /** The manifest that declares it, when the consumer was given in several (the version it is about), or its entry's Pact file. */
  file?: string;
  /** As `file`, for a consumer whose several live versions the registry listed (the Action's): the version it is about. */
  consumerVersion?: string;
  /** Set when the base offers the use: the revision takes it away, though no rule names that change. */
  metByBase?: true;
  blocking: boolean;
  /** Set when a waiver naming the code, the consumer and the operation accepts it, as the gate's waivers do. */
  waived?: { reason: string; expires?: string };
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
  /** Present when consumers were given and the revision fails some use no change explains (UnmetUse). */
  unmet?: UnmetUse[];
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

/**
 * Every reason the gate gives, and how a waiver published with the candidate may accept it: `change` by the rule id of
 * each change that breaks the consumer; `use` by naming the code itself, for one consumer (a use the provider's live
 * versions never met, or one the gate could not compare with them); `none` when only the inputs can change.
 */
const REASON_WAIVERS = {
  'breaks-consumer': 'change',
  'warns-consumer': 'none',
  'declared-path-moved': 'none',
  'operation-missing': 'use',
  'field-missing': 'use',
  'request-field-rejected': 'use',
  'parameter-rejected': 'use',
  'required-input-missing': 'use',
  'provider-not-deployed': 'none',
  'version-unknown': 'none',
  'contract-missing': 'none',
  'deployed-contract-unknown': 'use',
} as const satisfies Record<string, 'change' | 'use' | 'none'>;

export const REASON_CODES = Object.keys(REASON_WAIVERS) as readonly (keyof typeof REASON_WAIVERS)[];

/** The codes a waiver may name as its `rule`, always with a `consumer`: a use of that consumer the gate refused. */
export const USE_WAIVER_CODES: readonly ReasonCode[] = REASON_CODES.filter((code) => REASON_WAIVERS[code] === 'use');
type ReasonCode = (typeof REASON_CODES)[number];

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
  /** `observed`: the use it rests on was seen in traces, not declared; `both`: it reaches a declared use too. */
  basis?: 'declared' | 'observed' | 'both';
  /** With `basis: "observed"` or `"both"`: when the call was last seen (ISO). */
  lastSeen?: string;
  /** A use the provider's versions live there fail already (`field-missing`, ...): those versions. Still refused. */
  alreadyUnmetBy?: string[];
  /** The provider's name as the consumer's manifest misspells it, when the gate took it for this provider (usage/misdirected.ts). */
  declaredAs?: string;
  /**
   * On a `breaks-consumer` reason that removes a part: `deprecate-first` when no provider version running there
   * deprecates it, `move-off` when one does (`deprecatedIn`) and the consumer still uses it. Absent for other changes.
   */
  wayOut?: 'deprecate-first' | 'move-off';
  /** With `wayOut: "move-off"`: the running provider version that deprecates the part. */
  deprecatedIn?: string;
  /** Where the consumer declared the use: its manifest entry's line, and where the registry knows them its file, repository and commit. */
  declaredAt?: { line: number; file?: string; repository?: string; commit?: string };
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
  /** Present when the version asked about carries waivers: the changes they accept, which refuse nothing. */
  waived?: WaivedChange[];
  /**
   * Waivers that expired or matched no change (`waiver-expired`, `waiver-unused`); uses left uncounted that would have
   * refused the deploy (`observed-calls-not-counted`, `declared-uses-not-counted`, `caller-not-live`). Absent when none.
   */
  notices?: Notice[];
}

/** A change that would break a deployed consumer, accepted by a waiver published with the deploying version. */
export interface WaivedChange {
  consumer: string;
  consumerVersion: string;
  change: Change;
  /** The waiver that accepts it: why, until when, and where it is written. */
  waiver: { reason: string; expires: string; file: string; line: number };
}

// The registry's HTTP API types live beside these, in wire.ts; every importer of the model sees both.
export * from './wire.js';

/**
 * The own enumerable keys of a plain object (a finding, a change), in their order, on a new object: the engine's
 * per-change copies, where `{ ...c, key: value }` was a measured cost. V8 copies a spread followed by more keys on its
 * slow path: copying Discord 2023 -> 2026's 3,204 changes took ~11 ms spread and ~4 ms this way, in code that runs
 * once and is never optimised. Keys added to the copy afterwards land where the spread would have put them, so the
 * JSON written is the same.
 */
export function copyOf<T extends object>(o: T): T {
  const out = {} as T;
  // for...in also reads inherited enumerable keys: the objects copied here are literals, whose prototype has none.
  for (const k in o) out[k] = o[k];
  return out;
}
