// One event -> one notification per destination: the Slack channel of each service concerned, a commit status on
// the subject's commit, each subscribed webhook. Pure: the caller read the services and webhooks beforehand.

import type { NotificationInput, WebhookRecord } from '../store/store.js';
import { describeUrl } from './allowlist.js';
import type { NotifyConfig } from './config.js';
import { isSubscribed, listConcernedServices, type NotificationEvent } from './events.js';
import { parseRepository } from './repositories.js';

/** Where one notification goes; stored with the event, so a delivery needs nothing but the row (and secrets). */
type DeliveryTarget =
  | { kind: 'slack'; channel: string }
  | { kind: 'slack-webhook'; service: string }
  | { kind: 'github'; owner: string; repo: string; sha: string; context: string }
  | { kind: 'webhook'; webhookId: number };

export interface DeliveryPayload {
  to: DeliveryTarget;
  event: NotificationEvent;
}

interface FanOutContext {
  config: NotifyConfig;
  webhooks: readonly WebhookRecord[];
}

export function fanOutEvent(event: NotificationEvent, { config, webhooks }: FanOutContext): NotificationInput[] {
  const out: NotificationInput[] = [];
  const add = (channel: NotificationInput['channel'], target: string, to: DeliveryTarget) => {
    const key = `${event.id}|${channel}|${target}`;
    if (out.some((n) => n.key === key)) return;
    const payload: DeliveryPayload = { to, event };
    out.push({ key, event: event.type, channel, target, payload, ...(event.verdictId !== undefined && { verdictId: event.verdictId }) });
  };
  for (const name of listConcernedServices(event)) {
    const service = event.services[name];
    if (config.slack.webhooks[name] !== undefined) add('slack', `incoming webhook of ${name}`, { kind: 'slack-webhook', service: name });
    // Two services sharing a channel get one message there: the key is the channel.
    else if (config.slack.token !== undefined && service?.slack) add('slack', service.slack, { kind: 'slack', channel: service.slack });
  }
  const repository = parseRepository(event.services[event.service]?.repository);
  if (config.github.token !== undefined && repository && event.commit) {
    const context = describeStatusContext(event, config.github.context);
    add('github', `${repository.owner}/${repository.repo}@${event.commit.slice(0, 12)} (${context})`, {
      kind: 'github',
      ...repository,
      sha: event.commit,
      context,
    });
  }
  for (const hook of webhooks) {
    if (isSubscribed(hook.events, event.type)) add('webhook', `#${hook.id} ${describeUrl(hook.url)}`, { kind: 'webhook', webhookId: hook.id });
  }
  return out;
}

/**
 * One status per service and kind of check, so a refused gate in staging does not overwrite the contract's status, nor
 * one service of a monorepo another's. `{service}` in the configured context is the provider's name.
 */
function describeStatusContext(event: NotificationEvent, context: string): string {
  const base = context.replaceAll('{service}', event.service);
  switch (event.type) {
    case 'version.breaking':
    case 'version.waived':
    case 'version.warned':
      return `${base}/contract`;
    case 'deployment.breaking':
    case 'deployment.waived':
    case 'deployment.warned':
    case 'deployment.unmet':
      return `${base}/deployment (${event.environment})`;
    case 'gate.refused':
      return `${base}/can-i-deploy (${event.environment})`;
    case 'deprecation.sunset':
      return `${base}/sunset`;
    case 'deprecation.ready':
      return `${base}/migration (${event.environment})`;
  }
}
