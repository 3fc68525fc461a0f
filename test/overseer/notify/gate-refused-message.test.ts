// The Slack message of a refused deploy, read by someone who will not open the dashboard: it said the provider "is not
// deployed" where production runs it, and its next step ("deploy what it needs first") did not fit a provider's break.

import { describe, expect, it } from 'vitest';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { publishUsers, useDeployedRegistry, waitUntilSettled } from './harness.js';

type Post = { channel: string; blocks: Array<Record<string, any>> };
const textOf = (post: Post) => post.blocks.map((b) => b.text?.text ?? b.elements?.map((e: { text?: string }) => e.text ?? '').join(' ')).join('\n');

describe('the Slack message of a refused deploy', () => {
  const fixture = useDeployedRegistry();

  const refusalIn = (channel: string) =>
    fixture.receivers.slack.posts.find((p: Post) => p.channel === channel && p.blocks[0].text.text.startsWith('can-i-deploy said no')) as Post;

  it('says what production runs, and for a provider that breaks its consumers: keep what they use, then ask again', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);

    const text = textOf(refusalIn('#checkout-alerts'));
    expect(text).toContain(
      '*checkout-web* 1.0.0 uses *users-service* · production runs users-service 1.0.0; can-i-deploy refuses users-service 2.0.0 in production',
    );
    expect(text).not.toContain('is not deployed');
    expect(text).toMatch(
      /\*Next step\* · users-service: keep what billing-worker and checkout-web use \(deprecate it first\) or agree the change with their owners · consumers, talk to users-service in \S+ · then ask again: `overseer can-i-deploy --service users-service --version 2\.0\.0 --to production`$/m,
    );
  });

  it('for a consumer whose provider is not deployed there: deploy the provider first', async () => {
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'checkout-web', version: '1.0.0', environment: 'staging' });
    await waitUntilSettled(fixture.r.store);

    const text = textOf(refusalIn('#checkout-alerts'));
    expect(text).toContain('*checkout-web* 1.0.0 uses *users-service* · users-service is not deployed in staging; can-i-deploy refuses checkout-web 1.0.0 in staging');
    expect(text).toMatch(
      /\*Next step\* · deploy users-service to staging first, or change checkout-web to use only what is deployed there · consumers, talk to users-service in \S+ · then ask again: `overseer can-i-deploy --service checkout-web --version 1\.0\.0 --to staging`$/m,
    );
  });
});
