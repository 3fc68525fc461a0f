// A sunset warning told consumers to "move off the deprecated part": the gate counts what a deployed version declares, so
// one that stopped reading a field but still lists it (or lists the operation whole) kept blocking the removal.

import { describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';
import { CHECKOUT_MANIFEST, USERS_V1 } from '../routes/fixtures.js';
import { publishUsers, useDeployedRegistry, waitUntilSettled } from './harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET = 'a-webhook-secret-for-sunset-tests';
type Post = { channel: string; text?: string; blocks: Array<Record<string, any>> };
const nextStepOf = (post: Post) => post.blocks.map((b) => b.text?.text ?? '').find((t: string) => t.startsWith('*Next step*'));

// The harness's workspace has #users-alerts first (C00000001), and the token may list channels: it is a link.
describe('the Slack message of a sunset drawing near', () => {
  const fixture = useDeployedRegistry();

  const warn = async (contract: string) => {
    await publishUsers(fixture.r, '1.1.0', contract);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.worker.checkSunsets()).toBeGreaterThan(0);
    await waitUntilSettled(fixture.r.store);
    return fixture.receivers.slack.posts.find((p: Post) => p.channel === '#checkout-alerts') as Post;
  };
  // Three days after the worker's clock, which stands still: never two or four across midnight UTC.
  const sunset = () => new Date(fixture.now.getTime() + 3 * DAY_MS).toISOString().slice(0, 10);

  it('of a field: tells the consumer to leave it out of consumes, listing the fields it reads, and deploy', async () => {
    const post = await warn(
      USERS_V1.replace('        email: { type: string }\n', `        email: { type: string, deprecated: true, x-sunset: '${sunset()}' }\n`),
    );
    expect(nextStepOf(post)).toBe(
      '*Next step* · consumers named above: stop reading it and leave it out of `consumes` in overseer.yaml (where an operation is ' +
        'listed whole, list the fields read instead), then deploy that version before the sunset: the gate counts what the deployed version declares, ' +
        'and calls seen in traces until they stop · consumers, talk to users-service in <#C00000001|users-alerts>',
    );
  });

  it('of an operation whose sunset has passed: says when it passed, not that it went away, and to deploy now', async () => {
    const passed = new Date(fixture.now.getTime() - 3 * DAY_MS).toISOString().slice(0, 10);
    const post = await warn(
      USERS_V1.replace('      operationId: getUser\n', `      operationId: getUser\n      deprecated: true\n      x-sunset: '${passed}'\n`),
    );
    expect(post.text).toContain(`checkout-web still uses GET /users/{id} of users-service, whose sunset passed on ${passed} (3 days ago)`);
    expect(JSON.stringify(post.blocks)).toContain(`deprecated; its sunset was ${passed} (3 days ago)`);
    expect(nextStepOf(post)).toContain('then deploy that version now: its sunset has passed: the gate counts');
  });

  it('of an operation: tells the consumer to stop calling it and take it out of consumes', async () => {
    const post = await warn(
      USERS_V1.replace('      operationId: getUser\n', `      operationId: getUser\n      deprecated: true\n      x-sunset: '${sunset()}'\n`),
    );
    expect(nextStepOf(post)).toBe(
      '*Next step* · consumers named above: stop calling it and take it out of `consumes` in overseer.yaml, then deploy that version before the sunset: ' +
        'the gate counts what the deployed version declares, and calls seen in traces until they stop · consumers, talk to users-service in <#C00000001|users-alerts>',
    );
  });

  it('of a consumer running different versions in two environments: names the version that runs in each', async () => {
    const contract = USERS_V1.replace('        email: { type: string }\n', `        email: { type: string, deprecated: true, x-sunset: '${sunset()}' }\n`);
    await fixture.r.send('POST', '/v1/services/checkout-web/versions', { version: '1.2.0', branch: 'main', manifest: CHECKOUT_MANIFEST });
    await publishUsers(fixture.r, '1.1.0', contract);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'staging' });
    await fixture.r.send('POST', '/v1/deployments', { service: 'checkout-web', version: '1.2.0', environment: 'staging' });
    const receiver = await startWebhookReceiver({ secret: SECRET, schemaVersion: 2 });
    try {
      await fixture.r.send('POST', '/v1/webhooks', { url: `${receiver.url}/overseer`, events: ['deprecation.sunset'], secret: SECRET });
      const post = await warn(contract);
      expect(JSON.stringify(post.blocks)).toContain(
        '*checkout-web* uses *users-service* · production runs users-service 1.1.0 and checkout-web 1.0.0 · staging runs users-service 1.1.0 and checkout-web 1.2.0',
      );
      const events = (await receiver.waitFor(2)).map((r) => JSON.parse(r.body));
      const checkout = events.find((e) => e.impacts[0].consumer === 'checkout-web');
      expect(checkout.impacts[0].consumerAt).toEqual({ production: '1.0.0', staging: '1.2.0' });
    } finally {
      await receiver.close();
    }
  });
});
