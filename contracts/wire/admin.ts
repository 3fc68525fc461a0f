// What an admin is answered: tokens issued and listed, the notification outbox and its gaps, names moved between services.

/** `POST /v1/tokens` (admin only): a token for one service, or (`ingest: true`, no service) one that may only post telemetry. */
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
