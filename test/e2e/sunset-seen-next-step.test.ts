// A sunset warning to a consumer that only traces show using the part told it to "leave it out of `consumes` in
// overseer.yaml", where its manifest never named it: the use is a call in its code. The Slack message now says what
// frees it (stop calling the operation; for a field, declare the fields it reads, since a call uses its operation
// whole), and the webhook's break carries `basis: "observed"`. A registry, OTLP/JSON and a fake Slack on loopback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { traceExport } from '../helpers/otlp.js';
import { waitUntil } from '../helpers/webhook-receiver.js';
import { type SunsetWorld, startSunsetWorld } from './sunset-trace-world.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);

const get = (operationId: string, extra: object, properties: object) => ({
  operationId,
  ...extra,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'one', content: { 'application/json': { schema: { type: 'object', properties } } } } },
});
const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.1.0' },
  paths: {
    '/items/{id}': { get: get('getItem', { deprecated: true, 'x-sunset': sunset }, { id: { type: 'string' } }) },
    '/v2/items/{id}': { get: get('getItemV2', {}, { id: { type: 'string' } }) },
    '/shelves/{id}': { get: get('getShelf', {}, { id: { type: 'string' }, label: { type: 'string', deprecated: true, 'x-sunset': sunset } }) },
  },
};

let slack: FakeSlack;
let world: SunsetWorld;

beforeAll(async () => {
  slack = await startFakeSlack();
  slack.createChannels('#shop-alerts');
  // shop declares GET /v2/items/{id} alone; its spans show it calling GET /items/{id} and GET /shelves/{id}.
  world = await startSunsetWorld(inventory, 'GET /v2/items/{id}', {
    OVERSEER_SLACK_TOKEN: 'xoxb-sunset-test',
    OVERSEER_SLACK_CHANNELS: '*',
    OVERSEER_SLACK_API_URL: slack.apiUrl,
  });
  const described = await fetch(`${world.registry.url}/v1/services/shop`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ owners: ['@acme/shop'], slack: '#shop-alerts' }),
  });
  expect(described.status, await described.text()).toBeLessThan(300);
  const shelf = {
    consumer: 'shop',
    consumerVersion: '1.0.0',
    environment: 'production',
    provider: 'inventory',
    method: 'GET',
    url: 'http://inventory/shelves/3',
  };
  const posted = await fetch(`${world.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport([shelf])),
  });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
  await world.shopCallsItem(['GET /shelves/{id}']);
}, 120_000);

afterAll(async () => {
  await world?.stop();
  await slack?.close();
});

const nextStepOf = (blocks: Array<Record<string, any>>) => blocks.map((b) => b.text?.text ?? '').find((t: string) => t.startsWith('*Next step*'));

describe('a sunset warning to a consumer whose use only traces show', () => {
  it('tells it to stop calling the operation, or to declare the fields it reads, not to edit a consumes that lacks it', async () => {
    const toShop = () => slack.posts.filter((p) => p.channel === '#shop-alerts');
    await waitUntil(
      () => toShop().length >= 2,
      60_000,
      () => `${toShop().length} of 2 posts to #shop-alerts: ${JSON.stringify(slack.posts.map((p) => p.text))}`,
    );
    const byOperation = (path: string) => toShop().find((p) => p.text?.includes(`GET ${path} of inventory`))!;
    const tail =
      'then deploy that version before the sunset: the gate counts the calls a live version was seen making, so recording the ' +
      'deployment of one that no longer makes them ends them (calls whose spans carry no service.version count until the usage window ends)';
    expect(nextStepOf(byOperation('/items/{id}').blocks)).toBe(
      `*Next step* · consumers named above: stop calling it (only traces show it: overseer.yaml does not declare it), ${tail}`,
    );
    expect(nextStepOf(byOperation('/shelves/{id}').blocks)).toBe(
      '*Next step* · consumers named above: list the operation in `consumes` in overseer.yaml with the fields it reads (a call seen in ' +
        `traces counts as using all of it, this part included), or stop calling it, ${tail}`,
    );
  }, 90_000);

  it("marks the webhook event's break as observed, and the declared user's not", async () => {
    const events = (await world.hooks.waitFor(3, 60_000)).map((r) => JSON.parse(r.body));
    const breakOf = (consumer: string, operation: string) =>
      events.find((e) => e.impacts[0].consumer === consumer && e.impacts[0].breaks[0].operation === operation).impacts[0].breaks[0];
    expect(breakOf('shop', 'GET /items/{id}')).toMatchObject({ code: 'operation-sunset', basis: 'observed' });
    expect(breakOf('shop', 'GET /shelves/{id}')).toMatchObject({ code: 'field-sunset', field: 'label', basis: 'observed' });
    expect(breakOf('kiosk', 'GET /items/{id}')).not.toHaveProperty('basis');
  }, 90_000);
});
