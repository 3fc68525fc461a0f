// A consumer whose manifest misspells its provider (`inventry` under consumes, for inventory) counts at the gate as the
// provider's consumer: its removal of a deprecated operation that consumer calls is refused. The sunset check counted
// declarations by the name written only, so the consumer the gate protects was never warned that the operation goes.
// Through the CLI and the registry's HTTP API.

import { describe, expect, it } from 'vitest';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);
const ok = { responses: { '200': { description: 'ok' } } };
const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.0.0' },
  paths: { '/items': { get: { ...ok, deprecated: true, 'x-sunset': sunset } }, '/stock': { get: ok } },
};

const session = useRegistryWithHooks('sunset-misspelled', ['deprecation.sunset']);

describe('a sunset of an operation that a consumer misspelling its provider calls', () => {
  it('warns that consumer, as the gate counts it', async () => {
    await session.run('environment', 'create', 'production');
    for (const [service, parts] of [
      ['inventory', { contract: inventory }],
      ['shop', { consumes: '  inventry:\n    - GET /items' }],
    ] as const) {
      const published = await publishFolder(session.cli, session.dir, service, '1.0.0', parts);
      expect(published.code, published.stderr).toBe(0);
      await session.run('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production');
    }
    await session.registry.checkSunsets();
    const { notifications } = (await (await fetch(`${session.registry.url}/v1/notifications?limit=1000`)).json()) as { notifications: { headline: string }[] };
    expect(notifications.map((n) => n.headline)).toEqual([`shop still uses GET /items of inventory, which goes away on ${sunset} (in 5 days)`]);
  }, 90_000);
});
