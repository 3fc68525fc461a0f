// Delivers one notification row: reads its target and event, renders them for the channel, and sends.
// Throws a DeliveryError on failure; resolves once the receiver acknowledged (2xx, Slack `ok`).

import type { NotificationRecord, Store } from '../store/store.js';
import type { NotifyConfig } from './config.js';
import { DeliveryError } from './delivery-error.js';
import { isPassingEvent, type NotificationEvent } from './events.js';
import type { DeliveryPayload } from './fanout.js';
import { createGithubSender, type GithubSender } from './github.js';
import { createSlackSender, type SlackSender } from './slack.js';
import { buildSlackMessage } from './slack-message.js';
import { createWebhookSender, type WebhookSender } from './webhook.js';

export interface Senders {
  slack: SlackSender;
  github: GithubSender;
  webhook: WebhookSender;
}

export function createSenders(config: NotifyConfig): Senders {
  const timeout = config.worker.timeoutMs;
  return {
    slack: createSlackSender(config.slack, timeout),
    github: createGithubSender(config.github, timeout),
    webhook: createWebhookSender(config.webhooks, timeout),
  };
}

export async function deliverNotification(row: NotificationRecord, senders: Senders, store: Store): Promise<void> {
  const payload = readPayload(row);
  const { to, event } = payload;
  switch (to.kind) {
    case 'slack': {
      const thread = describeThread(event);
      // Slack has no idempotency key: a row an earlier attempt may have posted is looked up in the channel first.
      if (mayHaveBeenSent(row) && (await senders.slack.wasPosted(to.channel, row.key, lookBackFrom(row), thread))) return;
      const channels = await senders.slack.findChannelIds(listChannels(event));
      return senders.slack.postMessage(to.channel, buildSlackMessage(event, channels, { channel: to.channel }), row.key, thread);
    }
    case 'slack-webhook':
      return senders.slack.postToWebhook(to.service, buildSlackMessage(event, new Map(), { service: to.service }));
    case 'github':
      return senders.github.createStatus({
        owner: to.owner,
        repo: to.repo,
        sha: to.sha,
        context: to.context,
        // The gate lets a waived version through: its status says so, and the description what was waived.
        state: isPassingEvent(event.type) ? 'success' : 'failure',
        description: event.headline,
        targetUrl: event.url,
      });
    case 'webhook': {
      const hook = await store.getWebhook(to.webhookId);
      if (!hook) throw new DeliveryError(`webhook #${to.webhookId} was deleted`, { permanent: true });
      return senders.webhook.send(hook, event, row.key);
    }
  }
}

/** One thread per change in each channel: whatever happens to a version afterwards is a reply to its first message. */
function describeThread(event: NotificationEvent): string {
  return `${event.service}@${event.version}`;
}

function listChannels(event: NotificationEvent): string[] {
  return Object.values(event.services).flatMap((s) => (s.slack ? [s.slack] : []));
}

/** A claim that lapsed (its worker died), a failed attempt (a timeout may hide a success), or a retried dead letter. */
function mayHaveBeenSent(row: NotificationRecord): boolean {
  return row.reclaimed === true || row.attempts > 0 || row.lastError !== null;
}

// A minute before the row was written, so that clock skew between us and Slack cannot hide the message.
function lookBackFrom(row: NotificationRecord): Date {
  return new Date(Date.parse(row.createdAt) - 60_000);
}

function readPayload(row: NotificationRecord): DeliveryPayload {
  const payload = row.payload as Partial<DeliveryPayload> | null;
  const kinds = ['slack', 'slack-webhook', 'github', 'webhook'];
  if (!payload || typeof payload !== 'object' || !payload.event || !payload.to || !kinds.includes(payload.to.kind)) {
    throw new DeliveryError(`notification ${row.id} has no readable target or event`, { permanent: true });
  }
  return payload as DeliveryPayload;
}
