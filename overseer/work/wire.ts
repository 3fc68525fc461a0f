// What crosses between the event loop and the worker processes: plain data only (structured clone drops functions
// and class identity), so contracts travel as their hash (their text only where a thread lacks it) and errors as
// their catalogue body.

import type {
  Declaration,
  Deprecation,
  DiffReport,
  EmptyEnvironment,
  LeftOutCalls,
  LiveKind,
  listMigrations,
  Migration,
  NamedUsage,
  Notice,
  ObservedCall,
  UnknownCandidateHint,
  UsagePolicy,
  Verdict,
  Waiver,
} from '../../contracts/index.js';
import type { ApiErrorCode } from '../errors.js';
import type { IngestNeeds, IngestResult, WireIngest } from '../observe/ingest-wire.js';
import type { OperationName } from '../operation-labeller.js';
import type { ContractBytes } from '../store/contract-bytes.js';
import type { ConsumerUse, ContractInput } from '../store/store.js';
import type { DeclaredUses, DeprecatedUse } from '../ui/deprecated.js';
import type { MissingGraphBase, WireGraph } from '../ui/graph-wire.js';
import type { Upload } from './prepare-upload.js';
import type { JsonUpload } from './read-json.js';

/** A contract by its hash and the text it was stored with: the worker parses it (or finds it parsed). */
export interface ContractText {
  hash: string;
  text: string;
}

/**
 * A contract the gate judges: by its hash alone when it is stored (a thread that has not parsed that text answers
 * `MissingContracts`), or with its text; `stored` says the text is the store's, which lines in verdicts point into.
 */
export interface ContractRef {
  hash: string;
  text?: string;
  stored?: boolean;
}

/** A gate's answer when a thread lacks the stored text of some contracts, or the listing sent by key: ask again with the texts. */
export interface MissingContracts {
  missing: string[];
  listing?: boolean;
  /** The thread lacks the observed calls sent by key. */
  observed?: boolean;
  /** Consumers name operationIds no live version nor the candidate has: ask again with the provider's history. */
  history?: boolean;
  /** The thread lacks uses of a consumers page sent by key (paged-uses.ts): ask again with their texts. */
  uses?: boolean;
}

/** The consumers at places `from` to `to` (excluded) of the listing sent with the ask, in that order. */
export interface WireListed {
  from: number;
  to: number;
}

export interface WireGateVersion {
  service: string;
  version: string;
  declarations: Declaration[];
  contract?: ContractRef;
  live?: LiveKind;
  /** The candidate's: published with it (can-i-deploy) or sent with it (check). */
  waivers?: Waiver[];
}

export interface WireGateInput {
  service: string;
  version: string;
  environment: string;
  candidate?: WireGateVersion;
  /**
   * A version counted only as a consumer of the service travels as the JSON text of its WireGateVersion
   * (gather/gate-inputs.ts): an array of strings is cloned at a fraction of the cost of a hub's hundreds of objects.
   */
  deployed: (WireGateVersion | string | WireListed)[];
  /**
   * A hub's consumers (gather/consumer-listings.ts), each the JSON text of its WireGateVersion. A thread keeps a listing
   * it parsed by its key, which names its write generation: the texts are sent only to a thread that lacks it.
   */
  listing?: { key: string; texts?: string[] };
  today?: string;
  /** The registry's clock at the ask, an ISO 8601 instant: waivers ending at a time are read at it. */
  now?: string;
  /** Calls of the service seen within the window there, and whether they count (contracts/usage/observed-gate.ts). */
  observed?: ObservedCall[];
  /**
   * `observed` by the key of the observer's read, sent in its place (overseer/work/parsed-calls.ts): a thread keeps the
   * calls it parsed by key, and their JSON text is sent only to a thread that lacks them.
   */
  observedCalls?: { key: string; text?: string };
  usage?: UsagePolicy;
  /** Providers the candidate declares under a name no service has, by the service a typo away (gather/misdirected-uses.ts). */
  meantProviders?: Record<string, string>;
  /** Calls left out of `observed`: their version is live there no more (observe/replaced-calls.ts). */
  observedLeftOut?: LeftOutCalls[];
  /** Calls of a replaced version still seen calling since: they count, and the verdict says why. */
  observedStillSeen?: LeftOutCalls[];
  /** The provider's published versions with a contract, newest first: sent when the thread asks for them (`history`). */
  history?: { version: string; contract: ContractRef }[];
  /** `history` is the newest versions only: a walk it leaves unfinished asks again (`history`) for older ones. */
  historyMore?: boolean;
  /** The candidate's own calls seen in the environment, judged against its declarations in the thread (no contract on the loop). */
  candidateCalls?: ObservedCall[];
  /** No deployment was ever recorded in the environment (gather/empty-environment.ts): a yes says it judged nobody. */
  environmentEmpty?: EmptyEnvironment;
  /** Without a candidate, what the registry has instead (gather/unknown-candidate.ts): the reason names it. */
  unknownCandidate?: UnknownCandidateHint;
}

/** Two versions of a service judged against the consumers deployed where the older runs (the dashboard's services list). */
/** A count of the services page, asked by hashes first as a diff is: a thread that parsed both needs no text. */
export type WireBreakingCount = WireVersionDiff;

/** A dashboard diff asked by hashes first: a thread that parsed both answers without the texts travelling again. */
export interface WireVersionDiff {
  service: string;
  from: { version: string; contract: ContractRef };
  to: { version: string; contract: ContractRef };
  consumers: ConsumerUse[];
  /** The newer version's waivers in force (the services page's counts): what they accept is not counted. */
  waivers?: Waiver[];
}

/**
 * A dashboard diff as the thread answers it: the page's part written there (bounded, pages/service-diff.ts) and the
 * little the graph reads. Stripe's whole report, cloned across and written on the event loop, cost it ~55 ms a view.
 */
export interface DiffPage {
  summary: DiffReport['summary'];
  /** Every consumer at least one change breaks, by name, but those the newer version's waivers accept it for. */
  broken: string[];
  /** Consumers whose every break those waivers accept: the graph does not draw them broken, and says why. */
  waived: string[];
  /** The report as the service page shows it: verdict, version advice, the changes table (capped), notices. */
  html: string;
}

/** What a thread answers for a diff whose contracts together exceed the dashboard's cap (ui/version-diff.ts). */
export interface TooLarge {
  tooLarge: number;
}

/**
 * The client's text is not sent back (the route still holds it); the canonical form only when it is to be stored. A
 * large upload's contract to store comes back as `bytes` instead (moved, not copied), its text taken out of the body.
 */
export interface PreparedWire {
  contract?: Omit<ContractInput, 'text' | 'canonical'> & { canonical?: string; bytes?: ContractBytes };
  declarations: Declaration[];
  warnings: Notice[];
  /** The API names a Backstage entity's providesApis claims for the service. */
  providesApis?: string[];
}

export type WorkTask =
  | { kind: 'prepare'; service: string; upload: Upload; maxContractBytes: number; canonical: boolean }
  | { kind: 'decide'; input: WireGateInput; asJson?: boolean }
  | { kind: 'read-json'; upload: JsonUpload }
  | { kind: 'count-breaking'; input: WireBreakingCount }
  | { kind: 'draw-graph'; graph: WireGraph }
  | { kind: 'diff-versions'; input: WireVersionDiff }
  | { kind: 'ingest'; task: WireIngest }
  | { kind: 'page-uses'; input: WireUsePage }
  | { kind: 'mark-contract'; input: WireContractMarks }
  | { kind: 'list-migrations'; input: WireMigrations };

type MigrationQuestion = Parameters<typeof listMigrations>[0];

/** A provider's migrations in one environment (stored-migrations.ts): its contracts by hash, then with their texts. */
export interface WireMigrations {
  environment: string;
  deployed: { version: string; contract: ContractRef };
  /** Newest first: the walk back stops at the first whose contract is gone from the store. `neverLive`: never live there. */
  earlier: { version: string; contract: ContractRef; neverLive?: true }[];
  users: MigrationQuestion['users'];
  observed?: Omit<NonNullable<MigrationQuestion['observed']>, 'contract'>;
  /** The second ask: a contract sent without its text is gone from the store, not one to ask for. */
  withTexts?: boolean;
}

/** What a page asks of one stored contract (contract-marks.ts); by hash alone first, with its text once the worker lacks it. */
export interface WireContractMarks {
  contract: ContractRef;
  /** Operation references to name, as consumers wrote them. */
  refs: string[];
  /** Whether to send back what the contract deprecates. */
  deprecations?: boolean;
  /** Consumers whose uses of deprecated parts to find. */
  uses?: DeclaredUses[];
  /**
   * The sunset check's question (notify/sunset.ts): the parts whose sunset is no later than `by` (ms), and which of them
   * each user reaches by what it declares, or by a call seen in traces to an operation it does not declare (`calls`).
   */
  ending?: {
    by: number;
    users?: { declaration?: Declaration; calls?: ObservedCall[] }[];
    /** `OVERSEER_USAGE=observed`: only calls count, as at the gate; a declared part counts where its operation is called. */
    callsOnly?: true;
  };
}

/** `read` false: the stored contract no longer parses, and marks nothing. */
export interface ContractMarks {
  read: boolean;
  names: Record<string, OperationName>;
  deprecations?: Deprecation[];
  declared?: DeprecatedUse[];
  /** `reached` holds, per user sent, the places in `deprecations` it reaches (`whole`: it may use them; `seen`: by a call alone). */
  ending?: { deprecations: Deprecation[]; reached?: { at: number; whole?: true; seen?: true }[][] };
}

/** One page of a provider's consumers to cut (paged-uses.ts): from the entry the page starts in, at most `limit` of them. */
export interface WireUsePage {
  /** `key` names the entry's text for good (paged-uses.ts); the text itself only once the worker said it lacks it. */
  entries: { consumer: string; version: string; key: string; text?: string; declaredAs?: string }[];
  offset: number;
  limit: number;
  /** The provider's contract in the listing's scope, whose names the uses are given; by hash alone when stored. */
  contract?: ContractRef;
}

/** The page's consumers, their uses named; `next` indexes the entries sent. */
export interface UsePage {
  /** Whether the contract sent named them: false when none was sent or it no longer parses. */
  named: boolean;
  consumers: { consumer: string; version: string; uses: '*' | NamedUsage[]; declaredAs?: string }[];
  next?: { index: number; offset: number };
}

export type WorkAnswer<T> = { ok: true; value: T } | { ok: false; error: { code: ApiErrorCode; message: string; line?: number } };

/** A request body as JSON gives it, once its route's schema has passed it. */
export type ParsedBody = { [key: string]: unknown };

/** A large body read in a worker, with the upload it holds prepared there when it holds one. */
export interface ReadUpload {
  body: ParsedBody;
  prepared?: PreparedWire;
}

/** A verdict as the JSON text its route sends (overseer/work/verdict-json.ts). */
export interface VerdictJson {
  json: string;
}

export type WorkValue =
  | PreparedWire
  | Verdict
  | VerdictJson
  | MissingContracts
  | MissingGraphBase
  | TooLarge
  | ReadUpload
  | DiffPage
  | UsePage
  | ContractMarks
  | Migration[]
  | IngestResult
  | IngestNeeds
  | number
  | string
  | null;
