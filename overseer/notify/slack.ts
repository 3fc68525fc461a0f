// Slack: chat.postMessage through @slack/web-api with the bot token, or a service's incoming webhook.

import { type Logger, WebClient } from '@slack/web-api';
import type { NotifyConfig } from './config.js';
import { DeliveryError, describeNetworkError, isRetryableStatus } from './delivery-error.js';
import type { SlackMessage } from './slack-message.js';

export interface SlackSender {
  /** Posts with `key` in the message metadata, so that a later `wasPosted` can find it. */
  postMessage(channel: string, message: SlackMessage, key?: string): Promise<void>;
  /** Whether a message carrying `key` is in the channel since `since`; undefined when the history cannot be read. */
  wasPosted(channel: string, key: string, since: Date): Promise<boolean | undefined>;
  postToWebhook(service: string, message: SlackMessage): Promise<void>;
}

// Errors Slack may answer differently later; every other platform error (channel_not_found, invalid_auth...) needs a person.
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

// The worker logs outcomes itself; the SDK's own console lines would only repeat them.
/** The metadata event type that marks our messages; its payload holds the outbox row's idempotency key. */
export const SLACK_METADATA_EVENT = 'overseer_notification';
const HISTORY_PAGES = 10;
// Answers that mean the history cannot be read with this token or channel: asking again will not help.
const UNREADABLE_HISTORY = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'not_allowed_token_type', 'no_permission']);

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as ReturnType<Logger['getLevel']>, setName() {} };

export function createSlackSender(config: NotifyConfig['slack'], timeoutMs: number): SlackSender {
  let client: WebClient | undefined;
  const connect = () =>
    (client ??= new WebClient(config.token, {
      slackApiUrl: config.apiUrl,
      // The outbox owns retries (with backoff, across restarts); the SDK's would post twice after a lost answer.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      logger: SILENT,
    }));
  // conversations.history wants a channel id; chat.postMessage also takes a name, so names are resolved and kept.
  const channelIds = new Map<string, string>();
  const isChannelId = (channel: string) => /^[CGD][A-Z0-9]{6,}$/.test(channel);

  async function findChannelId(channel: string): Promise<string | undefined> {
    if (isChannelId(channel)) return channel;
    const known = channelIds.get(channel);
    if (known) return known;
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const answer = await connect().conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor && { cursor }),
      });
      const found = answer.channels?.find((c) => c.name === name);
      if (found?.id) {
        channelIds.set(channel, found.id);
        return found.id;
      }
      cursor = answer.response_metadata?.next_cursor;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  return {
    async postMessage(channel, message, key) {
      if (!config.token) throw new DeliveryError('Slack is not configured: set OVERSEER_SLACK_TOKEN', { permanent: true });
      const metadata = key === undefined ? undefined : { event_type: SLACK_METADATA_EVENT, event_payload: { key } };
      try {
        const answer = await connect().chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          unfurl_links: false,
          ...(metadata && { metadata }),
        });
        if (answer.channel && !isChannelId(channel)) channelIds.set(channel, answer.channel);
      } catch (error) {
        throw classifySlackError(error);
      }
    },
    async wasPosted(channel, key, since) {
      if (!config.token) throw new DeliveryError('Slack is not configured: set OVERSEER_SLACK_TOKEN', { permanent: true });
      try {
        const id = await findChannelId(channel);
        if (id === undefined) return undefined;
        const oldest = (since.getTime() / 1000).toFixed(6);
        let cursor: string | undefined;
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const answer = await connect().conversations.history({ channel: id, oldest, limit: 200, include_all_metadata: true, ...(cursor && { cursor }) });
          const carries = (m: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }) =>
            m.metadata?.event_type === SLACK_METADATA_EVENT && m.metadata.event_payload?.key === key;
          if (answer.messages?.some(carries)) return true;
          cursor = answer.response_metadata?.next_cursor;
          if (!answer.has_more || !cursor) return false;
        }
        // More history than we page through: unknown, treated like an unreadable history.
        return undefined;
      } catch (error) {
        const reason = (error as { data?: { error?: string } }).data?.error;
        if (reason !== undefined && UNREADABLE_HISTORY.has(reason)) return undefined;
        throw classifySlackError(error);
      }
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
        });
      }
    },
  };
}

function classifySlackError(error: unknown): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown; message?: string };
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const reason = e.data?.error ?? 'unknown_error';
      return new DeliveryError(`Slack refused the message: ${reason}`, { permanent: !RETRYABLE_PLATFORM_ERRORS.has(reason), cause: error });
    }
    case 'slack_webapi_http_error':
      return new DeliveryError(`Slack answered HTTP ${e.statusCode}`, { permanent: !isRetryableStatus(e.statusCode ?? 500), cause: error });
    case 'slack_webapi_rate_limited_error':
      return new DeliveryError('Slack rate-limited the message', { permanent: false, cause: error });
    case 'slack_webapi_request_error':
      return new DeliveryError(`Slack could not be reached: ${describeNetworkError(e.original)}`, { permanent: false, cause: error });
    default:
      return new DeliveryError(`Slack: ${e.message ?? String(error)}`, { permanent: false, cause: error });
  }
}
