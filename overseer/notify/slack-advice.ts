// What a person does about a Slack refusal that no retry fixes: Slack's bare error names (`channel_not_found`) sent new
// users to Slack's documentation, while the fix is in a manifest, a channel's members or the registry's settings.

const RETRY = 'then overseer notifications --retry ID';

/** The advice for `reason` when posting to `channel`; empty when we have none beyond Slack's words. */
export function adviseOnSlackRefusal(reason: string, channel: string): string {
  switch (reason) {
    case 'channel_not_found':
      return `: the bot sees no channel ${channel}: check \`slack:\` in the manifests that name it, and invite the bot if the channel is private; ${RETRY}`;
    case 'not_in_channel':
      return `: the bot is not in ${channel}: invite it (/invite @your-bot in ${channel}); ${RETRY}`;
    case 'is_archived':
      return `: ${channel} is archived: name another channel in \`slack:\` of the manifests that name it; ${RETRY}`;
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'token_expired':
    case 'account_inactive':
      return `: OVERSEER_SLACK_TOKEN is not a working bot token (xoxb-...) of this Slack workspace; ${RETRY}`;
    case 'missing_scope':
      return `: the bot token lacks the chat:write scope; ${RETRY}`;
    default:
      return '';
  }
}
