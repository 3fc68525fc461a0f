// Slack: chat.postMessage through @slack/web-api with the bot token (a change's follow-ups threaded under its first
// message), or a service's incoming webhook.

import type { WebClient } from '@slack/web-api';
import type { NotifyConfig } from './config.js';
import { DeliveryError, describeNetworkError, isRetryableStatus, readRetryAfter } from './delivery-error.js';
import { adviseOnSlackRefusal } from './slack-advice.js';
import { openSlackClient } from './slack-client.js';
import { SlackUnanswered, slackDirectoryOf } from './slack-directory.js';
import { findInHistory, isInThread, SLACK_METADATA_EVENT } from './slack-history.js';
import { findChannelProblemAsking } from './slack-lookup.js';
import type { SlackMessage } from './slack-message.js';

export interface SlackSender {
  /**
   * Posts with `key` in the message metadata, so that a later `wasPosted` can find it; with `thread`, as a reply to
   * the first message of that thread in the channel (the first one opens it).
   */
  postMessage(channel: string, message: SlackMessage, key?: string, thread?: string): Promise<void>;
  /** Whether a message carrying `key` is in the channel (or `thread`) since `since`; undefined when the history cannot be read. */
  wasPosted(channel: string, key: string, since: Date, thread?: string): Promise<boolean | undefined>;
  /** The ids of the channels that can be found, by name, for links; none when Slack cannot be asked. */
  findChannelIds(channels: readonly string[]): Promise<Map<string, string>>;
  postToWebhook(service: string, message: SlackMessage): Promise<void>;
}

// Errors Slack may answer differently later; every other platform error (channel_not_found, invalid_auth...) needs a person.
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
// How far back the first message of a change is looked for: a change older than this starts a new thread.
const THREAD_LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000;
// Answers that mean the history cannot be read with this token or channel: asking again will not help.
const UNREADABLE_HISTORY = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'not_allowed_token_type', 'no_permission']);

export function createSlackSender(config: NotifyConfig['slack'], timeoutMs: number): SlackSender {
  let client: Promise<WebClient> | undefined;
  const connect = () => (client ??= openSlackClient(config.token, config.apiUrl, timeoutMs));
  const directory = slackDirectoryOf(config, timeoutMs);
  // conversations.history wants a channel id; chat.postMessage also takes a name, so names are resolved and kept.
  // Ids learnt from chat.postMessage's answers serve history only: links come from conversations.list alone, so a
  // channel reads the same in every message (a link with `channels:read`, `#name` without), not by what was posted first.
  const postedIds = new Map<string, string>();
  const isChannelId = (channel: string) => /^[CGD][A-Z0-9]{6,}$/.test(channel);

  async function findChannelId(channel: string, fromPosts: boolean): Promise<string | undefined> {
    if (isChannelId(channel)) return channel;
    return (fromPosts ? postedIds.get(channel) : undefined) ?? (await directory.idOf(channel));
  }

  // The first message of each change in each channel, by `<channel id>|<thread>`: replies go under it.
  const threadRoots = new Map<string, string>();
  async function findThreadRoot(channel: string, thread: string): Promise<string | undefined> {
    try {
      const id = await findChannelId(channel, true);
      if (id === undefined) return undefined;
      const known = threadRoots.get(`${id}|${thread}`);
      if (known) return known;
      const oldest = ((Date.now() - THREAD_LOOK_BACK_MS) / 1000).toFixed(6);
      const ts = await findInHistory(await connect(), id, oldest, (p) => p.thread === thread);
      if (ts) threadRoots.set(`${id}|${thread}`, ts);
      return ts ?? undefined;
    } catch {
      // A history we cannot read costs the thread, not the message.
      return undefined;
    }
  }

  const requireToken = () => {
    if (!config.token) throw new DeliveryError('Slack is not configured: set OVERSEER_SLACK_TOKEN', { permanent: true });
  };

  return {
    async postMessage(channel, message, key, thread) {
      requireToken();
      // Checked again at each post: the list may have been narrowed since the channel was accepted.
      const refused = await findChannelProblemAsking(channel, config.channels, directory);
      // Slack out of reach, or asking to wait, is no refusal: the outbox asks again later, no sooner than Slack said.
      if (refused !== undefined) {
        const wait = refused.unanswered?.retryAfterMs;
        throw new DeliveryError(refused.problem, { permanent: !refused.unanswered, ...(wait !== undefined && { retryAfterMs: wait }) });
      }
      const payload = { ...(key !== undefined && { key }), ...(thread !== undefined && { thread }) };
      const metadata = Object.keys(payload).length === 0 ? undefined : { event_type: SLACK_METADATA_EVENT, event_payload: payload };
      const root = thread === undefined ? undefined : await findThreadRoot(channel, thread);
      try {
        const answer = await (await connect()).chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          unfurl_links: false,
          ...(root && { thread_ts: root }),
          ...(metadata && { metadata }),
        });
        if (answer.channel && !isChannelId(channel)) postedIds.set(channel, answer.channel);
        if (thread !== undefined && !root && answer.channel && answer.ts) threadRoots.set(`${answer.channel}|${thread}`, answer.ts);
      } catch (error) {
        throw classifySlackError(error, channel);
      }
    },
    async wasPosted(channel, key, since, thread) {
      requireToken();
      try {
        const id = await findChannelId(channel, true);
        if (id === undefined) return undefined;
        const found = await findInHistory(await connect(), id, (since.getTime() / 1000).toFixed(6), (p) => p.key === key);
        // More history than we page through: unknown, treated like an unreadable history.
        if (found === undefined) return undefined;
        if (found !== null) return true;
        const root = thread === undefined ? undefined : await findThreadRoot(channel, thread);
        if (root === undefined) return false;
        // A thread we cannot read leaves the answer unknown, as an unreadable history does.
        return await isInThread(await connect(), id, root, (p) => p.key === key).catch(() => undefined);
      } catch (error) {
        const reason = error instanceof SlackUnanswered ? error.reason : (error as { data?: { error?: string } }).data?.error;
        if (reason !== undefined && UNREADABLE_HISTORY.has(reason)) return undefined;
        throw classifySlackError(error);
      }
    },
    async findChannelIds(channels) {
      const out = new Map<string, string>();
      if (!config.token) return out;
      for (const channel of new Set(channels)) {
        const id = await findChannelId(channel, false).catch(() => undefined);
        if (id) out.set(channel, id);
      }
      return out;
    },
    async postToWebhook(service, message) {
      const url = config.webhooks[service];
      if (!url) throw new DeliveryError(`no Slack incoming webhook is configured for ${service} (OVERSEER_SLACK_WEBHOOKS)`, { permanent: true });
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: message.text, blocks: message.blocks }),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new DeliveryError(`Slack incoming webhook of ${service}: ${describeNetworkError(error)}`, { permanent: false, cause: error });
      }
      const body = (await response.text()).slice(0, 200);
      if (!response.ok) {
        throw new DeliveryError(`Slack incoming webhook of ${service} answered ${response.status} ${body}`.trim(), {
          permanent: !isRetryableStatus(response.status),
          retryAfterMs: readRetryAfter(response.headers.get('retry-after')),
        });
      }
    },
  };
}

function classifySlackError(error: unknown, channel?: string): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown; message?: string };
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const reason = e.data?.error ?? 'unknown_error';
      const advice = channel === undefined ? '' : adviseOnSlackRefusal(reason, channel);
      return new DeliveryError(`Slack refused the message: ${reason}${advice}`, { permanent: !RETRYABLE_PLATFORM_ERRORS.has(reason), cause: error });
    }
    case 'slack_webapi_http_error':
      return new DeliveryError(`Slack answered HTTP ${e.statusCode}`, { permanent: !isRetryableStatus(e.statusCode ?? 500), cause: error });
    case 'slack_webapi_rate_limited_error': {
      const seconds = (error as { retryAfter?: number }).retryAfter;
      return new DeliveryError(`Slack rate-limited the message${seconds ? ` (retry after ${seconds} s)` : ''}`, {
        permanent: false,
        cause: error,
        ...(seconds !== undefined && { retryAfterMs: seconds * 1000 }),
      });
    }
    case 'slack_webapi_request_error':
      return new DeliveryError(`Slack could not be reached: ${describeNetworkError(e.original)}`, { permanent: false, cause: error });
    default:
      return new DeliveryError(`Slack: ${e.message ?? String(error)}`, { permanent: false, cause: error });
  }
}
