// One request to the registry and its attempts: what is sent again (and when), and what a lost answer is told as.
// The typed calls that read the answers live in client.ts.

import { classifyLoss, describeFetchFailure, describeWhereToLook, isGatewayAnswer, isWorthWaiting, type LostRequest } from './connection-loss.js';
import { CommandError } from './io.js';
import { watchSending } from './request-sent.js';

/** How the client reaches the registry, as ClientOptions gives it. */
interface SendOptions {
  base: string;
  /** The Authorization header's value: a bearer token, or the URL's credentials for a proxy. */
  authorization?: string;
  retryForMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  urlSetting: string;
  /** Where a longer wait is set (the CLI's OVERSEER_TIMEOUT_MS), named when an answer did not come in time. */
  timeoutSetting?: string;
}

export type Query = Record<string, string | number | undefined>;

/**
 * Whether a request that may have reached the registry is sent again: a question always (asking twice does nothing
 * twice), a keyed write (a deployment, its end, a token, its revocation, an environment, a notification's retry) once the registry's /healthz names it among the writes whose
 * keys it remembers, so that the second sending is given the first's answer, and any other write never.
 */
export type Resend = 'question' | 'keyed write' | 'never';

/** The registry's whole answer, read within the attempt that asked; `key` is the Idempotency-Key sent with it. */
interface Answer {
  status: number;
  ok: boolean;
  text: string;
  headers: Headers;
  key?: string;
}

export function createSender(options: SendOptions) {
  const { base, retryForMs, timeoutMs, urlSetting } = options;

  const keysKept = watchKeysKept(options);

  // The whole answer is read inside the attempt: an answer cut short is a dropped connection, not a body to parse.
  async function send(
    method: string,
    path: string,
    body?: unknown,
    query?: Query,
    resend: Resend = method === 'GET' || method === 'PUT' ? 'question' : 'never',
  ): Promise<Answer> {
    const url = buildUrl(base, path, query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One key for every attempt: a question asked again after its answer was lost is audited once (overseer/audit/repeat-asks.ts),
    // a write sent again is given its first answer (overseer/store/write-keys.ts).
    const key = (method === 'POST' && resend !== 'never') || resend === 'keyed write' ? crypto.randomUUID() : undefined;
    let question = resend === 'question';
    if (key) headers['idempotency-key'] = key;
    if (options.authorization) headers.authorization = options.authorization;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const asked = `${method} ${path}`;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let answered = false;
      let wait = backoff(attempt);
      const sending = watchSending(method, url);
      try {
        const signal = AbortSignal.timeout(timeoutMs);
        // Not followed: the registry never redirects, so a redirect is another server (a login page, http to https, a moved host).
        const response = await options.fetch(url, { method, headers, body: payload, redirect: 'manual', signal });
        answered = true;
        refuseRedirect(response, asked);
        const text = await response.text();
        const { status, ok } = response;
        if (!question && isGatewayAnswer(status, text)) {
          question = resend === 'keyed write' && (await keysKept(asked, started, canWait));
          if (!question) throw describeGatewayAnswer(status, asked, payload);
        }
        // The registry's ERR_BUSY says when to come back (Retry-After): asking sooner only meets the same refusal.
        wait = Math.max(wait, readRetryAfterMs(response.headers));
        if (!isWorthWaiting(status, question, text) || !canWait(started, wait)) return { status, ok, text, headers: response.headers, ...(key && { key }) };
      } catch (error) {
        if (error instanceof CommandError) throw error;
        refuseBlockedPort(error, base, urlSetting);
        const loss = classifyLoss(error, answered, sending.sent);
        const dropped = loss === 'dropped' || loss === 'cut short';
        if (!question && dropped && resend === 'keyed write') question = await keysKept(asked, started, canWait);
        const again = loss === 'never connected' || (dropped && question);
        if (!again || !canWait(started, wait)) throw describeLoss(error, { asked, loss, question, started, attempt, payload });
      } finally {
        sending.stop();
      }
      await options.sleep(wait);
    }
  }

  function canWait(started: number, wait: number): boolean {
    return Date.now() - started + wait <= retryForMs;
  }

  function refuseRedirect(response: Response, asked: string): void {
    if (response.status < 300 || response.status >= 400 || !response.headers.has('location')) return;
    const to = new URL(response.headers.get('location')!, base).href;
    throw new CommandError(
      'ERR_REGISTRY_URL',
      `the registry at ${base} answered ${asked} with a redirect (HTTP ${response.status}) to ${to}, which is not followed: the registry never redirects; set the URL to the registry itself (${urlSetting})`,
    );
  }

  // Heroku's router answers 503 once the registry is slower than its 30 s; the registry may finish the write after.
  function describeGatewayAnswer(status: number, asked: string, payload: string | undefined): CommandError {
    return new CommandError(
      'ERR_REGISTRY_RESPONSE',
      `the registry at ${base} answered ${asked} with HTTP ${status} and no Overseer error, which is not sent again: a proxy in front of ` +
        `the registry may have passed it on, and the registry may have done it; ${describeWhereToLook(asked, payload)}. ` +
        `If the URL leads elsewhere: is it an Overseer registry, and is it running? (${urlSetting})`,
    );
  }

  function describeLoss(error: unknown, at: LostRequest): CommandError {
    const waited = ((Date.now() - at.started) / 1000).toFixed(1);
    const retried = at.attempt > 0 ? `, retried for ${waited} s` : '';
    const reason = describeFetchFailure(error, timeoutMs);
    const waitedOut = at.loss === 'no answer' || at.loss === 'timeout';
    if (!at.question && (at.loss === 'dropped' || at.loss === 'cut short' || waitedOut)) {
      const when = waitedOut ? `gave no answer within ${timeoutMs / 1000} s to` : 'dropped the connection after';
      return new CommandError(
        'ERR_REGISTRY_UNREACHABLE',
        `the registry at ${base} ${when} ${at.asked}, which is not sent again: the registry may have done it; ${describeWhereToLook(at.asked, at.payload)} (${reason})`,
      );
    }
    // Something took the request and kept it: "is it running?" would send the user to a registry that plainly listens.
    if (at.loss === 'no answer') {
      const longer = options.timeoutSetting ? `, or wait longer (${options.timeoutSetting})` : '';
      return new CommandError(
        'ERR_REGISTRY_UNREACHABLE',
        `the registry at ${base} accepted the connection but gave no answer to ${at.asked} within ${timeoutMs / 1000} s: the registry, or a proxy in ` +
          `between, is holding the request. Read the registry's log (a task it gives up on is answered ERR_WORK_TIMEOUT, so silence means ` +
          `it is stuck or overloaded) and any proxy's; then run it again${longer}`,
      );
    }
    // An answer that began came from something running: "is it running?" would send the user the wrong way.
    if (at.loss === 'cut short') {
      return new CommandError(
        'ERR_REGISTRY_UNREACHABLE',
        `the registry at ${base} cut short its answer to ${at.asked} (${reason}${retried}): run it again; if it repeats, read the registry's log and any proxy's in between (${urlSetting})`,
      );
    }
    // An https:// URL to a registry that serves plain HTTP (as `overseer serve` does) meets a server that plainly runs.
    if (PLAIN_HTTP_ANSWERS.has(reason) && new URL(base).protocol === 'https:') {
      return new CommandError(
        'ERR_REGISTRY_URL',
        `cannot reach the registry at ${base}: the server there answers plain HTTP, not TLS (${reason}): "overseer serve" speaks http://; use ${base.replace(/^https:/, 'http:')}, or the https:// address of the proxy that terminates TLS in front of it (${urlSetting})`,
      );
    }
    // A name DNS does not know is a typo in the URL far more often than a registry that stopped.
    if (reason === 'ENOTFOUND' || reason === 'EAI_AGAIN') {
      const host = new URL(base).hostname;
      return new CommandError(
        'ERR_REGISTRY_UNREACHABLE',
        `cannot reach the registry at ${base}: no address is found for ${host} (${reason}${retried}): is the host name right? (${urlSetting})`,
      );
    }
    return new CommandError('ERR_REGISTRY_UNREACHABLE', `cannot reach the registry at ${base} (${reason}${retried}): is it running? (${urlSetting})`);
  }

  return send;
}

/**
 * Whether the registry remembers the key of this write, asked of its /healthz once a keyed write's answer is lost (never
 * before: most writes are answered). A registry that does not answer yet is asked again within the retry window; one
 * that does not name the write (an older one) would do it twice, so the write is not sent again.
 */
function watchKeysKept(options: SendOptions) {
  let known: ReadonlySet<string> | undefined;
  async function probe(): Promise<ReadonlySet<string> | undefined> {
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...(options.authorization && { authorization: options.authorization }) };
      const response = await options.fetch(`${options.base}/healthz`, { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
      const body = safeJson(await response.text()) as { status?: unknown; writeKeys?: unknown; keyedWrites?: unknown } | undefined;
      return typeof body?.status === 'string' ? readKeyedWrites(body) : undefined;
    } catch {
      return undefined;
    }
  }
  return async (asked: string, started: number, canWait: (started: number, wait: number) => boolean): Promise<boolean> => {
    for (let attempt = 0; known === undefined; attempt++) {
      known = await probe();
      const wait = backoff(attempt);
      if (known === undefined && !canWait(started, wait)) return false;
      if (known === undefined) await options.sleep(wait);
    }
    return namesWrite(known, asked);
  };
}

// `DELETE /v1/tokens/:name` names the revocation of every token: a segment written `:x` stands for any one segment.
function namesWrite(known: ReadonlySet<string>, asked: string): boolean {
  if (known.has(asked)) return true;
  const parts = asked.split('/');
  return [...known].some((write) => {
    const pattern = write.split('/');
    return pattern.length === parts.length && pattern.every((part, i) => part === parts[i] || (part.startsWith(':') && parts[i] !== ''));
  });
}

// Round 33's registries said `writeKeys: true` alone, and kept the keys of a deployment and of its end, nothing else.
function readKeyedWrites(body: { writeKeys?: unknown; keyedWrites?: unknown }): ReadonlySet<string> {
  if (Array.isArray(body.keyedWrites)) return new Set(body.keyedWrites.filter((write): write is string => typeof write === 'string'));
  return new Set(body.writeKeys === true ? ['POST /v1/deployments', 'POST /v1/deployments/end'] : []);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function buildUrl(base: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}

/** Retry-After in seconds (the registry writes no date), in ms; 0 when absent or unreadable. */
function readRetryAfterMs(headers: Headers): number {
  const seconds = Number(headers.get('retry-after') ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

// What OpenSSL says when the server's first bytes are an HTTP answer ("HTTP/1.1 400") rather than a TLS handshake.
const PLAIN_HTTP_ANSWERS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** 100 ms, doubling, at most 1 s between attempts. */
function backoff(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 1000);
}

// Node's fetch refuses the ports the fetch standard blocks (6000, 6665-6669, ...) with no more than "fetch failed": the
// registry may well run there, so "is it running?" would send the user to look in the wrong place.
function refuseBlockedPort(error: unknown, base: string, urlSetting: string): void {
  if ((error as { cause?: { message?: unknown } } | undefined)?.cause?.message !== 'bad port') return;
  const port = new URL(base).port;
  throw new CommandError(
    'ERR_REGISTRY_URL',
    `cannot reach the registry at ${base}: Node’s fetch never connects to port ${port}, one of the ports browsers block: serve the registry on another port (${urlSetting})`,
  );
}
