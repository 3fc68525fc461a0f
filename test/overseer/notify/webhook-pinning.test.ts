// A webhook delivery connects to the address its host check approved: a name that resolves elsewhere a moment
// later (DNS rebinding) cannot lead the registry into its own network. Real loopback server, resolvers of our own.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Resolve } from '../../../overseer/notify/address-check.js';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { postPinned } from '../../../overseer/notify/pinned-post.js';
import { createWebhookSender } from '../../../overseer/notify/webhook.js';
import type { WebhookRecord } from '../../../overseer/store/store.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const EVENT = { schemaVersion: 2, id: 'gate.refused/x', type: 'gate.refused', occurredAt: '2030-01-01T00:00:00.000Z' } as unknown as NotificationEvent;
// TEST-NET-3: a public address, so the check passes it; nothing answers there.
const PUBLIC = '203.0.113.7';

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

/** Answers `first` to the first lookup and loopback to every later one, counting the lookups. */
function rebinding(first: string): Resolve & { calls: number } {
  const resolve = Object.assign(
    async () => {
      resolve.calls++;
      return [{ address: resolve.calls === 1 ? first : '127.0.0.1', family: 4 }];
    },
    { calls: 0 },
  );
  return resolve;
}

function hookAt(host: string): WebhookRecord {
  return { id: 1, url: `http://${host}:${receiver.port}/hook`, events: ['*'], secret: 'a-secret-of-16-chars', createdAt: '2030-01-01T00:00:00.000Z' };
}

describe('webhook address pinning', () => {
  it('connects to the pinned address, with the URL host kept in the Host header', async () => {
    const answer = await postPinned(`http://hooks.pinned.test:${receiver.port}/hook`, {
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      timeoutMs: 5000,
      pinned: { address: '127.0.0.1', family: 4 },
    });
    expect(answer.status).toBe(200);
    expect(receiver.received.map((r) => [r.path, r.headers.host, r.body])).toEqual([['/hook', `hooks.pinned.test:${receiver.port}`, '{"ok":true}']]);
  });

  it('never reaches loopback through a name that resolved to a public address when it was checked', async () => {
    const resolve = rebinding(PUBLIC);
    const sender = createWebhookSender({ allowedHosts: ['hooks.rebind.test'], allowHttp: true }, 1000, resolve);
    const failed = await sender.send(hookAt('hooks.rebind.test'), EVENT, 'k1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ permanent: false, message: expect.stringMatching(/^webhook #1: /) });
    // One lookup, the checked one: the connection went to 203.0.113.7, and the loopback receiver heard nothing.
    expect(resolve.calls).toBe(1);
    expect(receiver.attempts).toEqual([]);
  });

  it('refuses, for good, a name that resolves to loopback when it is checked', async () => {
    const resolve = rebinding('127.0.0.1');
    const sender = createWebhookSender({ allowedHosts: ['hooks.rebind.test'], allowHttp: true }, 1000, resolve);
    await expect(sender.send(hookAt('hooks.rebind.test'), EVENT, 'k2')).rejects.toMatchObject({
      permanent: true,
      message: expect.stringContaining('host hooks.rebind.test resolves to 127.0.0.1, a loopback, link-local or private address'),
    });
    expect(receiver.attempts).toEqual([]);
  });

  it('delivers to an address written in the URL itself, as before', async () => {
    const sender = createWebhookSender({ allowedHosts: ['127.0.0.1'], allowHttp: true }, 5000, rebinding(PUBLIC));
    await sender.send(hookAt('127.0.0.1'), EVENT, 'k3');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['x-overseer-event']).toBe('gate.refused');
  });
});
