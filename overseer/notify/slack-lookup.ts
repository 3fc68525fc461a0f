// Slack calls a channel two ways, `#users-alerts` and its id `C0123ABCD`: a manifest writing one while
// OVERSEER_SLACK_CHANNELS lists the other was refused. The other way is asked of Slack's Web API, only then.

import { findChannelProblem, isChannelId } from './slack-channels.js';
import { type SlackDirectory, SlackUnanswered } from './slack-directory.js';

/** Why the bot may not post in a channel; `unanswered` when Slack could not be asked (why), so that asking later may allow it. */
interface ChannelProblem {
  problem: string;
  unanswered?: { reason: string; retryAfterMs?: number };
}

/**
 * Why the bot may not post in `channel`, or undefined: the list as written first, then, when it names channels the
 * other way, the channel's other name as Slack gives it. Slack out of reach leaves the refusal, saying so.
 */
export async function findChannelProblemAsking(
  channel: string,
  patterns: readonly string[],
  directory: SlackDirectory | undefined,
): Promise<ChannelProblem | undefined> {
  const problem = findChannelProblem(channel, patterns);
  const isId = isChannelId(channel);
  if (problem === undefined) return undefined;
  if (directory === undefined || !isListedOtherwise(channel, patterns)) return { problem };
  try {
    const other = isId ? await directory.nameOf(channel.trim()) : await directory.idOf(channel);
    if (other === undefined) return { problem: `${problem}; Slack knows no channel ${channel} the bot can see` };
    return findChannelProblem(other, patterns) === undefined ? undefined : { problem: `${problem} (${other} in Slack)` };
  } catch (error) {
    if (!(error instanceof SlackUnanswered)) throw error;
    const unanswered = { reason: error.message, ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }) };
    return { problem: `${problem}; Slack could not be asked for its ${isId ? 'name' : 'id'}: ${error.message}`, unanswered };
  }
}

/** Whether the list writes channels the other way (ids for a name, names for an id): only Slack can say whether it is one of them. */
export function isListedOtherwise(channel: string, patterns: readonly string[]): boolean {
  const isId = isChannelId(channel);
  return patterns.some((entry) => entry !== '*' && isChannelId(entry) !== isId);
}

/** The channel's other name from Slack's listing alone: many services' channels are read with one call, not one each. */
export function askListedOtherName(channel: string, directory: SlackDirectory): Promise<string | undefined> {
  return isChannelId(channel) ? directory.nameListed(channel.trim()) : directory.idOf(channel);
}
