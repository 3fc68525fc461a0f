// Slack: chat.postMessage through @slack/web-api with the bot token, or a service's incoming webhook.

import { WebClient, type Logger } from '@slack/web-api';
import type { NotifyConfig } from './config.js';
import { DeliveryError, describeNetworkError, isRetryableStatus } from './delivery-error.js';
import type { SlackMessage } from './slack-message.js';

export interface SlackSender {
  postMessage(channel: string, message: SlackMessage): Promise<void>;
  postToWebhook(service: string, message: SlackMessage): Promise<void>;
}

// Errors Slack may answer differently later; every other platform error (channel_not_found, invalid_auth...) needs a person.
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

// The worker logs outcomes itself; the SDK's own console lines would only repeat them.
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

  return {
    async postMessage(channel, message) {
      if (!config.token) throw new DeliveryError('Slack is not configured: set OVERSEER_SLACK_TOKEN', { permanent: true });
      try {
        await connect().chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false });
      } catch (error) {
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
        throw new DeliveryError(`Slack incoming webhook of ${service} answered ${response.status} ${body}`.trim(), { permanent: !isRetryableStatus(response.status) });
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
