// With OVERSEER_USAGE=observed only calls seen in traces count as use: the gate lets a removal through when no deployed
// consumer calls the part, and `overseer migrations` calls it ready. The sunset check still read declarations, so kiosk,
// whose manifest names the deprecated operation but whose code never calls it, was told it "still uses" it, a warning
// the gate contradicts. It must warn the consumers the gate would count (shop, seen calling it) and no one else, and
// the service page's deprecated parts still used must list the same.
// Through the CLI, OTLP/JSON and a webhook receiver on loopback.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere } from './in-process.js';
import { startRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';
import { waitForCaller } from './usage-wait.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);

const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.1.0' },
  paths: {
    '/items/{id}': {
      get: {
        deprecated: true,
        'x-sunset': sunset,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'an item' } },
      },
    },
  },
};

let dir: string;
let registry: RegistryHere;
let hooks: WebhookReceiver;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

async function run(...args: string[]) {
  const done = await cli(...args);
  expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
  return done;
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-hunt-sunset-calls-'));
  ({ registry, hooks } = await startRegistryWithHooks(join(dir, 'registry.db'), ['deprecation.sunset'], {
    OVERSEER_SUNSET_CHECK_MS: '200',
    OVERSEER_USAGE_FLUSH_MS: '100',
    OVERSEER_USAGE: 'observed',
  }));
  await run('environment', 'create', 'production');
  for (const [service, parts] of [
    ['inventory', { contract: inventory }],
    ['shop', { consumes: '  inventory:\n    - GET /items/{id}' }],
    ['kiosk', { consumes: '  inventory:\n    - GET /items/{id}' }],
  ] as const) {
    const published = await publishFolder(cli, dir, service, '1.0.0', parts);
    expect(published.code, published.stderr).toBe(0);
    await run('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
  }
});

afterAll(async () => {
  await registry?.stop();
  await hooks?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a sunset where only observed calls count', () => {
  it('warns the consumer seen calling the part, not the one that only declares it', async () => {
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
    await waitForCaller(registry.url, 'inventory', 'shop', 'production');
    expect((await run('migrations', '--service', 'inventory', '--environment', 'production')).stdout).toContain('still used by shop\n');
    // The service page's list of deprecated parts still used counts as they do: shop, not kiosk.
    const page = await (await fetch(`${registry.url}/services/inventory?environment=production`)).text();
    const table = page.slice(page.indexOf('<caption>Deprecated in version 1.0.0 and still used</caption>'));
    const rows = [...table.slice(0, table.indexOf('</table>')).matchAll(/<tr><td><a href="\/services\/(\w+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['shop']);

    // kiosk's warning, were it sent, comes from the first check, before shop's calls were written: shop's comes later.
    let received = await hooks.waitFor(1, 60_000);
    for (let n = 2; !received.some((r) => JSON.parse(r.body).impacts[0].consumer === 'shop'); n++) received = await hooks.waitFor(n, 60_000);
    const { notifications } = (await (await fetch(`${registry.url}/v1/notifications?limit=1000`)).json()) as { notifications: { headline: string }[] };
    expect(notifications.map((n) => n.headline)).toEqual([`shop still uses GET /items/{id} of inventory, which goes away on ${sunset} (in 5 days)`]);
  }, 90_000);
});
