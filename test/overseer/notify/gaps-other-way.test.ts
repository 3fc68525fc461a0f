// OVERSEER_SLACK_CHANNELS may list channel ids while manifests write names, or the reverse. A channel written the other
// way round was left out of the gaps (reading them asked Slack nothing) and failed only when posted: the gaps now ask
// Slack's listing, once for every such service, and say what Slack answered or that it could not be asked.

import { expect, it } from 'vitest';
import { describeEnv, openRegistry, useReceiversAndDb } from './harness.js';

// The harness's workspace: #users-alerts C00000001, #checkout-alerts C00000002, #mobile-alerts C00000003, #shared
// C00000004, #admin C00000005.
const t = useReceiversAndDb();

/** Services stored while every channel was allowed, then the registry restarted with `channels`. */
async function narrowTo(channels: string, slacks: Record<string, string>) {
  const wide = await openRegistry(t.db.file, describeEnv(t.receivers, { OVERSEER_GITHUB_TOKEN: '' }));
  for (const [name, slack] of Object.entries(slacks)) {
    expect((await wide.send('PUT', `/v1/services/${name}`, { owners: ['@acme'], slack })).statusCode).toBe(201);
  }
  await wide.close();
  return openRegistry(t.db.file, describeEnv(t.receivers, { OVERSEER_GITHUB_TOKEN: '', OVERSEER_SLACK_CHANNELS: channels }));
}

const gapsOf = async (r: Awaited<ReturnType<typeof narrowTo>>) =>
  ((await r.send('GET', '/v1/notifications')).json().gaps as { service: string; problem: string }[]).map((g) => `${g.service}: ${g.problem}`);

it('lists a name whose channel the id list leaves out, and one Slack does not know, asking Slack once', async () => {
  const r = await narrowTo('C00000001, C00000002', { users: '#users-alerts', admin: '#admin', ghost: '#nowhere' });
  try {
    const before = t.receivers.slack.asked('conversations.list');
    expect(await gapsOf(r)).toEqual([
      'admin: OVERSEER_SLACK_CHANNELS (C00000001, C00000002) does not allow #admin (C00000005 in Slack): its Slack messages fail when sent',
      'ghost: OVERSEER_SLACK_CHANNELS (C00000001, C00000002) does not allow #nowhere, and Slack knows no channel #nowhere the bot can see: its Slack messages fail when sent',
    ]);
    expect(await gapsOf(r)).toHaveLength(2);
    expect(t.receivers.slack.asked('conversations.list') - before).toBe(1);
    expect((await r.send('GET', '/audit')).body).toContain('does not allow #admin (C00000005 in Slack)');
  } finally {
    await r.close();
  }
});

it('lists an id whose channel the name list leaves out, from the listing, not one question per id', async () => {
  const r = await narrowTo('#users-alerts', { users: 'C00000001', admin: 'C00000005', mobile: 'C00000003' });
  try {
    expect(await gapsOf(r)).toEqual([
      'admin: OVERSEER_SLACK_CHANNELS (#users-alerts) does not allow C00000005 (#admin in Slack): its Slack messages fail when sent',
      'mobile: OVERSEER_SLACK_CHANNELS (#users-alerts) does not allow C00000003 (#mobile-alerts in Slack): its Slack messages fail when sent',
    ]);
    expect(t.receivers.slack.asked('conversations.info')).toBe(0);
  } finally {
    await r.close();
  }
});

it('says Slack could not be asked, and does not ask it again at every read for a while', async () => {
  const r = await narrowTo('C00000001', { admin: '#admin', checkout: '#checkout-alerts' });
  try {
    t.receivers.slack.failLookupsNext(1, 500);
    const before = t.receivers.slack.asked('conversations.list');
    const gaps = await gapsOf(r);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toMatch(
      /^admin: OVERSEER_SLACK_CHANNELS \(C00000001\) writes channels the other way, and Slack could not be asked for #admin's id \(conversations\.list answered HTTP 500\): its Slack messages may fail when sent$/,
    );
    expect(await gapsOf(r)).toEqual(gaps);
    expect(t.receivers.slack.asked('conversations.list') - before).toBe(1);
  } finally {
    await r.close();
  }
});
