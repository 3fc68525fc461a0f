// The gate's answer: its reasons (and which a waiver may accept), its decision, and the changes waived on the way.
import type { Change, Notice } from '../model.js';

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
