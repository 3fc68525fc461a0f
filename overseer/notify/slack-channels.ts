// Which Slack channels the registry's bot may post in. A service's manifest names its own `slack:` channel, so without
// this list any service token could have the bot post (and mention its group) in any channel the bot is in.

/** `#users-alerts` and `users-alerts` are one channel; Slack's names are lower-case, its ids (`C0123ABCD`) upper-case. */
function normalize(channel: string): string {
  return channel.trim().replace(/^#/, '').toLowerCase();
}

const ENTRY = /^(?:\*|#?[a-z0-9_-][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/** Whether the channel is written as an id (`C0123ABCD`), not a name. */
export const isChannelId = (channel: string) => CHANNEL_ID.test(channel.trim());

/** The entries of OVERSEER_SLACK_CHANNELS, or why one cannot be read. */
export function readChannelPatterns(text: string): { patterns: string[] } | { problem: string } {
  const patterns = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = patterns.find((entry) => !ENTRY.test(entry));
  if (wrong !== undefined) return { problem: `"${wrong}" is not a channel name (#users-alerts), a channel id (C0123ABCD) or *` };
  return { patterns };
}

/** Why the bot may not post in `channel`, or undefined when it may. */
export function findChannelProblem(channel: string, patterns: readonly string[]): string | undefined {
  const wanted = normalize(channel);
  if (patterns.some((entry) => entry === '*' || normalize(entry) === wanted)) return undefined;
  return `the registry posts in Slack only in ${patterns.join(', ')} (OVERSEER_SLACK_CHANNELS), not in ${channel}`;
}
