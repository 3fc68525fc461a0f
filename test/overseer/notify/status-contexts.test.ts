// Commit status contexts: two services built from one repository (a monorepo) publish the same commit, and GitHub keeps
// one status per commit and context: with one context for every service, the later status replaced the other's.

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../overseer/config.js';
import { parseNotifyConfig } from '../../../overseer/notify/config.js';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { fanOutEvent } from '../../../overseer/notify/fanout.js';

const fail = (message: string) => new ConfigError(message);
const GITHUB = { OVERSEER_GITHUB_TOKEN: 'ghp', OVERSEER_GITHUB_REPOSITORIES: 'acme/*' };

function eventOf(service: string, type: NotificationEvent['type'], environment?: string): NotificationEvent {
  return {
    schemaVersion: 2,
    id: `${type}/${service}/1.0.0`,
    type,
    occurredAt: '2030-01-01T00:00:00.000Z',
    headline: `${service} 1.0.0`,
    service,
    version: '1.0.0',
    commit: 'abcdef0123456789',
    ...(environment !== undefined && { environment }),
    impacts: [],
    services: { [service]: { name: service, owners: [], repository: 'acme/platform' } },
    url: 'https://overseer.acme.com/',
  } as NotificationEvent;
}

function contextsOf(env: Record<string, string>, ...events: NotificationEvent[]): string[] {
  const config = parseNotifyConfig({ ...GITHUB, ...env }, fail);
  return events.flatMap((event) => fanOutEvent(event, { config, webhooks: [] }).map((n) => (n.payload as { to: { context: string } }).to.context));
}

describe('commit status contexts', () => {
  it('gives each service of one repository its own context, which a branch protection can name', () => {
    const events = [
      eventOf('users-service', 'version.breaking'),
      eventOf('orders-service', 'version.breaking'),
      eventOf('orders-service', 'gate.refused', 'production'),
    ];
    expect(contextsOf({}, ...events)).toEqual([
      'overseer/users-service/contract',
      'overseer/orders-service/contract',
      'overseer/orders-service/can-i-deploy (production)',
    ]);
    expect(contextsOf({ OVERSEER_GITHUB_STATUS_CONTEXT: 'contracts: {service}' }, events[0])).toEqual(['contracts: users-service/contract']);
  });

  it('keeps the contexts an older registry wrote when the configured one names no service', () => {
    expect(contextsOf({ OVERSEER_GITHUB_STATUS_CONTEXT: 'overseer' }, eventOf('users-service', 'deployment.breaking', 'staging'))).toEqual([
      'overseer/deployment (staging)',
    ]);
  });

  it('refuses a placeholder it does not know, at start', () => {
    expect(() => parseNotifyConfig({ ...GITHUB, OVERSEER_GITHUB_STATUS_CONTEXT: 'overseer/{repo}' }, fail)).toThrow(
      'OVERSEER_GITHUB_STATUS_CONTEXT: {repo} is not a placeholder; {service} is the only one',
    );
  });
});
