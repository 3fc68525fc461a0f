// The registry (in the test's process, test/e2e/in-process.ts) with a webhook receiver subscribed to it: the migrations
// tests read their news from the wire.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { assertBuilt, type CliResult } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

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

interface HooksSession extends RegistryWithHooks {
  /** The file's own folder, the registry's database in it; set once the session's beforeAll has run. */
  dir: string;
  /** The CLI against the registry, which it does not retry. */
  cli(...args: string[]): Promise<CliResult>;
  /** The same, expected to exit 0. */
  run(...args: string[]): Promise<CliResult>;
}

/**
 * startRegistryWithHooks for a whole test file, in a fresh folder named `overseer-NAME-`: started before the file's own
 * beforeAll (which may seed it through `cli`), stopped and the folder removed after its tests.
 */
export function useRegistryWithHooks(name: string, events: string[], env: Record<string, string> = {}): HooksSession {
  const session = {
    cli: (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: session.registry.url, OVERSEER_RETRY_MS: '0' } }),
    async run(...args: string[]) {
      const done = await session.cli(...args);
      expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
      return done;
    },
  } as HooksSession;
  beforeAll(async () => {
    assertBuilt();
    session.dir = await mkdtemp(join(tmpdir(), `overseer-${name}-`));
    Object.assign(session, await startRegistryWithHooks(join(session.dir, 'registry.db'), events, env));
  });
  afterAll(async () => {
    await session.registry?.stop();
    await session.hooks?.close();
    if (session.dir) await rm(session.dir, { recursive: true, force: true });
  });
  return session;
}
