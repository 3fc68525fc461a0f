// What crosses to a worker thread for one OTLP export, and back: the body, the registry's directory by key (services and
// hosts, deployed contract hashes), contract texts only for a thread that lacks them; back, the counts alone.

import type { MatchResult } from '../../contracts/index.js';

export type Signal = 'traces' | 'metrics';

/** The known services and the hosts they list; a host two services list maps to null: such spans are not guessed. */
export interface WireServices {
  names: string[];
  hosts: [host: string, service: string | null][];
  /** The environments the registry has: a span naming another is not used, and says so. */
  environments: string[];
  /** The Backstage API names services provide: a span whose `peer.service` names one calls the service providing it. */
  apis: [api: string, service: string][];
}

/**
 * The directory a thread matches against. `services` travels only when a thread lacks the snapshot `key` names; the
 * deployed hashes are a few strings per provider and environment; `texts` only when a thread said it lacks them.
 * A provider mid-rollout (a canary beside the version it replaces) serves both contracts: a call only the older one
 * serves is still a call, so every version deployed or rolling there is listed, newest first (none: not deployed).
 */
export interface WireDirectory {
  key: number;
  services?: WireServices;
  deployed: [provider: string, environment: string, hashes: string[]][];
  /** A contract's stored text by hash; none when the store no longer holds it (the provider then counts as not deployed). */
  texts?: { hash: string; text?: string }[];
}

export interface WireIngest {
  /** Names the export across its asks: a thread asked again keeps the spans it read the first time. */
  id: string;
  signal: Signal;
  /** OTLP/protobuf or large OTLP/JSON bytes, decoded by the thread; a small OTLP/JSON body already parsed. */
  body: Uint8Array | { parsed: unknown };
  protobuf: boolean;
  /** When the export was received (ms since the epoch): spans without a time, and those in the future, count as then. */
  receivedAt: number;
  /** Where the usage window starts (ms since the epoch): a CLIENT span timed before it counts for nothing, and is said so. */
  windowStart: number;
  directory: WireDirectory;
}

/**
 * What a thread lacked to match an export: the services snapshot, deployed hashes of pairs it was not sent, and the
 * hashes of every contract the spans name (their texts are sent with the next ask). The body comes back moved.
 */
export interface IngestNeeds {
  needs: { services: boolean; pairs: [provider: string, environment: string][]; hashes: string[] };
  body: WireIngest['body'];
}

export interface IngestResult extends MatchResult {
  /** Client spans that could not be used: OTLP's partial-success count. */
  rejected: number;
  /** Why, for people: `unknown-provider 2, no-matching-operation 1`. */
  message: string;
  /** What was used but will not count, for people: callers whose service.name names no published service. */
  warning?: string;
}
