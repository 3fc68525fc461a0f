// The outbox's records and the checks every Store implementation shares: notifications are written in the
// transaction of the event that causes them, then leased, delivered and marked by the worker (overseer/notify).

export const NOTIFICATION_CHANNELS = ['slack', 'github', 'webhook'] as const;
type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `failed` is the dead letter: no attempt is left until someone retries it by hand. */
export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationInput {
  /** The idempotency key: one delivery per event and destination; enqueuing a stored key again is a no-op. */
  key: string;
  /** The event type (`version.breaking`...). */
  event: string;
  channel: NotificationChannel;
  /** Where it goes, for people: `#users-alerts`, `acme/users@1a2b3c`, `https://hooks.example.com/x`. */
  target: string;
  /** What the worker needs to deliver it: JSON, kept as given. */
  payload: unknown;
  /** The gate verdict it is about, when there is one. */
  verdictId?: number;
}

export interface NotificationRecord {
  id: number;
  key: string;
  event: string;
  channel: NotificationChannel;
  target: string;
  payload: unknown;
  status: NotificationStatus;
  /** Attempts made since it was enqueued or last retried by hand. */
  attempts: number;
  /** Why the last attempt failed; kept after a later success, for the record. */
  lastError: string | null;
  /** When the worker may try it next (pending only). */
  nextAttemptAt: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  verdictId?: number;
  /** Set by a claim when the previous claim ended with no outcome recorded (its worker died): it may have been sent. */
  reclaimed?: true;
}

/** A notification retried by hand; `sendingUntil` when a worker was sending it, and the retry left it to that worker. */
export interface RetriedNotification extends NotificationRecord {
  /** The end of the sending worker's lease: a retry that took it away would let a second worker send a second copy. */
  sendingUntil?: string;
  /** The answer remembered for the retry's Idempotency-Key: nothing was written now. */
  repeated?: true;
}

/** Builds the notifications of a write from its result, inside the write's transaction: pure and synchronous. */
export type Outbox<R> = (result: R) => readonly NotificationInput[];

export interface NotificationQuery {
  status?: NotificationStatus;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface ClaimRequest {
  /** Who claims: a worker's id, unique per process. */
  owner: string;
  limit: number;
  /** How long the claim holds; a crashed owner's rows become claimable again after it. */
  leaseMs: number;
}

export interface NotificationFailure {
  error: string;
  /** Pending again this many ms from now; null makes it `failed` (the dead letter). */
  retryInMs: number | null;
}

export interface WebhookInput {
  url: string;
  /** Event types it receives; `*` for every one. */
  events: string[];
  /** The HMAC-SHA256 key of its signatures; the store keeps it to sign, the API never shows it again. */
  secret: string;
}

export interface WebhookRecord extends WebhookInput {
  id: number;
  createdAt: string;
}

const MAX_KEY = 1000;
const MAX_ERROR = 2000;

/** Inputs come from the registry's own code, not from clients: a bad one is a bug, reported as such. */
export function assertNotificationInput(input: NotificationInput): void {
  const problem =
    typeof input.key !== 'string' || input.key === '' || input.key.length > MAX_KEY
      ? 'key must be a non-empty string of at most 1000 characters'
      : !(NOTIFICATION_CHANNELS as readonly string[]).includes(input.channel)
        ? `channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}`
        : typeof input.event !== 'string' || input.event === '' || typeof input.target !== 'string'
          ? 'event and target must be strings'
          : input.verdictId !== undefined && !Number.isSafeInteger(input.verdictId)
            ? 'verdictId must be an integer'
            : undefined;
  if (problem) throw new TypeError(`invalid notification ${JSON.stringify(input.key)}: ${problem}`);
}

export function assertWebhookInput(input: WebhookInput): void {
  const ok =
    typeof input.url === 'string' &&
    input.url !== '' &&
    Array.isArray(input.events) &&
    input.events.every((e) => typeof e === 'string') &&
    typeof input.secret === 'string' &&
    input.secret !== '';
  if (!ok) throw new TypeError('invalid webhook: url, events and secret are required');
}

/** Error texts come from remote servers: kept short so one bad answer cannot bloat the table. */
export function trimError(error: string): string {
  return error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR - 1)}…` : error;
}

/** A lease or a retry delay as a whole number of ms, never negative. */
export function toDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms)) : 0;
}

/** The ISO time `ms` (as toDelay reads it) after `time`: when a lease ends or a retry is due. */
export function addDelay(time: string, ms: number): string {
  return new Date(Date.parse(time) + toDelay(ms)).toISOString();
}
