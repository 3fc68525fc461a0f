// Where the registry's Slack bot posts: a service's manifest names its `slack:` channel, so a service token could point
// the bot at any channel it is in (#general). Only the channels the admin allowed (OVERSEER_SLACK_CHANNELS) are
// accepted, through the real CLI and HTTP, with @slack/web-api against a fake Slack; the sender checks again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../overseer/config.js';
import { createSlackSender } from '../../overseer/notify/slack.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { intruderOf } from './intruder.js';
import { useRegistry } from './registry-session.js';

const ADMIN = 'admin-token-for-slack-channel-tests-01';
let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack();
}, 120_000);
afterAll(() => slack?.close());

const session = useRegistry({
  name: 'slack-channels',
  serveEnv: {
    OVERSEER_ADMIN_TOKEN: ADMIN,
    OVERSEER_SLACK_TOKEN: 'xoxb-registry-bot',
    get OVERSEER_SLACK_API_URL() {
      return slack.apiUrl;
    },
    OVERSEER_SLACK_CHANNELS: '#intruder-alerts, C0TEAMCHAN',
    OVERSEER_NOTIFY_POLL_MS: '20',
  },
  cliEnv: { OVERSEER_TOKEN: ADMIN },
  setup: [],
});

/** `overseer publish` of the intruder's folder, with the intruder's own token, naming `channel`. */
const intruder = intruderOf(session);
const publishIntruder = (version: string, channel: string) => intruder.publish(version, `slack: "${channel}"`);

describe('the Slack channels the admin allowed', () => {
  it('refuses a publication naming a channel off the list, and names the allowed ones', async () => {
    const refused = await publishIntruder('1.0.0', '#general');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_SLACK_CHANNEL_NOT_ALLOWED');
    expect(refused.stderr).toContain('the registry posts in Slack only in #intruder-alerts, C0TEAMCHAN (OVERSEER_SLACK_CHANNELS), not in #general');
    expect((await fetch(`${session.registry.url}/v1/services/intruder`)).status).toBe(404);
  });

  it('refuses it on PUT /v1/services too, and takes an allowed channel by name or id', async () => {
    const put = (body: object) =>
      fetch(`${session.registry.url}/v1/services/intruder`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ owners: ['@acme/intruders'], ...body }),
      });
    const refused = await put({ slack: 'random' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('ERR_SLACK_CHANNEL_NOT_ALLOWED');
    expect((await put({ slack: 'intruder-alerts' })).status).toBe(201);
    expect((await put({ slack: 'C0TEAMCHAN' })).status).toBe(200);
    expect((await publishIntruder('1.0.1', '#Intruder-Alerts')).code).toBe(0);
  });
});

describe('OVERSEER_SLACK_CHANNELS', () => {
  it('is required with a bot token, and not without one (incoming webhooks are the admin own)', () => {
    expect(() => parseConfig({}, { OVERSEER_SLACK_TOKEN: 'xoxb' })).toThrow(
      /OVERSEER_SLACK_TOKEN is set but OVERSEER_SLACK_CHANNELS is not: list the channels the bot may post in \(#users-alerts, C0123ABCD\), or \* for any it is in/,
    );
    expect(parseConfig({}, {}).notify?.slack.channels).toEqual([]);
    expect(() => parseConfig({}, { OVERSEER_SLACK_TOKEN: 'xoxb', OVERSEER_SLACK_CHANNELS: '#a b' })).toThrow(ConfigError);
  });

  it('is checked again before each post: no request for a channel the list no longer allows', async () => {
    const sender = createSlackSender({ token: 'xoxb', apiUrl: slack.apiUrl, webhooks: {}, channels: ['#users-alerts'] }, 2000);
    const before = slack.attempts;
    await expect(sender.postMessage('#general', { text: 'hi', blocks: [] })).rejects.toMatchObject({
      permanent: true,
      message: 'the registry posts in Slack only in #users-alerts (OVERSEER_SLACK_CHANNELS), not in #general',
    });
    expect(slack.attempts).toBe(before);
  });
});
