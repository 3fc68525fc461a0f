// An event as a Slack Block Kit message: a headline, what breaks per consumer, the owners, and a link. Pure.

import type { EventImpact, NotificationEvent } from './events.js';

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** The notification text (push, screen readers) and the fallback where blocks are not shown. */
  text: string;
  blocks: SlackBlock[];
}

// Slack's limits: 150 characters in a header, 3000 in a section, 50 blocks in a message.
const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;
const MAX_IMPACTS = 20;
const LINES_PER_IMPACT = 8;
const LINE_LIMIT = 500;

export function buildSlackMessage(event: NotificationEvent): SlackMessage {
  const shown = event.impacts.slice(0, MAX_IMPACTS);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(event.headline, HEADER_LIMIT), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: describeSubject(event) }] },
    ...shown.map((impact) => ({ type: 'section', text: { type: 'mrkdwn', text: describeImpact(impact) } })),
  ];
  if (event.impacts.length > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${event.impacts.length - shown.length} more on the dashboard` }] });
  }
  const owners = describeOwners(event);
  if (owners) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(owners, SECTION_LIMIT) }] });
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Overseer' }, url: event.url, action_id: 'open-overseer' }],
  });
  return { text: `${event.headline} ${event.url}`, blocks };
}

/** Slack reads `&`, `<` and `>` as markup: names and messages from contracts must not become links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function describeSubject(event: NotificationEvent): string {
  const parts = [`*${escapeMrkdwn(event.service)}* ${escapeMrkdwn(event.version)}`];
  if (event.baseVersion) parts[0] += ` (compared with ${escapeMrkdwn(event.baseVersion)})`;
  if (event.environment) parts.push(`environment *${escapeMrkdwn(event.environment)}*`);
  if (event.sunset) parts.push(`sunset *${event.sunset}*`);
  return parts.join(' · ');
}

function describeImpact(impact: EventImpact): string {
  const who = `*${escapeMrkdwn(impact.consumer)}*${impact.consumerVersion ? ` ${escapeMrkdwn(impact.consumerVersion)}` : ''}`;
  const uses = `uses *${escapeMrkdwn(impact.provider)}*${impact.providerVersion ? ` ${escapeMrkdwn(impact.providerVersion)}` : ''}`;
  const lines = [truncate(`${who} ${uses} · ${impact.where.map(escapeMrkdwn).join(', ')}`, LINE_LIMIT)];
  // Room is kept for the closing "and N more" line, so the section never loses it to the length limit.
  let size = lines[0].length + 40;
  let shown = 0;
  for (const b of impact.breaks.slice(0, LINES_PER_IMPACT)) {
    const where = b.operation ? `\`${escapeMrkdwn(b.operation)}\` ` : '';
    const line = truncate(`• ${where}${escapeMrkdwn(stripOperation(b.message, b.operation))} _(${escapeMrkdwn(b.code)})_`, LINE_LIMIT);
    if (size + line.length + 1 > SECTION_LIMIT) break;
    lines.push(line);
    size += line.length + 1;
    shown++;
  }
  const hidden = impact.breaks.length - shown + (impact.moreBreaks ?? 0);
  if (hidden > 0) lines.push(`• …and ${hidden} more`);
  return lines.join('\n');
}

// Messages often start with the operation, which the line already shows in code style.
function stripOperation(message: string, operation: string | undefined): string {
  return operation && message.startsWith(`${operation}: `) ? message.slice(operation.length + 2) : message;
}

function describeOwners(event: NotificationEvent): string | undefined {
  const entries = Object.values(event.services)
    .filter((s) => s.owners.length > 0)
    .map((s) => `${escapeMrkdwn(s.name)}: ${s.owners.map(escapeMrkdwn).join(', ')}`);
  return entries.length === 0 ? undefined : `Owners · ${entries.join(' · ')}`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
