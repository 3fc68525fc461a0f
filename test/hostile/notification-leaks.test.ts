// What a stranger reads of the notification outbox (GET /v1/notifications is open): where each notification went,
// but never a secret. Receivers such as Slack's incoming webhooks carry their secret in the URL's path.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deployAll,
  describeEnv,
  makeDbFile,
  openRegistry,
  publishUsers,
  type Receivers,
  type Registry,
  seedServices,
  startReceivers,
  waitUntilSettled,
} from '../overseer/notify/harness.js';
import { USERS_V2_BREAKING } from '../overseer/routes/fixtures.js';

const PATH_SECRET = 'T0000/B0000/path-secret-4f9a2c';
let receivers: Receivers;
let db: Awaited<ReturnType<typeof makeDbFile>>;
let r: Registry;
let url = '';
let hookId = 0;

beforeAll(async () => {
  receivers = await startReceivers();
  db = await makeDbFile();
  r = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_SLACK_TOKEN: '', OVERSEER_GITHUB_TOKEN: '' }));
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  await seedServices(r);
  await deployAll(r, 'production');
  const created = await r.send('POST', '/v1/webhooks', {
    url: `${receivers.hooks.url}/services/${PATH_SECRET}?token=q`,
    events: ['*'],
    secret: 'whsec-0123456789-abcdef',
  });
  expect(created.statusCode).toBe(201);
  hookId = created.json().id;
  await publishUsers(r, '2.0.0', USERS_V2_BREAKING);
  await receivers.hooks.waitFor(1);
  await waitUntilSettled(r.store);
});

afterAll(async () => {
  await r?.close();
  await receivers?.close();
  await db?.remove();
});

describe('the outbox as a stranger reads it', () => {
  it('names a webhook by its id and origin, without the path that may be its secret', async () => {
    const listed = await fetch(`${url}/v1/notifications`);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(PATH_SECRET);
    const webhook = (JSON.parse(text) as { notifications: { id: number; channel: string; target: string }[] }).notifications.find(
      (n) => n.channel === 'webhook',
    );
    expect(webhook?.target).toBe(`#${hookId} ${receivers.hooks.url}`);
    const one = await fetch(`${url}/v1/notifications/${webhook?.id}`);
    expect(one.status).toBe(200);
    expect(await one.text()).not.toContain(PATH_SECRET);
  });

  it('keeps the whole URL for the admin, who listed it', async () => {
    const anonymous = await fetch(`${url}/v1/webhooks`);
    expect(anonymous.status).toBe(401);
    const listed = await r.send('GET', '/v1/webhooks');
    expect(listed.json().webhooks[0].url).toContain(PATH_SECRET);
  });
});
