// An event as a Slack Block Kit message: a headline, what breaks per consumer and where, who to tell, a next step. Pure.

import { describeExpiry } from '../../contracts/index.js';
import type { EventImpact, EventService, EventWaived, EventWarned, NotificationEvent } from './events.js';
import { describeMigration, describeNextStep, describeProvenance, describeRunning, escapeMrkdwn, linkChannel, mentionService } from './slack-text.js';

export { escapeMrkdwn } from './slack-text.js';

type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** The notification text (push, screen readers) and the fallback where blocks are not shown. */
  text: string;
  blocks: SlackBlock[];
}

/** Channel names (`#users-alerts`) to their ids, where known: Slack links a channel only by its id. */
type ChannelIds = ReadonlyMap<string, string>;

// Slack's limits: 150 characters in a header, 3000 in a section, 50 blocks in a message.
const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;
const MAX_IMPACTS = 20;
const LINES_PER_IMPACT = 8;
const LINE_LIMIT = 500;

/** Where a message goes: a channel the bot posts in, or the incoming webhook of one service. */
type Destination = { channel: string } | { service: string };

/**
 * A service's `slack_mention` pings only in its own channel (or its own webhook): named by a service token, it must not
 * page a group in another team's channel. Elsewhere the service's owners are named as text.
 */
export function buildSlackMessage(event: NotificationEvent, channels: ChannelIds = new Map(), destination?: Destination): SlackMessage {
  const shown = event.impacts.slice(0, MAX_IMPACTS);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(event.headline, HEADER_LIMIT), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(describeProvenance(event), SECTION_LIMIT) }] },
    ...shown.map((impact) => ({ type: 'section', text: { type: 'mrkdwn', text: describeImpact(event, impact) } })),
  ];
  if (event.waived && event.waived.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(describeWaived(event.waived), SECTION_LIMIT) }] });
  }
  if (event.warned && event.warned.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(describeWarned(event.warned), SECTION_LIMIT) }] });
  }
  if (event.migration) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(describeMigration(event.migration), SECTION_LIMIT) } });
  if (event.impacts.length > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${event.impacts.length - shown.length} more on the dashboard` }] });
  }
  const owners = describeOwners(event, channels, destination);
  if (owners) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(owners, SECTION_LIMIT) }] });
  const next = describeNextStep(event, channels);
  if (next) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(next, SECTION_LIMIT) } });
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Overseer' }, url: event.url, action_id: 'open-overseer' }],
  });
  return { text: `${event.headline} ${event.url}`, blocks };
}

function describeImpact(event: NotificationEvent, impact: EventImpact): string {
  const lines = [truncate(describeRunning(event, impact), LINE_LIMIT)];
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

// Messages often start with the operation (`GET /users/{id}: …`, `GET /users/{id} of users-service …`), which the
// line already shows in code style.
function stripOperation(message: string, operation: string | undefined): string {
  if (!operation || !message.startsWith(operation)) return message;
  const rest = message.slice(operation.length);
  if (rest.startsWith(': ')) return rest.slice(2);
  const of = /^ of [a-z0-9-]+ /.exec(rest);
  return of ? rest.slice(of[0].length) : message;
}

const WAIVED_LINES = 5;

// The owners accepted these breaks; the consumers' people reading the channel still need to know they are coming.
function describeWaived(waived: readonly EventWaived[]): string {
  const lines = waived.slice(0, WAIVED_LINES).map((w) => {
    const where = w.operation ? ` \`${escapeMrkdwn(w.operation)}\`` : '';
    return truncate(
      `• *${escapeMrkdwn(w.consumer)}*${where} _(${escapeMrkdwn(w.code)})_: ${escapeMrkdwn(w.reason)}, until ${describeExpiry(w.expires)}`,
      LINE_LIMIT,
    );
  });
  if (waived.length > WAIVED_LINES) lines.push(`• …and ${waived.length - WAIVED_LINES} more`);
  return [`Accepted by this version's waivers, so the gate lets ${waived.length === 1 ? 'it' : 'them'} through:`, ...lines].join('\n');
}

// A warning blocks no one; those who use what it reaches are named under the heading the CLI's text and the Action use.
function describeWarned(warned: readonly EventWarned[]): string {
  const lines = warned.slice(0, WAIVED_LINES).map((w) => {
    const where = w.operation ? ` \`${escapeMrkdwn(w.operation)}\`` : '';
    return truncate(`• *${escapeMrkdwn(w.consumer)}*${where}: ${escapeMrkdwn(stripOperation(w.message, w.operation))} _(${escapeMrkdwn(w.code)})_`, LINE_LIMIT);
  });
  if (warned.length > WAIVED_LINES) lines.push(`• …and ${warned.length - WAIVED_LINES} more`);
  return ['Warnings to pass on, by consumer (not blocking):', ...lines].join('\n');
}

function describeOwners(event: NotificationEvent, channels: ChannelIds, destination: Destination | undefined): string | undefined {
  const entries = Object.values(event.services)
    .filter((s) => s.owners.length > 0 || s.slackMention !== undefined || s.slack !== undefined)
    .map((s) => {
      const who = [isOwnDestination(s, destination) ? mentionService(s) : undefined, ...s.owners.map(escapeMrkdwn)].filter((w) => w !== undefined);
      const where = s.slack ? ` in ${linkChannel(s.slack, channels)}` : '';
      return `${escapeMrkdwn(s.name)}: ${who.join(', ') || 'no owner'}${where}`;
    });
  return entries.length === 0 ? undefined : `Owners · ${entries.join(' · ')}`;
}

function isOwnDestination(service: EventService, destination: Destination | undefined): boolean {
  if (destination === undefined) return false;
  if ('service' in destination) return destination.service === service.name;
  const bare = (channel: string) => channel.replace(/^#/, '').toLowerCase();
  return service.slack !== undefined && bare(service.slack) === bare(destination.channel);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
