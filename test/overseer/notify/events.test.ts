// The other events: a can-i-deploy that said no, a deployment that breaks a consumer, a sunset drawing near, a
// deprecated part ready to remove.

import { describe, expect, it } from 'vitest';
import { BILLING_MANIFEST, CHECKOUT_MANIFEST, USERS_V1, USERS_V2_BREAKING } from '../routes/fixtures.js';
import { COMMIT, PUBLIC_URL, publishUsers, removalWaiver, useDeployedRegistry, waitUntilSettled } from './harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day `days` after `now`, as x-sunset writes it. */
const dayAfter = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);

/** USERS_V1 with GET /users/{id} deprecated, going away `days` after the worker's `now`. */
function deprecateGetUser(now: Date, days: number): string {
  const sunset = dayAfter(now, days);
  return USERS_V1.replace('      operationId: getUser\n', `      operationId: getUser\n      deprecated: true\n      x-sunset: '${sunset}'\n`);
}

describe('events besides publication', () => {
  const fixture = useDeployedRegistry();

  const eventsOf = async (type: string) => (await fixture.r.store.listNotifications()).filter((n) => n.event === type);

  it('tells the owners when can-i-deploy says no, linking the verdict, once per answer', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const before = fixture.receivers.slack.posts.length;

    const question = { service: 'users-service', version: '2.0.0', environment: 'production' };
    // A GET is a pure read: answered, neither recorded nor announced.
    expect((await fixture.r.send('GET', `/v1/can-i-deploy?${new URLSearchParams(question)}`)).json().deployable).toBe(false);
    const asked = await fixture.r.send('POST', '/v1/can-i-deploy', question);
    expect(asked.json().deployable).toBe(false);
    await fixture.r.send('POST', '/v1/can-i-deploy', question);
    // A stranger (no token) hears the same no: nothing recorded for it, and no second announcement.
    await fixture.r.send('POST', '/v1/can-i-deploy', question, '');
    await waitUntilSettled(fixture.r.store);

    const refused = await eventsOf('gate.refused');
    expect(refused.map((n) => n.channel).sort()).toEqual(['github', 'slack', 'slack']);
    const verdicts = (await fixture.r.send('GET', '/v1/verdicts?limit=5')).json().verdicts;
    expect(verdicts.map((v: { askedBy: string; count: number }) => [v.askedBy, v.count])).toEqual([['admin', 2]]);
    const verdict = verdicts[0];
    expect(refused.every((n) => n.verdictId === verdict.id)).toBe(true);
    const posts = fixture.receivers.slack.posts.slice(before);
    expect(posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
    expect(posts[0].blocks[0].text.text).toBe('can-i-deploy said no: users-service 2.0.0 to production');
    expect(posts[0].blocks.at(-1)?.elements[0].url).toBe(`${PUBLIC_URL}/verdicts/${verdict.id}?service=users-service&environment=production`);
    expect(fixture.receivers.github.statuses.at(-1)).toMatchObject({
      sha: COMMIT,
      state: 'failure',
      context: 'overseer/users-service/can-i-deploy (production)',
    });
  });

  it('says nothing about a yes, or about a version the registry does not know', async () => {
    const ask = (version: string) => fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version, environment: 'production' });
    expect((await ask('1.0.0')).json().deployable).toBe(true);
    expect((await ask('9.9.9')).json().deployable).toBe(false);
    expect((await fixture.r.store.listVerdicts()).map((v) => v.version)).toEqual(['9.9.9', '1.0.0']);
    expect(await fixture.r.store.listNotifications()).toEqual([]);
  });

  it('tells the owners when a deployment breaks a consumer deployed there', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    const deployed = await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '2.0.0', environment: 'production' });
    expect(deployed.statusCode).toBe(201);
    // Recording it again is the same deployment: no second announcement.
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);

    const announced = await eventsOf('deployment.breaking');
    expect(announced.map((n) => n.target).sort()).toEqual(
      [
        '#checkout-alerts',
        '#users-alerts',
        expect.stringMatching(/^acme\/users-service@0123456789ab \(overseer\/users-service\/deployment \(production\)\)$/),
      ].sort(),
    );
    const post = fixture.receivers.slack.posts.find((p) => p.blocks[0].text.text.includes('was deployed to production'));
    expect(post?.blocks[0].text.text).toMatch(/^users-service 2\.0\.0 was deployed to production and breaks .*checkout-web/);
    expect(post?.blocks.at(-1)?.elements[0].url).toBe(`${PUBLIC_URL}/services/users-service?environment=production&from=1.0.0&to=2.0.0`);
  });

  it('announces a deployment whose every break is waived as deployment.waived, with a passing status', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING, COMMIT, [removalWaiver('email moves to /v2/me', { file: 'w.yaml' })]);
    await waitUntilSettled(fixture.r.store);
    const deployed = await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '2.0.0', environment: 'production' });
    expect(deployed.statusCode).toBe(201);
    await waitUntilSettled(fixture.r.store);

    const announced = await eventsOf('deployment.waived');
    expect(announced.map((n) => n.target).sort()).toEqual(
      [
        '#checkout-alerts',
        '#users-alerts',
        expect.stringMatching(/^acme\/users-service@0123456789ab \(overseer\/users-service\/deployment \(production\)\)$/),
      ].sort(),
    );
    expect(await eventsOf('deployment.breaking')).toEqual([]);
    const post = fixture.receivers.slack.posts.find((p) => p.blocks[0].text.text.includes('was deployed to production'));
    expect(post?.blocks[0].text.text).toBe('users-service 2.0.0 was deployed to production and breaks billing-worker and checkout-web, as its waivers accept');
    expect(fixture.receivers.github.statuses.at(-1)).toMatchObject({ state: 'success', context: 'overseer/users-service/deployment (production)' });
  });

  it('announces a rolling deployment that breaks a consumer of the version still live beside it', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    const rolling = { service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' };
    expect((await fixture.r.send('POST', '/v1/deployments', rolling)).json().deployment.live).toBe('rolling');
    await waitUntilSettled(fixture.r.store);
    const announced = await eventsOf('deployment.breaking');
    expect(
      announced
        .filter((n) => n.channel === 'slack')
        .map((n) => n.target)
        .sort(),
    ).toEqual(['#checkout-alerts', '#users-alerts']);
    const live = (await fixture.r.send('GET', '/v1/environments/production/deployments')).json().deployments;
    expect(
      live.filter((d: { service: string }) => d.service === 'users-service').map((d: { version: string; live: string }) => `${d.version} ${d.live}`),
    ).toEqual(['1.0.0 deployed', '2.0.0 rolling']);
  });

  it('says nothing when a deployment breaks no one there', async () => {
    await publishUsers(fixture.r, '1.0.1', USERS_V1);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.1', environment: 'production' });
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.1', environment: 'staging' });
    expect(await fixture.r.store.listNotifications()).toEqual([]);
  });

  it('warns each consumer still using a deprecated operation as its sunset nears, once per operation, consumer and sunset', async () => {
    await publishUsers(fixture.r, '1.1.0', deprecateGetUser(fixture.now, 5));
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.store.listNotifications()).toEqual([]);
    const sunset = dayAfter(fixture.now, 5);

    expect(await fixture.r.worker.checkSunsets()).toBeGreaterThan(0);
    expect(await fixture.r.worker.checkSunsets()).toBe(0);
    await waitUntilSettled(fixture.r.store);

    const warned = await eventsOf('deprecation.sunset');
    expect(warned.map((n) => n.key.split('|')[0]).sort()).toEqual([
      // billing-worker has no channel: its warning goes to the provider's only.
      `deprecation.sunset/users-service/GET /users/{}/billing-worker/${sunset}`,
      expect.stringMatching(/\/checkout-web\//),
      expect.stringMatching(/\/checkout-web\//),
    ]);
    const headlines = fixture.receivers.slack.posts.map((p) => `${p.channel} ${p.blocks[0].text.text}`).sort();
    expect(headlines).toEqual([
      `#checkout-alerts checkout-web still uses GET /users/{id} of users-service, which goes away on ${sunset} (in 5 days)`,
      expect.stringMatching(/^#users-alerts billing-worker still uses GET \/users\/\{id\}/),
      expect.stringMatching(/^#users-alerts checkout-web still uses GET \/users\/\{id\}/),
    ]);
  });

  // billing-worker names GET /users/{id} without field lists: the gate counts every field of it as used, so it too would
  // block the removal at the sunset and is warned that it may use the field (its service has no Slack channel of its own).
  it('warns each consumer that may read a deprecated response field as its sunset nears, one using the operation whole included', async () => {
    const sunset = dayAfter(fixture.now, 3);
    const deprecated = USERS_V1.replace('        email: { type: string }\n', `        email: { type: string, deprecated: true, x-sunset: '${sunset}' }\n`);
    await publishUsers(fixture.r, '1.1.0', deprecated);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.worker.checkSunsets()).toBeGreaterThan(0);
    expect(await fixture.r.worker.checkSunsets()).toBe(0);
    await waitUntilSettled(fixture.r.store);

    const warned = await eventsOf('deprecation.sunset');
    expect([...new Set(warned.map((n) => n.key.split('|')[0]))].sort()).toEqual([
      `deprecation.sunset/users-service/GET /users/{}/billing-worker/${sunset}/response field email`,
      `deprecation.sunset/users-service/GET /users/{}/checkout-web/${sunset}/response field email`,
    ]);
    const headlines = fixture.receivers.slack.posts.map((p) => `${p.channel} ${p.blocks[0].text.text}`).sort();
    expect(headlines).toEqual([
      `#checkout-alerts checkout-web still uses the response field email of GET /users/{id} of users-service, which goes away on ${sunset} (in 3 days)`,
      `#users-alerts billing-worker may use the response field email of GET /users/{id} of users-service (it names no fields), which goes away on ${sunset} (in 3 days)`,
      `#users-alerts checkout-web still uses the response field email of GET /users/{id} of users-service, which goes away on ${sunset} (in 3 days)`,
    ]);
  });

  it("tells the provider's channel, and no consumer's, when the last consumer stops reading a deprecated field", async () => {
    await publishUsers(fixture.r, '1.1.0', USERS_V1.replace('        email: { type: string }\n', '        email: { type: string, deprecated: true }\n'));
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    const manifest = CHECKOUT_MANIFEST.replace('[id, name, email]', '[id, name]');
    await fixture.r.send('POST', '/v1/services/checkout-web/versions', { version: '1.1.0', branch: 'main', manifest });
    await fixture.r.send('POST', '/v1/deployments', { service: 'checkout-web', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.worker.checkMigrations()).toBe(0);
    await waitUntilSettled(fixture.r.store);
    // billing-worker still uses GET /users/{id} whole, so email is not free yet, as the gate would say.
    expect(await eventsOf('deprecation.ready')).toEqual([]);
    const narrowed = BILLING_MANIFEST.replace('    - GET /users/{id}\n', '    - operation: GET /users/{id}\n      response: [id]\n');
    expect(narrowed).not.toBe(BILLING_MANIFEST);
    await fixture.r.send('POST', '/v1/services/billing-worker/versions', { version: '1.1.0', branch: 'main', manifest: narrowed });
    await fixture.r.send('POST', '/v1/deployments', { service: 'billing-worker', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.worker.checkMigrations()).toBe(0);
    await waitUntilSettled(fixture.r.store);

    expect((await eventsOf('deprecation.ready')).map((n) => n.target)).toEqual(['#users-alerts']);
    const [post] = fixture.receivers.slack.posts.filter((p) => p.blocks[0].text.text.includes('ready to remove'));
    expect(post.channel).toBe('#users-alerts');
    expect(post.blocks[0].text.text).toBe(
      'GET /users/{id}: response field email of users-service is ready to remove in production: no consumer there uses it any more',
    );
    const texts = post.blocks.map((b: { text?: { text: string } }) => b.text?.text ?? '');
    expect(texts).toContain('`GET /users/{id}: response field email` · deprecated since 1.1.0 · last used by billing-worker · no consumer uses it there now');
    expect(post.blocks.at(-1)?.elements[0].url).toBe(`${PUBLIC_URL}/services/users-service/migrations?environment=production`);
  });

  it('does not warn of a sunset further away than the warning window', async () => {
    await publishUsers(fixture.r, '1.1.0', deprecateGetUser(fixture.now, 30));
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    expect(await fixture.r.worker.checkSunsets()).toBe(0);
  });
});
