// What the start log says of Slack messages that will reach nobody: an incoming webhook of OVERSEER_SLACK_WEBHOOKS
// keyed by a name no service has (a typo: its service's messages go nowhere), and services whose `slack:` channel has
// neither the bot token nor an incoming webhook to reach it. Both were silent: a message never sent is no failure.

import { describeGuess, findNearestName } from '../../contracts/index.js';
import type { ServiceRecord } from '../store/store.js';
import { hasConfiguredChannel, type NotifyConfig } from './config.js';

// The log line stays one line in a registry of thousands of services.
const NAMED = 5;

export function describeSlackRoutes(services: readonly ServiceRecord[], config: NotifyConfig): string[] {
  const { slack } = config;
  const names = new Set(services.map((s) => s.name));
  const out = Object.keys(slack.webhooks)
    .filter((key) => !names.has(key))
    .sort()
    .map(
      (key) =>
        `notifications: OVERSEER_SLACK_WEBHOOKS has an incoming webhook for ${key}, which no service is named${describeGuess(findNearestName(key, names))}: ` +
        'it gets nothing until a service of that name is published; correct the name and restart the registry',
    );
  // Without any channel configured, the start's info line says already that the manifests' channels get nothing.
  if (slack.token !== undefined || !hasConfiguredChannel(config)) return out;
  const unreached = services.filter((s) => s.slack && slack.webhooks[s.name] === undefined);
  if (unreached.length > 0) {
    const listed = unreached.slice(0, NAMED).map((s) => `${s.name}: ${s.slack}`);
    const more = unreached.length > NAMED ? ` and ${unreached.length - NAMED} more` : '';
    out.push(
      `notifications: ${unreached.length === 1 ? '1 service names' : `${unreached.length} services name`} a Slack channel nothing reaches, ` +
        `${listed.join(', ')}${more}: OVERSEER_SLACK_TOKEN is not set and OVERSEER_SLACK_WEBHOOKS has no incoming webhook for ` +
        `${unreached.length === 1 ? 'it; its' : 'them; their'} Slack messages are not sent`,
    );
  }
  return out;
}
