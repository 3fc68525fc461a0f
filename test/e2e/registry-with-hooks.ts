// The registry (in the test's process, test/e2e/in-process.ts) with a webhook receiver subscribed to it: the migrations
// tests read their news from the wire.

import { expect } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { type RegistryHere, startRegistryHere } from './in-process.js';

interface RegistryWithHooks {
  registry: RegistryHere;
  hooks: WebhookReceiver;
}

/** Starts the registry on `db`, allowed to post to loopback and quick to deliver, with `events` subscribed; `env` adds to its environment. */
export async function startRegistryWithHooks(db: string, events: string[], env: Record<string, string> = {}): Promise<RegistryWithHooks> {
  const hooks = await startWebhookReceiver();
  const registry = await startRegistryHere(db, {
    OVERSEER_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    OVERSEER_WEBHOOK_ALLOW_HTTP: 'true',
    OVERSEER_NOTIFY_POLL_MS: '50',
    ...env,
  });
  const subscribed = await fetch(`${registry.url}/v1/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${hooks.url}/overseer`, events, secret: 'a-secret-of-sixteen-or-more' }),
  });
  expect(subscribed.status, await subscribed.text()).toBe(201);
  return { registry, hooks };
}
