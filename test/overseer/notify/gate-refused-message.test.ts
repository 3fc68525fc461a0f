// The Slack message of a refused deploy, read by someone who will not open the dashboard: it said the provider "is not
// deployed" where production runs it, and its next step ("deploy what it needs first") did not fit a provider's break.

import { describe, expect, it } from 'vitest';
import { CHECKOUT_MANIFEST, USERS_V2_BREAKING } from '../routes/fixtures.js';
import { publishUsers, removalWaiver, type SlackPost, slackText, useDeployedRegistry, waitUntilSettled } from './harness.js';

describe('the Slack message of a refused deploy', () => {
  const fixture = useDeployedRegistry();

  const refusalIn = (channel: string) =>
    fixture.receivers.slack.posts.find((p: SlackPost) => p.channel === channel && p.blocks[0].text.text.startsWith('can-i-deploy said no')) as SlackPost;

  it('says what production runs, and for a provider that breaks its consumers: keep what they use, then ask again', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);

    const text = slackText(refusalIn('#checkout-alerts'));
    expect(text).toContain(
      '*checkout-web* 1.0.0 uses *users-service* · production runs users-service 1.0.0; can-i-deploy refuses users-service 2.0.0 in production',
    );
    expect(text).not.toContain('is not deployed');
    expect(text).toMatch(
      /\*Next step\* · users-service: keep what billing-worker and checkout-web use \(deprecate it first in a minor version, remove it once no consumer uses it\) or agree the change with their owners · consumers, talk to users-service in \S+ · then ask again: `overseer can-i-deploy --service users-service --version 2\.0\.0 --env production`$/m,
    );
  });

  it('words the next step for one broken consumer in the singular', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING, undefined, [removalWaiver('billing reads email elsewhere', { consumer: 'billing-worker' })]);
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);

    expect(slackText(refusalIn('#checkout-alerts'))).toMatch(
      /\*Next step\* · users-service: keep what checkout-web uses \(deprecate it first in a minor version, remove it once no consumer uses it\) or agree the change with its owners · /m,
    );
  });

  it('for a consumer whose provider is not deployed there: deploy the provider first', async () => {
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'checkout-web', version: '1.0.0', environment: 'staging' });
    await waitUntilSettled(fixture.r.store);

    const text = slackText(refusalIn('#checkout-alerts'));
    expect(text).toContain(
      '*checkout-web* 1.0.0 uses *users-service* · users-service is not deployed in staging; can-i-deploy refuses checkout-web 1.0.0 in staging',
    );
    expect(text).toMatch(
      /\*Next step\* · deploy users-service to staging first, or change checkout-web to use only what is deployed there · consumers, talk to users-service in \S+ · then ask again: `overseer can-i-deploy --service checkout-web --version 1\.0\.0 --env staging`$/m,
    );
  });
});

describe('the Slack message of a breaking publication', () => {
  const fixture = useDeployedRegistry();

  it('names the environments the gate refuses, and claims none where only unreleased consumers break', async () => {
    const manifest = CHECKOUT_MANIFEST.replace('checkout-web', 'mobile-app').replace('@acme/checkout', '@acme/mobile');
    await fixture.r.send('PUT', '/v1/services/mobile-app', { owners: ['@acme/mobile'], slack: '#mobile-alerts' });
    await fixture.r.send('POST', '/v1/services/mobile-app/versions', { version: '0.9.0', branch: 'main', manifest });
    // The deployed consumers' owners accepted the removal; mobile-app runs nowhere yet.
    const waivers = ['checkout-web', 'billing-worker'].map((consumer) => removalWaiver(`${consumer} stopped reading email`, { consumer }));
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING, undefined, waivers);
    await waitUntilSettled(fixture.r.store);

    const post = fixture.receivers.slack.posts.find((p: SlackPost) => p.channel === '#mobile-alerts') as SlackPost;
    const text = slackText(post);
    expect(text).toContain('*mobile-app* 0.9.0 would break with users-service 2.0.0 · the previous users-service on main is 1.0.0\n');
    expect(text).toMatch(
      /\*Next step\* · .* · no environment refuses users-service 2\.0\.0 yet: the consumers it breaks run in none; it will once they deploy$/m,
    );
    expect(text).not.toContain('until then the gate will refuse');
  });

  it('says where the gate refuses when a deployed consumer breaks', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const text = slackText(fixture.receivers.slack.posts.find((p: SlackPost) => p.channel === '#checkout-alerts') as SlackPost);
    expect(text).toMatch(/\*Next step\* · .* · until then can-i-deploy refuses users-service 2\.0\.0 in production$/m);
  });
});
