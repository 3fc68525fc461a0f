// Who uses what, as the registry lists it: the consumers of a provider, and a service's uses declared against observed.
import type { Notice, OperationUsage } from '../model.js';

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
