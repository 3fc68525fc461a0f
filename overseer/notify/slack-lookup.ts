// Slack calls a channel two ways, `#users-alerts` and its id `C0123ABCD`: a manifest writing one while
// OVERSEER_SLACK_CHANNELS lists the other was refused. The other way is asked of Slack's Web API, only then.

import { findChannelProblem } from './slack-channels.js';
import { openSlackClient } from './slack-client.js';

interface ChannelLookup {
  apiUrl: string;
  token: string;
  timeoutMs: number;
}

// conversations.list pages read to find a name's id, 1000 channels a page; as the sender reads for its links.
const PAGES = 10;
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/**
 * Why the bot may not post in `channel`, or undefined: the list as written first, then, when it names channels the
 * other way, the channel's other name as Slack gives it. Slack out of reach leaves the refusal, saying so.
 */
export async function findChannelProblemAsking(channel: string, patterns: readonly string[], lookup: ChannelLookup | undefined): Promise<string | undefined> {
  const problem = findChannelProblem(channel, patterns);
  const isId = CHANNEL_ID.test(channel.trim());
  if (problem === undefined || lookup === undefined || !isListedOtherwise(channel, patterns)) return problem;
  try {
    const other = isId ? await findChannelName(channel.trim(), lookup) : await findChannelId(channel, lookup);
    if (other === undefined) return `${problem}; Slack knows no channel ${channel} the bot can see`;
    return findChannelProblem(other, patterns) === undefined ? undefined : `${problem} (${other} in Slack)`;
  } catch (error) {
    return `${problem}; Slack could not be asked for its ${isId ? 'name' : 'id'}: ${(error as Error).message}`;
  }
}

/** Whether the list writes channels the other way (ids for a name, names for an id): only Slack can say whether it is one of them. */
export function isListedOtherwise(channel: string, patterns: readonly string[]): boolean {
  const isId = CHANNEL_ID.test(channel.trim());
  return patterns.some((entry) => entry !== '*' && CHANNEL_ID.test(entry) !== isId);
}

async function findChannelName(id: string, lookup: ChannelLookup): Promise<string | undefined> {
  const answer = await callSlack(lookup, 'conversations.info', { channel: id }, ['channel_not_found']);
  const name = (answer.channel as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? `#${name}` : undefined;
}

async function findChannelId(channel: string, lookup: ChannelLookup): Promise<string | undefined> {
  const name = channel.trim().replace(/^#/, '').toLowerCase();
  let cursor = '';
  for (let page = 0; page < PAGES; page++) {
    const params = { types: 'public_channel,private_channel', exclude_archived: 'true', limit: '1000', ...(cursor && { cursor }) };
    const answer = await callSlack(lookup, 'conversations.list', params, []);
    const found = (answer.channels as { id?: unknown; name?: unknown }[] | undefined)?.find((c) => c.name === name);
    if (typeof found?.id === 'string') return found.id;
    cursor = (answer.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
    if (!cursor) return undefined;
  }
  return undefined;
}

/** One Web API call through the SDK; a platform error whose code is in `unknown` means "no such channel", any other is thrown. */
async function callSlack(lookup: ChannelLookup, method: string, params: Record<string, string>, unknown: string[]): Promise<Record<string, unknown>> {
  const client = await openSlackClient(lookup.token, lookup.apiUrl, lookup.timeoutMs);
  try {
    return (await client.apiCall(method, params)) as unknown as Record<string, unknown>;
  } catch (error) {
    const e = error as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
    if (e.code === 'slack_webapi_platform_error' && unknown.includes(String(e.data?.error))) return e.data as Record<string, unknown>;
    if (e.code === 'slack_webapi_platform_error') throw new Error(`${method} answered ${String(e.data?.error)}`);
    if (e.code === 'slack_webapi_http_error') throw new Error(`${method} answered HTTP ${e.statusCode}`);
    throw new Error(`${method} could not be reached: ${e.message ?? String(error)}`);
  }
}
