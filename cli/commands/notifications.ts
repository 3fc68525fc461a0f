// `overseer notifications [--status failed] [--retry ID]`: what the registry sent to Slack, GitHub and webhooks,
// what waits or is stuck and why, and retrying one by hand (admin).

import type { NotificationEntry, NotificationGap } from '../../contracts/index.js';
import { oneOf, positiveNumber } from '../args.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, readRegistryCommand, registryHelp, TOKEN_HELP } from './registry-options.js';

const STATUSES = ['pending', 'delivered', 'failed'] as const;
const FORMATS = ['text', 'json'] as const;

const HELP = `Usage: overseer notifications [--status pending|delivered|failed] [--gaps] [--retry ID] [options]

Lists the registry's notifications (Slack messages, GitHub commit statuses, webhooks), newest first,
with why the last attempt failed. "failed" ones are dead letters: every attempt failed. First, the
services whose notifications will not be sent, each with what to do: a Slack channel or repository
their manifest names that OVERSEER_SLACK_CHANNELS or OVERSEER_GITHUB_REPOSITORIES does not allow
(it was stored before the list), or a repository services share while OVERSEER_GITHUB_STATUS_CONTEXT
has no {service}. --retry ID sends one again now with a fresh count of attempts (admin token
required; a delivered one is never sent twice). A retry whose answer is lost is sent again with its
Idempotency-Key to a registry that keeps it (/healthz keyedWrites), and is told its first answer, not
that a worker (the one it woke) is sending the notification.

Options:
  --status STATUS          only pending, delivered or failed notifications
  --limit N                at most N (default 100, at most 1000)
  --gaps                   only the services whose notifications will not be sent (JSON: their list)
  --retry ID               retry notification ID now (admin)
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.adminToRetry)}

Exit codes: 0 listed or retried, 2 not (bad usage, an unknown notification, not the admin token,
the registry unreachable).

Examples:
  overseer notifications --status failed
  overseer notifications --gaps --format json
  OVERSEER_TOKEN=$ADMIN_TOKEN overseer notifications --retry 42
`;

export async function notificationsCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, {
    status: { type: 'string' },
    limit: { type: 'string' },
    retry: { type: 'string' },
    gaps: { type: 'boolean' },
  });
  if (!values) return EXIT.safe;
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const client = connectRegistry(values, io);
  if (values.retry !== undefined) {
    if (values.status !== undefined || values.limit !== undefined || values.gaps) throw new UsageError('--retry takes no --status, --limit or --gaps');
    const id = readId(values.retry);
    const notification = await client.retryNotification(id);
    io.stdout(format === 'json' ? `${JSON.stringify(notification, null, 2)}\n` : `notification #${id} will be sent again now\n${describeEntry(notification)}`);
    return EXIT.safe;
  }
  const status = values.status === undefined ? undefined : oneOf(values.status, STATUSES, '--status', 'failed');
  const limit = positiveNumber(values.limit, '--limit');
  const listed = await client.listNotifications({ status, limit: limit === undefined ? undefined : Math.floor(limit) });
  // A registry older than gaps lists none.
  const { notifications, gaps = [], gapsTotal = gaps.length } = listed;
  if (values.gaps) {
    io.stdout(
      format === 'json'
        ? `${JSON.stringify(gaps, null, 2)}\n`
        : gaps.length === 0
          ? 'every service can be notified where it asks\n'
          : describeGaps(gaps, gapsTotal),
    );
    return EXIT.safe;
  }
  if (format === 'json') io.stdout(`${JSON.stringify(notifications, null, 2)}\n`);
  else {
    if (gaps.length > 0) io.stdout(`${describeGaps(gaps, gapsTotal)}\n`);
    io.stdout(notifications.length === 0 ? (status ? `no ${status} notifications\n` : 'no notifications\n') : notifications.map(describeEntry).join(''));
  }
  return EXIT.safe;
}

// Said before the list: these fail only when sent, so an admin reading the outbox would meet them one failure at a time.
function describeGaps(gaps: readonly NotificationGap[], total: number): string {
  const services = new Set(gaps.map((g) => g.service)).size;
  const lines = [`${services === 1 ? '1 service names' : `${services} services name`} what the registry will not notify:`];
  for (const g of gaps)
    lines.push(`  ${g.service} (${g.kind === 'slack-channel' ? 'Slack channel' : 'repository'} ${g.names}): ${g.problem}`, `      to do: ${g.fix}`);
  if (total > gaps.length) lines.push(`  and ${total - gaps.length} more, not listed (the registry lists the first ${gaps.length})`);
  return `${lines.join('\n')}\n`;
}

function readId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`--retry must be a notification id (a positive whole number), got "${value}"`);
  return Number(value);
}

function describeEntry(n: NotificationEntry): string {
  const when = n.status === 'delivered' ? `delivered ${n.deliveredAt}` : n.status === 'pending' ? `next attempt ${n.nextAttemptAt}` : `gave up ${n.updatedAt}`;
  const lines = [`#${n.id} ${n.status} ${n.channel} ${n.target} (${n.event}, ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}, ${when})`];
  if (n.headline) lines.push(`    ${n.headline}`);
  if (n.lastError && n.status !== 'delivered') lines.push(`    last error: ${n.lastError}`);
  return `${lines.join('\n')}\n`;
}
