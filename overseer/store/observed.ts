// Observed usage as the store keeps it: calls seen in traces, aggregated per consumer, provider, operation and environment.

/** A batch of calls for one key; the store adds `count` and widens the first/last seen times. */
export interface ObservedCallInput {
  consumer: string;
  provider: string;
  /** `GET /users/{id}`: the provider's operation as its contract writes it. */
  operation: string;
  environment: string;
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
}

export type ObservedCallRecord = ObservedCallInput;

export interface ObservedCallQuery {
  consumer?: string;
  provider?: string;
  environment?: string;
  /** Only calls last seen at or after this ISO time (the window). */
  since?: string;
}
