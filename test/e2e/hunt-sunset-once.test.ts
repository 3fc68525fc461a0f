// One sunset is one warning, and one part one migration, whatever its path parameters are called. users-service
// renamed `/users/{id}` to `/users/{userId}` in a later version: the sunset check warned web-app again (a new event
// id), a registry with the old spelling in production and the new one in staging warned it twice, a rollout listed
// staging twice in the warning, and `overseer migrations` listed the part twice during the rollout, whose end then
// announced it ready twice without saying it was still used in production. Through the CLI and a webhook receiver; the
// sunset check is run when the test has recorded what it is to see (a periodic one between two deployments read half
// of them, on a machine slow enough).

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);

/** A provider whose `GET /{things}/{param}` is deprecated with the sunset above, beside a live `GET /health`. */
const provider = (things: string, param: string) => ({
  openapi: '3.0.3',
  info: { title: things, version: '1' },
  paths: {
    [`/${things}/{${param}}`]: {
      get: {
        deprecated: true,
        'x-sunset': sunset,
        parameters: [{ name: param, in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/health': { get: { responses: { '200': { description: 'ok' } } } },
  },
});

interface Event {
  id: string;
  type: string;
  headline: string;
  impacts: { consumer: string; where: string[]; providerAt: Record<string, string> }[];
  migration?: { usedElsewhere?: { environment: string; users: string[] }[] };
}

const session = useRegistryWithHooks('hunt-sunset-once', ['deprecation.sunset', 'deprecation.ready']);
const { cli, run } = session;

async function publish(service: string, version: string, parts: ServiceParts) {
  const published = await publishFolder(cli, session.dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}
const deploy = (service: string, version: string, env: string, ...more: string[]) =>
  run('record-deployment', '--service', service, '--version', version, '--env', env, ...more);

/**
 * Every event enqueued, once one that `ready` picks has arrived: the check that wrote it wrote the others it found in
 * the same transaction, and each is waited for here (only webhooks are configured: one notification per event).
 */
async function eventsOnceSeen(ready: (e: Event) => boolean): Promise<Event[]> {
  for (let n = 1; !(await session.hooks.waitFor(n, 60_000)).some((r) => ready(JSON.parse(r.body))); n++);
  const { notifications } = (await (await fetch(`${session.registry.url}/v1/notifications?limit=1000`)).json()) as { notifications: unknown[] };
  return (await session.hooks.waitFor(notifications.length, 60_000)).map((r) => JSON.parse(r.body) as Event);
}

beforeAll(async () => {
  await run('environment', 'create', 'production');
  await run('environment', 'create', 'staging');
});

describe('a path parameter renamed between versions', () => {
  it('warns a consumer of a sunset once, not again when the new spelling is deployed', async () => {
    await publish('users-service', '1.0.0', { contract: provider('users', 'id') });
    await publish('users-service', '1.1.0', { contract: provider('users', 'userId') });
    await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - GET /users/{id}' });
    await deploy('users-service', '1.0.0', 'production');
    await deploy('web-app', '1.0.0', 'production');
    await session.registry.checkSunsets();
    await eventsOnceSeen((e) => e.impacts[0]?.consumer === 'web-app');

    await deploy('users-service', '1.1.0', 'production');
    await session.registry.checkSunsets();
    // kiosk is warned by a check that reads 1.1.0: by then any second warning of web-app was written with it.
    await publish('kiosk', '1.0.0', { consumes: '  users-service:\n    - GET /users/{userId}' });
    await deploy('kiosk', '1.0.0', 'production');
    await session.registry.checkSunsets();
    const events = await eventsOnceSeen((e) => e.impacts[0]?.consumer === 'kiosk');
    const warned = events.filter((e) => e.type === 'deprecation.sunset').map((e) => e.impacts[0].consumer);
    expect(warned.sort()).toEqual(['kiosk', 'web-app']);
    expect(events.find((e) => e.impacts[0]?.consumer === 'kiosk')!.id).toBe(`deprecation.sunset/users-service/GET /users/{}/kiosk/${sunset}`);
  }, 120_000);

  it('warns once across two environments and a rollout, lists the part once, and announces it ready once', async () => {
    await publish('accounts', '1.0.0', { contract: provider('accounts', 'id') });
    await publish('accounts', '1.1.0', { contract: provider('accounts', 'accountId') });
    await publish('ledger', '1.0.0', { consumes: '  accounts:\n    - GET /accounts/{id}' });
    await publish('ledger', '2.0.0', { consumes: '  accounts:\n    - GET /health' });
    await deploy('accounts', '1.0.0', 'production');
    await deploy('accounts', '1.0.0', 'staging');
    await deploy('accounts', '1.1.0', 'staging', '--rolling');
    await deploy('ledger', '1.0.0', 'production');
    await deploy('ledger', '1.0.0', 'staging');
    // audit is deployed last: its warning comes from the check that saw ledger live in both environments.
    await publish('audit', '1.0.0', { consumes: '  accounts:\n    - GET /accounts/{accountId}' });
    await deploy('audit', '1.0.0', 'production');
    await session.registry.checkSunsets();
    let events = await eventsOnceSeen((e) => e.impacts[0]?.consumer === 'audit');
    const ledger = events.filter((e) => e.type === 'deprecation.sunset' && e.impacts[0].consumer === 'ledger');
    expect(ledger.map((e) => e.impacts[0].where)).toEqual([['production', 'staging']]);
    expect(ledger[0].impacts[0].providerAt).toEqual({ production: '1.0.0', staging: expect.stringMatching(/^1\.[01]\.0$/) });

    const listed = JSON.parse((await run('migrations', '--service', 'accounts', '--environment', 'staging', '--format', 'json')).stdout);
    // As the newest live version writes it, since the version it was first deprecated in.
    expect(listed.migrations.map((m: { operation: string; deprecatedIn: string }) => [m.operation, m.deprecatedIn])).toEqual([
      ['GET /accounts/{accountId}', '1.0.0'],
    ]);

    await deploy('ledger', '2.0.0', 'staging');
    // Every part freed by one check is written in one transaction: a second announcement would be here with the first.
    events = await eventsOnceSeen((e) => e.type === 'deprecation.ready');
    const ready = events.filter((e) => e.type === 'deprecation.ready');
    expect(ready.map((e) => e.headline)).toEqual([
      'GET /accounts/{accountId} (the whole operation) of accounts is ready to remove in staging: no consumer there uses it any more; still used in production by audit, ledger',
    ]);
  }, 120_000);
});
