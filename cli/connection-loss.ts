// How a request to the registry was lost, which decides whether it may be sent again: a write that may have been done
// must never be done twice (a keyed write is sent again only to a registry that remembers its key), while a question
// (a read, a verdict) may always be asked again.

// Failures to open a connection: nothing reached the server, so any request may be sent again.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
// A connection dropped: the request may have reached the server and been done, so only a question is sent again.
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * How a request failed: it never left (sent again), its connection dropped, its answer stopped midway, or time ran out
 * with the request sent on an accepted connection ('no answer') or before it could be sent ('timeout').
 */
type Loss = 'never connected' | 'dropped' | 'cut short' | 'no answer' | 'timeout' | 'other';

/** A request given up on: what was asked, how it was lost, and since when; `payload` is the body it sent. */
export interface LostRequest {
  asked: string;
  loss: Loss;
  question: boolean;
  started: number;
  attempt: number;
  payload?: string;
}

/**
 * Whether to send it again after this answer. The registry answers 503 (with its own `{code, message}`: a full work lane,
 * a busy or newer database, a lost worker) only before it does the work or after rolling it back, so any request is sent
 * again. A 503 without that body, like a gateway's 502 and 504, comes from something in between, which may have passed
 * the request on first (a proxy that times out the registry's answer): only a question is asked again.
 */
export function isWorthWaiting(status: number, question: boolean, text: string): boolean {
  if (status === 503 && isRegistryRefusal(text)) return true;
  return question && (status === 502 || status === 503 || status === 504);
}

/** A gateway's answer to a write, which is not sent again: the registry behind it may have done the write. */
export function isGatewayAnswer(status: number, text: string): boolean {
  return (status === 502 || status === 503 || status === 504) && !isRegistryRefusal(text);
}

function isRegistryRefusal(text: string): boolean {
  try {
    const { code, message } = JSON.parse(text) as { code?: unknown; message?: unknown };
    return typeof code === 'string' && code.startsWith('ERR_') && typeof message === 'string';
  } catch {
    return false;
  }
}

export function classifyLoss(error: unknown, answered: boolean, sent: boolean): Loss {
  if ((error as Error | undefined)?.name === 'TimeoutError') return sent && !answered ? 'no answer' : 'timeout';
  const code = errorCodeOf(error);
  if (!answered && code !== undefined && NEVER_CONNECTED.has(code)) return 'never connected';
  if (answered) return 'cut short';
  return code !== undefined && DROPPED.has(code) ? 'dropped' : 'other';
}

export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if ((error as Error | undefined)?.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return errorCodeOf(error) ?? (error as Error | undefined)?.message ?? String(error);
}

function errorCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What to do about a write whose answer was lost and that is not sent again (a deployment to a registry that does not
 * remember write keys could record an older version over one another pipeline recorded meanwhile); a pipeline's next
 * step is a re-run, and "look" named no place to look: for a deployment, the environment's live versions.
 */
export function describeWhereToLook(asked: string, payload: string | undefined): string {
  const token = asked === 'POST /v1/tokens' ? readField(payload, 'name') : undefined;
  // A token made by the lost sending was in its answer alone: it cannot be shown again, and sending again cannot make it.
  if (token !== undefined)
    return `look at the tokens (overseer token list, GET /v1/tokens): if ${token} is listed, it was made and cannot be shown again; revoke it (overseer token revoke ${token}) before creating it again`;
  // Sent to a registry that does not keep its key (older than round 35): made twice is still one environment, but its
  // second answer would say "unchanged" of an environment this command made.
  const made = asked === 'POST /v1/environments' ? readField(payload, 'name') : undefined;
  if (made !== undefined)
    return `look at the environments (overseer environment list, GET /v1/environments): if ${made} is listed, it exists, made by this command or another`;
  // Against a registry older than round 36, which keeps no key for these: sent again, each would be told another's answer.
  const revoked = /^DELETE \/v1\/tokens\/([^/]+)$/.exec(asked)?.[1];
  if (revoked !== undefined)
    return `look at the revoked tokens (overseer token list, GET /v1/tokens?revoked=true): if ${decodeURIComponent(revoked)} is listed there, it was revoked`;
  const retried = /^POST \/v1\/notifications\/(\d+)\/retry$/.exec(asked)?.[1];
  if (retried !== undefined) return `look at the notification (GET /v1/notifications/${retried}, overseer notifications): it may be due or being sent now`;
  const environment = asked.startsWith('POST /v1/deployments') ? readField(payload, 'environment') : undefined;
  if (environment === undefined) return 'look before sending it again';
  return (
    `look at what is live in ${environment} (GET /v1/environments/${encodeURIComponent(environment)}/deployments, or the dashboard's ` +
    'environments page): sending it again is safe unless another deployment of the service there was recorded since'
  );
}

function readField(payload: string | undefined, name: 'environment' | 'name'): string | undefined {
  try {
    const value = (JSON.parse(payload ?? '') as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
