// A failed delivery, told apart by whether trying again can help: permanent ones go straight to the dead letter.

export class DeliveryError extends Error {
  readonly permanent: boolean;
  /** How long the receiver asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterMs?: number;

  constructor(message: string, options: { permanent: boolean; cause?: unknown; retryAfterMs?: number }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.permanent = options.permanent;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

// A receiver asking for more than a day is not taken at its word: the row would look lost.
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** `Retry-After` in seconds or as an HTTP date -> milliseconds from now; undefined when absent or unreadable. */
export function readRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** An HTTP status worth retrying: the receiver is overloaded, down, or asks to wait. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** A network failure or a timeout: the receiver may be back later. */
export function describeNetworkError(error: unknown): string {
  if ((error as Error | undefined)?.name === 'TimeoutError' || (error as Error | undefined)?.name === 'AbortError') return 'no answer in time';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}
