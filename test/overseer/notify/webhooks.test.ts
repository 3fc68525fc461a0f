// Webhook subscriptions: only allowed hosts, https unless allowed otherwise, admin only; events signed with HMAC-SHA256.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../overseer/notify/signature.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import {
  ADMIN_TOKEN,
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
} from './harness.js';

const SECRET = 'whsec-0123456789-abcdef';

describe('webhooks', () => {
  let receivers: Receivers;
  let db: Awaited<ReturnType<typeof makeDbFile>>;
  let r: Registry;

  const open = async (extra: Record<string, string> = {}) => {
    r = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_SLACK_TOKEN: '', OVERSEER_GITHUB_TOKEN: '', ...extra }));
  };

  beforeEach(async () => {
    receivers = await startReceivers();
    db = await makeDbFile();
  });
  afterEach(async () => {
    await r.close();
    await receivers.close();
    await db.remove();
  });

  it('signs each event so that the receiver can verify it came from the registry', async () => {
    await open();
    await seedServices(r);
    await deployAll(r, 'production');
    const created = await r.send('POST', '/v1/webhooks', { url: `${receivers.hooks.url}/events?team=users`, events: ['*'], secret: SECRET });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(Number), url: `${receivers.hooks.url}/events?team=users`, events: ['*'], createdAt: expect.any(String) });

    await publishUsers(r, '2.0.0', USERS_V2_BREAKING);
    const [request] = await receivers.hooks.waitFor(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/events?team=users');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-overseer-event']).toBe('version.breaking');
    expect(request.headers['x-overseer-delivery']).toMatch(/^[0-9a-f]{32}$/);
    const signature = request.headers['x-overseer-signature-256'] as string;
    expect(signature).toBe(signBody(SECRET, request.body));
    expect(verifySignature(SECRET, request.body, signature)).toBe(true);
    expect(verifySignature('another-secret-entirely', request.body, signature)).toBe(false);
    expect(verifySignature(SECRET, request.body.replace('2.0.0', '2.0.1'), signature)).toBe(false);

    const event = JSON.parse(request.body);
    expect(event).toMatchObject({
      type: 'version.breaking',
      service: 'users-service',
      version: '2.0.0',
      url: expect.stringContaining('/services/users-service'),
    });
    expect(event.impacts.map((i: { consumer: string }) => i.consumer)).toContain('checkout-web');
    // The listing shows where it went by origin only: the path and the query string may hold a token.
    const [listed] = (await r.send('GET', '/v1/notifications')).json().notifications;
    expect(listed.target).toBe(`#${created.json().id} ${receivers.hooks.url}`);
  });

  it('sends only the events a webhook subscribed to', async () => {
    await open();
    await seedServices(r);
    await deployAll(r, 'production');
    await r.send('POST', '/v1/webhooks', { url: `${receivers.hooks.url}/gate`, events: ['gate.refused'], secret: SECRET });
    await publishUsers(r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(r.store);
    expect(receivers.hooks.attempts).toEqual([]);
    const answer = await r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' });
    expect(answer.json().deployable).toBe(false);
    const [request] = await receivers.hooks.waitFor(1);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'gate.refused', environment: 'production', verdictId: expect.any(Number) });
  });

  it('refuses a host not on the allowlist, plain http unless allowed, and credentials in the URL, with a clear 400', async () => {
    await open({ OVERSEER_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com,*.acme.test', OVERSEER_WEBHOOK_ALLOW_HTTP: 'false' });
    const register = (url: string) => r.send('POST', '/v1/webhooks', { url, events: ['*'], secret: SECRET });

    const elsewhere = await register('https://evil.example.org/hook');
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toEqual({ code: 'ERR_WEBHOOK_INVALID', message: expect.stringMatching(/host evil\.example\.org is not on the allowlist/) });
    const plain = await register('http://hooks.example.com/hook');
    expect(plain.statusCode).toBe(400);
    expect(plain.json().message).toMatch(/must use https/);
    expect((await register('https://user:pw@hooks.example.com/hook')).json().message).toMatch(/user name or password/);
    expect((await register('not a url')).json().code).toBe('ERR_WEBHOOK_INVALID');
    expect((await register('https://x.acme.test.evil.org/')).statusCode).toBe(400);

    expect((await register('https://hooks.example.com/hook')).statusCode).toBe(201);
    expect((await register('https://ci.acme.test:8443/hook')).statusCode).toBe(201);
    expect((await r.send('GET', '/v1/webhooks')).json().webhooks).toHaveLength(2);
  });

  it('refuses a host name that resolves to a loopback address, and takes the address itself when it is on the allowlist', async () => {
    await open({ OVERSEER_WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.1', OVERSEER_WEBHOOK_ALLOW_HTTP: 'true' });
    const register = (url: string) => r.send('POST', '/v1/webhooks', { url, events: ['*'], secret: SECRET });
    const byName = await register('http://localhost:9/hook');
    expect(byName.statusCode).toBe(400);
    expect(byName.json()).toEqual({ code: 'ERR_WEBHOOK_INVALID', message: expect.stringMatching(/localhost resolves to .*loopback, link-local or private/) });
    expect((await register('http://127.0.0.1:9/hook')).statusCode).toBe(201);
  });

  it('is for the admin only, validates events, never shows secrets, and deletes by id', async () => {
    await open();
    await r.send('PUT', '/v1/services/users-service', { owners: [] });
    const issued = await r.send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' });
    const serviceToken = issued.json().token as string;
    const body = { url: `${receivers.hooks.url}/h`, events: ['*'], secret: SECRET };
    expect((await r.send('POST', '/v1/webhooks', body, '')).statusCode).toBe(401);
    expect((await r.send('POST', '/v1/webhooks', body, serviceToken)).statusCode).toBe(403);
    expect((await r.send('GET', '/v1/webhooks', undefined, serviceToken)).statusCode).toBe(403);
    expect((await r.send('POST', '/v1/webhooks', { ...body, events: ['version.published'] })).statusCode).toBe(400);
    expect((await r.send('POST', '/v1/webhooks', { ...body, secret: 'short' })).statusCode).toBe(400);

    const created = (await r.send('POST', '/v1/webhooks', body, ADMIN_TOKEN)).json();
    const listed = await r.send('GET', '/v1/webhooks');
    expect(JSON.stringify(listed.json())).not.toContain(SECRET);
    expect((await r.send('DELETE', `/v1/webhooks/${created.id}`)).statusCode).toBe(204);
    expect((await r.send('DELETE', `/v1/webhooks/${created.id}`)).json().code).toBe('ERR_WEBHOOK_UNKNOWN');
  });
});
