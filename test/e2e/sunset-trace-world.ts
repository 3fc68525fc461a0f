// The world the sunset-and-traces hunts share: a registry, a webhook receiver, inventory and its consumers shop and kiosk
// deployed to production, and shop's call of GET /items/{id} sent as OTLP/JSON. The registry checks sunsets when the
// world asks (once the three are deployed, again once shop's call is written), not on a timer: a check that ran
// between the two writes would answer for a world the test never meant. Each test file says only what differs (its
// contract, what shop declares, the usage policy) and what it expects.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere } from './in-process.js';
import { startRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';
import { waitForUsage } from './usage-wait.js';

export interface SunsetWorld {
  registry: RegistryHere;
  hooks: WebhookReceiver;
  /** Runs the CLI against the registry and expects exit 0. */
  run(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /**
   * Sends shop's call of GET /items/7 as a span, waits until the registry has written it (and any call sent before it,
   * `written` naming their operations) and runs the sunset check.
   */
  shopCallsItem(written?: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startSunsetWorld(inventory: object, shopUses: string, env: Record<string, string> = {}): Promise<SunsetWorld> {
  assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'overseer-sunset-traces-'));
  const { registry, hooks } = await startRegistryWithHooks(join(dir, 'registry.db'), ['deprecation.sunset'], { OVERSEER_USAGE_FLUSH_MS: '100', ...env });
  const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });
  const run = async (...args: string[]) => {
    const done = await cli(...args);
    expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
    return done;
  };
  await run('environment', 'create', 'production');
  for (const [service, parts] of [
    ['inventory', { contract: inventory }],
    ['shop', { consumes: `  inventory:\n    - ${shopUses}` }],
    ['kiosk', { consumes: '  inventory:\n    - GET /items/{id}' }],
  ] as const) {
    const published = await publishFolder(cli, dir, service, '1.0.0', parts);
    expect(published.code, published.stderr).toBe(0);
    await run('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
  }
  // The check that reads the three deployed and no call yet, as the hourly one of a registry would.
  await registry.checkSunsets();
  const shopCallsItem = async (written: string[] = []) => {
    const call = {
      consumer: 'shop',
      consumerVersion: '1.0.0',
      environment: 'production',
      provider: 'inventory',
      method: 'GET',
      url: 'http://inventory/items/7',
    };
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
    const operations = ['GET /items/{id}', ...written];
    await waitForUsage(registry.url, { service: 'inventory', environment: 'production', asProvider: true }, (listing) =>
      operations.every((operation) => listing.uses.some((use) => use.consumer === 'shop' && use.operation === operation && use.observed)),
    );
    await registry.checkSunsets();
  };
  const stop = async () => {
    await registry.stop();
    await hooks.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { registry, hooks, run, shopCallsItem, stop };
}
