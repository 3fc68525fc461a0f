// One way to open @slack/web-api's client, for posting and for looking channels up, so both speak to Slack alike.

import type { Logger, WebClient } from '@slack/web-api';

// The worker logs outcomes itself; the SDK's own console lines would only repeat them.
const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as ReturnType<Logger['getLevel']>, setName() {} };

/** The SDK's client, loaded at the first call: a registry that never asks Slack never pays for the SDK at its start. */
export async function openSlackClient(token: string | undefined, apiUrl: string, timeoutMs: number): Promise<WebClient> {
  const { WebClient } = await import('@slack/web-api');
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    // The outbox owns retries (with backoff, across restarts); the SDK's would post twice after a lost answer.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: SILENT,
  });
}
