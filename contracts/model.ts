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
  /**
   * On a change that breaks a consumer (the gate's `breaks-consumer`), filed under one operation of a shared schema: its
   * field as each other operation the consumer misses a field of reads it (null: that one reaches it nowhere), read
   * through the diff as waivers read it, so that every door folds the miss it states and keeps the one it does not.
   */
  fieldsAt?: Record<string, string | null>;
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

// What consumers use and the gate's verdicts live in model/, the registry's HTTP API in wire.ts: every importer of the
// model sees them all.
export * from './model/uses.js';
export * from './model/verdicts.js';
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
