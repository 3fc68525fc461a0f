// The sentences of a Slack message that need care: what runs where, where the version came from, mentions, channel
// links and the next step. Pure; every name from outside is escaped, only our own markup stays live.

import { describeMigrationPart } from '../../contracts/index.js';
import { groupBy } from '../group-by.js';
import type { EventImpact, EventMigration, EventService, NotificationEvent } from './events.js';
import { listNames } from './impacts.js';
import { parseRepository } from './repositories.js';
import { isChannelId } from './slack-channels.js';

/** Slack reads `&`, `<` and `>` as markup: names and messages from contracts must not become links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<#C0123|users-alerts>` where the channel's id is known, else `#users-alerts` as text, however the manifest spells it. */
export function linkChannel(channel: string, ids: ReadonlyMap<string, string>): string {
  const id = isChannelId(channel) ? channel : ids.get(channel);
  const name = escapeMrkdwn(channel.replace(/^#/, ''));
  return id ? `<#${id}|${name}>` : `#${name}`;
}

/** A real mention from the manifest's `slack_mention`: `<!subteam^S…>` for a user group, `<@U…>` for a person. */
export function mentionService(service: EventService): string | undefined {
  const id = service.slackMention;
  if (id === undefined || !/^[SUW][A-Z0-9]{2,}$/.test(id)) return undefined;
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/** The subject, and where it came from: branch, commit and pull request linked in the repository, publisher. */
export function describeProvenance(event: NotificationEvent): string {
  const parts = [`*${escapeMrkdwn(event.service)}* ${escapeMrkdwn(event.version)}`];
  if (event.baseVersion) parts[0] += ` (compared with ${escapeMrkdwn(event.baseVersion)})`;
  if (event.environment) parts.push(`environment *${escapeMrkdwn(event.environment)}*`);
  if (event.branch) parts.push(`branch ${escapeMrkdwn(event.branch)}`);
  const web = describeRepositoryUrl(event.services[event.service]?.repository);
  if (event.commit) {
    const short = escapeMrkdwn(event.commit.slice(0, 7));
    parts.push(web && /^[0-9a-f]{7,64}$/i.test(event.commit) ? `commit <${web}/commit/${event.commit}|${short}>` : `commit ${short}`);
  }
  if (event.pullRequest !== undefined)
    parts.push(web ? `pull request <${web}/pull/${event.pullRequest}|#${event.pullRequest}>` : `pull request #${event.pullRequest}`);
  if (event.publisher) parts.push(`published by ${escapeMrkdwn(event.publisher)}`);
  if (event.sunset) parts.push(`sunset *${event.sunset}*`);
  return parts.join(' · ');
}

/** The repository's web address: `acme/users` is on github.com; a full URL keeps its host. */
function describeRepositoryUrl(text: string | undefined): string | undefined {
  const repo = parseRepository(text);
  if (!repo || !text) return undefined;
  const host = /^https?:\/\/([^/]+)\//.exec(text.trim())?.[1] ?? 'github.com';
  return `https://${host}/${repo.owner}/${repo.repo}`;
}

/** Who breaks, and what runs where: `production runs users-service 1.0.0`, so a new version is not read as deployed. */
export function describeRunning(event: NotificationEvent, impact: EventImpact): string {
  // A consumer running different versions in different environments is named with each, where it runs it.
  const own = impact.consumerAt;
  const version = own ? undefined : impact.consumerVersion;
  const consumer = `*${escapeMrkdwn(impact.consumer)}*${version ? ` ${escapeMrkdwn(version)}` : ''}`;
  const provider = escapeMrkdwn(impact.provider);
  // Published on that branch, the version is the branch's latest by the time anyone reads the message.
  const follows = (w: string) => event.branch !== undefined && w === `branch ${event.branch}` && impact.provider === event.service;
  const places = impact.where.map((w) => {
    const place = describePlace(w, impact.providerAt?.[w], provider, follows(w));
    return own?.[w] ? `${place} and ${escapeMrkdwn(impact.consumer)} ${escapeMrkdwn(own[w])}` : place;
  });
  const environments = impact.where.filter((w) => !w.startsWith('branch ')).map(escapeMrkdwn);
  const subject = `${escapeMrkdwn(event.service)} ${escapeMrkdwn(event.version)}`;
  switch (event.type) {
    case 'version.breaking': {
      const gate = environments.length > 0 ? `; can-i-deploy refuses ${subject} in ${environments.join(', ')}` : '';
      return `${consumer} would break with ${subject} · ${places.join(' · ')}${gate}`;
    }
    case 'deployment.breaking':
      return `${consumer} breaks now · ${places.join(' · ')}`;
    case 'deployment.unmet':
      return `${consumer} lacks what it uses now · ${places.join(' · ')}`;
    case 'gate.refused':
      return `${consumer} uses *${provider}* · ${places.join(' · ')}; can-i-deploy refuses ${subject} in ${escapeMrkdwn(event.environment ?? '')}`;
    case 'deprecation.sunset':
    case 'deprecation.ready':
    case 'version.waived':
    case 'version.warned':
    case 'deployment.waived':
    case 'deployment.warned':
      return `${consumer} uses *${provider}* · ${places.join(' · ')}`;
  }
}

function describePlace(where: string, running: string | null | undefined, provider: string, follows: boolean): string {
  if (where.startsWith('branch ')) {
    const branch = escapeMrkdwn(where.slice('branch '.length));
    if (follows) return running ? `the previous ${provider} on ${branch} is ${escapeMrkdwn(running)}` : `the first ${provider} on ${branch}`;
    return running ? `the latest ${provider} on ${branch} is ${escapeMrkdwn(running)}` : `no ${provider} on ${branch} yet`;
  }
  return running ? `${escapeMrkdwn(where)} runs ${provider} ${escapeMrkdwn(running)}` : `${provider} is not deployed in ${escapeMrkdwn(where)}`;
}

/** The part a `deprecation.ready` event is about: what it is, since when deprecated, its sunset, who used it last. */
export function describeMigration(migration: EventMigration): string {
  const part = describeMigrationPart(migration);
  const since = `deprecated since ${escapeMrkdwn(migration.deprecatedIn)}${migration.sunset ? `, sunset ${escapeMrkdwn(migration.sunset)}` : ''}`;
  const last = migration.formerUsers.length > 0 ? ` · last used by ${migration.formerUsers.map(escapeMrkdwn).join(', ')}` : '';
  const elsewhere = (migration.usedElsewhere ?? []).map((u) => ` · still used in ${escapeMrkdwn(u.environment)} by ${u.users.map(escapeMrkdwn).join(', ')}`);
  return `\`${escapeMrkdwn(part)}\` · ${since}${last} · no consumer uses it there now${elsewhere.join('')}`;
}

/** What to do about it: the provider deprecates first or agrees a change, consumers talk to the provider, the gate holds. */
export function describeNextStep(event: NotificationEvent, channels: ReadonlyMap<string, string>): string | undefined {
  const providers = [...new Set(event.impacts.map((i) => i.provider))];
  const talkTo = providers
    .map((p) => event.services[p])
    .filter((s): s is EventService => s?.slack !== undefined)
    .map((s) => `${escapeMrkdwn(s.name)} in ${linkChannel(s.slack!, channels)}`);
  const ask = talkTo.length > 0 ? `consumers, talk to ${talkTo.join(', ')}` : undefined;
  const subject = `${escapeMrkdwn(event.service)} ${escapeMrkdwn(event.version)}`;
  const steps: string[] = [];
  switch (event.type) {
    case 'version.breaking':
      steps.push(adviseProvider(event.service, event.impacts));
      if (ask) steps.push(ask);
      steps.push(describeGateAhead(event, subject));
      break;
    case 'deployment.breaking':
      steps.push(
        `roll ${escapeMrkdwn(event.service)} back${event.baseVersion ? ` to ${escapeMrkdwn(event.baseVersion)}` : ''} in ${escapeMrkdwn(event.environment ?? '')}, or update the consumers`,
      );
      if (ask) steps.push(ask);
      break;
    case 'gate.refused':
      steps.push(...adviseRefusal(event));
      if (ask) steps.push(ask);
      steps.push(
        `then ask again: \`overseer can-i-deploy --service ${escapeMrkdwn(event.service)} --version ${escapeMrkdwn(event.version)} --env ${escapeMrkdwn(event.environment ?? '')}\``,
      );
      break;
    case 'deprecation.sunset': {
      // The gate counts declarations: a consumer that stops reading a field but still lists it keeps blocking its removal.
      const whole = event.impacts.some((i) => i.breaks.some((b) => b.code === 'operation-sunset'));
      // Past its sunset the part may go at the provider's next deploy; only the consumers' use keeps the gate refusing it.
      const when = event.sunset !== undefined && event.sunset < event.occurredAt.slice(0, 10) ? 'now: its sunset has passed' : 'before the sunset';
      // A use only traces show is in the consumer's code, not its manifest: there is nothing in `consumes` to take out.
      const seenOnly = event.impacts.every((i) => i.breaks.every((b) => b.basis === 'observed'));
      steps.push(`consumers named above: ${seenOnly ? adviseCaller(whole, when) : adviseDeclarer(whole, when)}`);
      if (ask) steps.push(ask);
      break;
    }
    case 'version.waived':
    case 'deployment.waived': {
      // No impacts name a provider here: the subject is the provider to talk to.
      const own = event.services[event.service];
      steps.push(`the gate lets ${subject} through while its waivers last: consumers named above, move off what it changes before they expire`);
      if (own?.slack) steps.push(`talk to ${escapeMrkdwn(own.name)} in ${linkChannel(own.slack, channels)}`);
      break;
    }
    case 'deployment.unmet': {
      // The consumer runs there now: what it misses is the provider's to offer, or the consumer's to stop using.
      const providers = [...new Set(event.impacts.map((i) => escapeMrkdwn(i.provider)))].join(', ');
      const where = escapeMrkdwn(event.environment ?? '');
      steps.push(
        `${subject}'s calls for what is missing fail in ${where}: deploy a ${providers} version there that offers it, or roll ${escapeMrkdwn(event.service)} back (can-i-deploy refuses ${subject} there for this reason)`,
      );
      if (ask) steps.push(ask.replace('consumers, talk to', `${escapeMrkdwn(event.service)}, talk to`));
      break;
    }
    case 'deployment.warned':
    case 'version.warned': {
      // Nothing is refused: the consumers the warnings reach are the ones to act, each on its own line above.
      const own = event.services[event.service];
      steps.push(
        `the gate lets ${subject} through: consumers named under the warnings, check what each says of your use (a path to declare anew, a scope to stop asking for)`,
      );
      if (own?.slack) steps.push(`talk to ${escapeMrkdwn(own.name)} in ${linkChannel(own.slack, channels)}`);
      break;
    }
    case 'deprecation.ready':
      steps.push(
        `${escapeMrkdwn(event.service)}: remove it in a next version; can-i-deploy lets that removal through in ${escapeMrkdwn(event.environment ?? '')} while no consumer there uses it again`,
      );
      break;
  }
  return `*Next step* · ${steps.join(' · ')}`;
}

function adviseDeclarer(whole: boolean, when: string): string {
  const change = whole
    ? 'stop calling it and take it out of `consumes` in overseer.yaml'
    : 'stop reading it and leave it out of `consumes` in overseer.yaml (where an operation is listed whole, list the fields read instead)';
  return `${change}, then deploy that version ${when}: the gate counts what the deployed version declares, and calls seen in traces until they stop`;
}

// A call counts as a use of its whole operation, so a caller that reads other fields is freed by declaring them.
function adviseCaller(whole: boolean, when: string): string {
  const change = whole
    ? 'stop calling it (only traces show it: overseer.yaml does not declare it)'
    : 'list the operation in `consumes` in overseer.yaml with the fields it reads (a call seen in traces counts as using all of it, this part included), or stop calling it';
  return (
    `${change}, then deploy that version ${when}: the gate counts the calls a live version was seen making, so recording the deployment of ` +
    'one that no longer makes them ends them (calls whose spans carry no service.version count until the usage window ends)'
  );
}

/**
 * The provider's way out, in the same words before a deploy and at the gate: keep what the consumers use, or agree.
 * A part already deprecated in what runs is not deprecated again: its consumers move off it (the verdict's `wayOut`).
 */
function adviseProvider(service: string, impacts: readonly EventImpact[]): string {
  const movers = impacts.filter((i) => i.wayOut === 'move-off');
  const keepers = [...new Set(impacts.filter((i) => i.wayOut !== 'move-off').map((i) => i.consumer))];
  const steps: string[] = [];
  if (keepers.length > 0) {
    const one = keepers.length === 1;
    steps.push(
      `keep what ${escapeMrkdwn(listNames(keepers, 5))} ${one ? 'uses' : 'use'} (deprecate it first in a minor version, remove it once no consumer uses it) or agree the change with ${one ? 'its' : 'their'} owners`,
    );
  }
  for (const [version, names] of groupBy(
    movers,
    (i) => i.deprecatedIn ?? '',
    (i) => i.consumer,
  )) {
    const one = new Set(names).size === 1;
    const where = version ? ` ${escapeMrkdwn(version)}` : '';
    steps.push(
      `${escapeMrkdwn(listNames(names, 5))} still ${one ? 'uses' : 'use'} what ${escapeMrkdwn(service)}${where} already deprecates: keep it until ${one ? 'it moves' : 'they move'} off it (\`overseer migrations --service ${escapeMrkdwn(service)}\`) or agree the change with ${one ? 'its' : 'their'} owners`,
    );
  }
  return `${escapeMrkdwn(service)}: ${steps.join('; ')}`;
}

/** What unblocks a refused deploy, by the side the service is on: a provider that breaks its consumers, a consumer short of its providers. */
function adviseRefusal(event: NotificationEvent): string[] {
  const service = escapeMrkdwn(event.service);
  const environment = escapeMrkdwn(event.environment ?? '');
  const broken = event.impacts.filter((i) => i.provider === event.service && i.consumer !== event.service);
  const needed = event.impacts.filter((i) => i.provider !== event.service);
  const steps: string[] = [];
  if (broken.length > 0) steps.push(adviseProvider(event.service, broken));
  const absent = needed.filter((i) => !i.providerAt[event.environment ?? '']).map((i) => i.provider);
  const short = needed.filter((i) => i.providerAt[event.environment ?? '']).map((i) => i.provider);
  if (absent.length > 0)
    steps.push(`deploy ${escapeMrkdwn(listNames(absent, 5))} to ${environment} first, or change ${service} to use only what is deployed there`);
  if (short.length > 0) {
    steps.push(
      `deploy a version of ${escapeMrkdwn(listNames(short, 5))} that offers what ${service} uses to ${environment} first, or change ${service} to use only what runs there`,
    );
  }
  return steps.length > 0 ? steps : ['the verdict lists each reason: fix them or change the version'];
}

// The gate refuses only where a consumer it breaks is live: a break seen only on a branch is a warning, not yet a refusal.
function describeGateAhead(event: NotificationEvent, subject: string): string {
  const environments = [...new Set(event.impacts.flatMap((i) => i.where.filter((w) => !w.startsWith('branch '))))].sort();
  if (environments.length === 0) return `no environment refuses ${subject} yet: the consumers it breaks run in none; it will once they deploy`;
  return `until then can-i-deploy refuses ${subject} in ${environments.map(escapeMrkdwn).join(', ')}`;
}
