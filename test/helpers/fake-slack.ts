// A fake Slack on loopback speaking the Web API's chat.postMessage (form-encoded, as @slack/web-api sends it, or
// JSON) and incoming webhooks, recording what was posted and in which thread, so that the real SDK code runs against it.

import { createServer } from 'node:http';
import { createSlackHistory } from './fake-slack-history.js';
import { listen, stopListening, waitUntil } from './webhook-receiver.js';

interface SlackPost {
  channel: string;
  text?: string;
  blocks: Array<Record<string, any>>;
  /** The bearer token the SDK sent. */
  token?: string;
  /** The message metadata: `{event_type, event_payload: {key, thread}}` from the worker. */
  metadata?: unknown;
  /** The message's own ts, as answered. */
  ts: string;
  /** The ts of the message this one replies to; absent for a top-level message. */
  threadTs?: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What OVERSEER_SLACK_API_URL is set to: `<url>/api/`. */
  apiUrl: string;
  /** Messages accepted (`ok: true`), in order. */
  posts: SlackPost[];
  /** Every chat.postMessage request, failed ones included. */
  attempts: number;
  /** Incoming-webhook posts accepted, by hook name (`<url>/hooks/<name>`). */
  hookPosts: Array<{ hook: string; text?: string; blocks: Array<Record<string, any>> }>;
  /** The next `count` requests are answered with HTTP `status` (default 500), with `Retry-After: retryAfter` when given. */
  failNext(count: number, status?: number, retryAfter?: number): void;
  /** The next `count` channel look-ups (conversations.info and .list) are answered HTTP `status`, with `Retry-After` when given. */
  failLookupsNext(count: number, status?: number, retryAfter?: number): void;
  /** How many requests a Web API method (`conversations.list`) was sent, failed ones included. */
  asked(method: string): number;
  /** The next `count` chat.postMessage calls answer `{ok: false, error}` (e.g. channel_not_found). */
  refuseNext(count: number, error: string): void;
  /** Channels that exist in the workspace (`#users-alerts`): as in Slack, a post to any other is refused channel_not_found. */
  createChannels(...names: string[]): void;
  /** The token lacks `channels:read`: channels can be posted to but not looked up by name. */
  withoutListScope(): void;
  hookUrl(name: string): string;
  waitForPosts(count: number, timeoutMs?: number): Promise<SlackPost[]>;
  close(): Promise<void>;
}

interface Failures {
  count: number;
  status: number;
  retryAfter?: number;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const posts: SlackPost[] = [];
  const hookPosts: FakeSlack['hookPosts'] = [];
  let attempts = 0;
  let failures: Failures = { count: 0, status: 500 };
  let lookupFailures: Failures = { count: 0, status: 500 };
  const asked = new Map<string, number>();
  let refusals = { count: 0, error: '' };
  const history = createSlackHistory();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const path = (request.url ?? '').split('?')[0];
      const fields = readFields(raw, request.headers['content-type']);
      if (path === '/api/chat.postMessage') attempts++;
      const method = path.slice('/api/'.length);
      asked.set(method, (asked.get(method) ?? 0) + 1);
      const fail = (failing: Failures) => {
        if (failing.retryAfter !== undefined) response.setHeader('retry-after', String(failing.retryAfter));
        send(failing.status, { ok: false, error: failing.status === 429 ? 'ratelimited' : 'fake_failure' });
        return { ...failing, count: failing.count - 1 };
      };
      if ((method === 'conversations.list' || method === 'conversations.info') && lookupFailures.count > 0) return void (lookupFailures = fail(lookupFailures));
      // Reads of the history are answered before the posting failures, which stay about posting.
      const read = path.startsWith('/api/conversations.') && history.answer(method, fields);
      if (read) return send(200, request.headers.authorization?.startsWith('Bearer ') ? read : { ok: false, error: 'not_authed' });
      if (failures.count > 0) return void (failures = fail(failures));
      if (path.startsWith('/hooks/')) {
        hookPosts.push({ hook: path.slice('/hooks/'.length), text: fields.text as string | undefined, blocks: readBlocks(fields.blocks) });
        return response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      if (path !== '/api/chat.postMessage') return send(200, { ok: false, error: 'unknown_method' });
      const auth = request.headers.authorization;
      if (!auth?.startsWith('Bearer ')) return send(200, { ok: false, error: 'not_authed' });
      if (refusals.count > 0) {
        refusals = { ...refusals, count: refusals.count - 1 };
        return send(200, { ok: false, error: refusals.error });
      }
      const metadata = typeof fields.metadata === 'string' ? (JSON.parse(fields.metadata) as unknown) : fields.metadata;
      const threadTs = typeof fields.thread_ts === 'string' && fields.thread_ts !== '' ? fields.thread_ts : undefined;
      const named = typeof fields.channel === 'string' ? fields.channel : '';
      const recorded = history.record(named, fields.text as string | undefined, metadata, threadTs);
      if (recorded === undefined) return send(200, { ok: false, error: 'channel_not_found' });
      const { channel, ts } = recorded;
      posts.push({
        channel: named,
        text: fields.text as string | undefined,
        blocks: readBlocks(fields.blocks),
        token: auth.slice('Bearer '.length),
        metadata,
        ts,
        ...(threadTs !== undefined && { threadTs }),
      });
      return send(200, { ok: true, channel, ts, message: { text: fields.text } });
    });
  });
  const port = await listen(server, 0);
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    posts,
    get attempts() {
      return attempts;
    },
    hookPosts,
    failNext(count, status = 500, retryAfter) {
      failures = { count, status, ...(retryAfter !== undefined && { retryAfter }) };
    },
    failLookupsNext(count, status = 500, retryAfter) {
      lookupFailures = { count, status, ...(retryAfter !== undefined && { retryAfter }) };
    },
    asked: (method) => asked.get(method) ?? 0,
    refuseNext(count, error) {
      refusals = { count, error };
    },
    createChannels: (...names) => history.createChannels(names),
    withoutListScope: () => history.withoutListScope(),
    hookUrl: (name) => `${url}/hooks/${name}`,
    waitForPosts: (count, timeoutMs = 10_000) =>
      waitUntil(
        () => posts.length >= count,
        timeoutMs,
        () => `${posts.length} of ${count} Slack posts`,
      ).then(() => posts),
    close: () => stopListening(server),
  };
}

function readFields(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  return Object.fromEntries(new URLSearchParams(raw));
}

// The SDK sends blocks as a JSON string inside the form; incoming webhooks send them as JSON.
function readBlocks(value: unknown): Array<Record<string, any>> {
  if (typeof value === 'string') return JSON.parse(value) as Array<Record<string, any>>;
  return Array.isArray(value) ? (value as Array<Record<string, any>>) : [];
}
