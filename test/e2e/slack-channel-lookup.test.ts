// A channel written by name while OVERSEER_SLACK_CHANNELS lists its id, or the reverse, is the same channel: the
// registry asks Slack (conversations.info for an id, conversations.list paged for a name) before refusing it, where it
// is set and again before posting. Through the real CLI and HTTP, with a fake Slack speaking those methods.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { publishNaming } from './intruder.js';
import { useRegistry } from './registry-session.js';

const ADMIN = 'admin-token-for-slack-lookup-tests-01';
let slack: FakeSlack;

// The fake gives ids in order of creation: #team-alerts C00000001, #ops-alerts C00000002, then 1,100 others, so that
// #late-alerts (C00001103) is on conversations.list's second page of 1,000.
beforeAll(async () => {
  slack = await startFakeSlack();
  slack.createChannels('#team-alerts', '#ops-alerts', ...Array.from({ length: 1100 }, (_, i) => `#filler-${i}`), '#late-alerts');
}, 120_000);
afterAll(() => slack?.close());

const session = useRegistry({
  name: 'slack-lookup',
  serveEnv: {
    OVERSEER_ADMIN_TOKEN: ADMIN,
    OVERSEER_SLACK_TOKEN: 'xoxb-registry-bot',
    get OVERSEER_SLACK_API_URL() {
      return slack.apiUrl;
    },
    OVERSEER_SLACK_CHANNELS: 'C00000001, #ops-alerts, C00001103',
    OVERSEER_NOTIFY_POLL_MS: '20',
  },
  cliEnv: { OVERSEER_TOKEN: ADMIN },
  setup: [['environment', 'create', 'production']],
});

const publish = (service: string, channel: string) => publishNaming(session, service, '1.0.0', `slack: "${channel}"`);

describe('a channel the list names the other way', () => {
  it('is accepted by name when the list has its id, and by id when the list has its name, and the bot posts there', async () => {
    for (const [service, channel] of [
      ['team', '#team-alerts'],
      ['ops', 'C00000002'],
      ['late', '#late-alerts'],
    ]) {
      const published = await publish(service, channel);
      expect(published.code, `${channel}: ${published.stderr}`).toBe(0);
    }
    const before = slack.posts.length;
    for (const service of ['team', 'ops'])
      expect((await session.cli('can-i-deploy', '--service', service, '--version', '1.0.0', '--to', 'production')).code).toBe(1);
    const posts = await slack.waitForPosts(before + 2);
    expect(
      posts
        .slice(before)
        .map((p) => p.channel)
        .sort(),
    ).toEqual(['#team-alerts', 'C00000002']);
  });

  it('is refused when Slack knows no such channel, saying so', async () => {
    const refused = await publish('stranger', 'C09999999');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_SLACK_CHANNEL_NOT_ALLOWED');
    expect(refused.stderr).toContain('not in C09999999; Slack knows no channel C09999999 the bot can see');
    const other = await publish('stranger', '#filler-7');
    expect(other.stderr).toContain('not in #filler-7 (C00000010 in Slack)');
  });
});
