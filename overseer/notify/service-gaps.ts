// What the services stored name that the registry will not act on: a repository or Slack channel written before the
// allow-lists (or before they were narrowed) is kept, and its notifications fail only when sent. Said at start, and
// listed per service where the admin looks (GET /v1/notifications, overseer notifications, the audit page).

import type { NotificationGap } from '../../contracts/index.js';
import { repositoryKey } from '../store/repository-holders.js';
import type { ServiceRecord, Store } from '../store/store.js';
import type { NotifyConfig } from './config.js';
import { findRepositoryHostProblem, findRepositoryProblem, parseRepository } from './repositories.js';
import { findChannelProblem, isChannelId } from './slack-channels.js';
import { type SlackDirectory, SlackUnanswered, slackDirectoryOf } from './slack-directory.js';
import { askListedOtherName, isListedOtherwise } from './slack-lookup.js';

// A registry of thousands of services says how many and names the first few: the log line stays one line.
const NAMED = 5;

interface Gaps {
  channels: ServiceRecord[];
  /** Channels refused as written while the list writes channels the other way: only Slack can say which they are. */
  otherWay: ServiceRecord[];
  repositories: ServiceRecord[];
  /** Repositories several services name, with their names, while the status context names no {service}. */
  shared: [string, string[]][];
}

function findGaps(services: readonly ServiceRecord[], config: NotifyConfig): Gaps {
  const { slack, github } = config;
  const refused = (s: ServiceRecord) => s.slack && !slack.webhooks[s.name] && findChannelProblem(s.slack, slack.channels) !== undefined;
  const written = slack.token === undefined ? [] : services.filter(refused);
  const channels = written.filter((s) => !isListedOtherwise(s.slack!, slack.channels));
  const otherWay = written.filter((s) => isListedOtherwise(s.slack!, slack.channels));
  const repositories =
    github.token === undefined
      ? []
      : services.filter((s) => {
          const parsed = parseRepository(s.repository);
          return parsed && (findRepositoryHostProblem(s.repository ?? '', github.apiUrl) || findRepositoryProblem(parsed, github.repositories));
        });
  const shared = github.token === undefined || github.context.includes('{service}') ? [] : findSharedRepositories(services);
  return { channels, otherWay, repositories, shared };
}

/** Each service's gaps as written, by service name, and the services whose channel only Slack can judge. */
function listServiceGaps(services: readonly ServiceRecord[], config: NotifyConfig): { gaps: NotificationGap[]; otherWay: ServiceRecord[] } {
  const { channels, otherWay, repositories, shared } = findGaps(services, config);
  const { github } = config;
  const gaps: NotificationGap[] = [
    ...channels.map((s) => channelGap(s, config)),
    ...repositories.map((s) => ({
      service: s.name,
      kind: 'repository' as const,
      names: s.repository!,
      problem: `OVERSEER_GITHUB_REPOSITORIES (${github.repositories.join(', ')}) does not allow ${s.repository}: its commit statuses fail when sent`,
      fix: `change repository: in ${s.name}'s overseer.yaml and publish it, or add the repository to OVERSEER_GITHUB_REPOSITORIES and restart the registry`,
    })),
    ...shared.flatMap(([key, names]) =>
      names.map((name) => ({
        service: name,
        kind: 'shared-repository' as const,
        names: key,
        problem: `${describeOthers(names.filter((other) => other !== name))} ${key} too, and OVERSEER_GITHUB_STATUS_CONTEXT (${github.context}) names no {service}: their commit statuses overwrite each other's`,
        fix: 'add {service} to OVERSEER_GITHUB_STATUS_CONTEXT (overseer/{service}) and restart the registry',
      })),
    ),
  ];
  return { gaps: sortGaps(gaps), otherWay };
}

const sortGaps = (gaps: NotificationGap[]) => gaps.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));

function channelGap(s: ServiceRecord, { slack }: NotifyConfig, inSlack = ''): NotificationGap {
  return {
    service: s.name,
    kind: 'slack-channel',
    names: s.slack!,
    problem: `OVERSEER_SLACK_CHANNELS (${slack.channels.join(', ')}) does not allow ${s.slack}${inSlack}: its Slack messages fail when sent`,
    fix: `change slack: in ${s.name}'s overseer.yaml and publish it, or add ${s.slack} to OVERSEER_SLACK_CHANNELS and restart the registry`,
  };
}

// Anyone may read the notifications and the audit page: reading and sorting 5,000 services at each such ask held the
// event loop some 100 ms. The gaps are kept per store and lists while no service's record is written.
const kept = new WeakMap<object, { generation: number; config: NotifyConfig; gaps: NotificationGap[]; otherWay: ServiceRecord[] }>();

/** The gaps of every stored service as the registry now runs: a republished service or a restart with other lists shows at once. */
export async function readServiceGaps(
  store: Pick<Store, 'listServices' | 'readServiceGeneration'>,
  config: NotifyConfig | undefined,
): Promise<NotificationGap[]> {
  if (config === undefined || !canHaveGaps(config)) return [];
  const generation = await store.readServiceGeneration();
  const last = kept.get(store);
  let entry = last;
  if (!entry || entry.generation !== generation || entry.config !== config) {
    entry = { generation, config, ...listServiceGaps(await store.listServices(), config) };
    kept.set(store, entry);
  }
  // Channels only Slack can judge are asked each time: its answers are kept by the directory, for their own lifetimes.
  if (entry.otherWay.length === 0) return entry.gaps;
  return sortGaps([...entry.gaps, ...(await askSlack(entry.otherWay, config))]);
}

// Slack out of reach is not asked again by every reader of the gaps (anyone may read them) for a minute.
const QUIET_AFTER_FAILURE_MS = 60_000;
const failures = new WeakMap<SlackDirectory, { at: number; error: SlackUnanswered }>();

/**
 * The gaps of channels written the other way round from OVERSEER_SLACK_CHANNELS (a name where it lists ids): Slack's
 * listing says which channel each is, read once for them all and kept as the sender keeps it.
 */
async function askSlack(services: readonly ServiceRecord[], config: NotifyConfig): Promise<NotificationGap[]> {
  const directory = slackDirectoryOf(config.slack, config.worker.timeoutMs);
  const gaps: NotificationGap[] = [];
  for (const s of services) {
    const failed = failures.get(directory);
    if (failed && Date.now() - failed.at < QUIET_AFTER_FAILURE_MS) {
      gaps.push(unansweredGap(s, config, failed.error));
      continue;
    }
    try {
      const other = await askListedOtherName(s.slack!, directory);
      if (other === undefined) gaps.push(channelGap(s, config, `, and Slack knows no channel ${s.slack} the bot can see`));
      else if (findChannelProblem(other, config.slack.channels) !== undefined) gaps.push(channelGap(s, config, ` (${other} in Slack)`));
    } catch (error) {
      if (!(error instanceof SlackUnanswered)) throw error;
      failures.set(directory, { at: Date.now(), error });
      gaps.push(unansweredGap(s, config, error));
    }
  }
  return gaps;
}

function unansweredGap(s: ServiceRecord, { slack }: NotifyConfig, error: SlackUnanswered): NotificationGap {
  const other = isChannelId(s.slack!) ? 'name' : 'id';
  return {
    service: s.name,
    kind: 'slack-channel',
    names: s.slack!,
    problem: `OVERSEER_SLACK_CHANNELS (${slack.channels.join(', ')}) writes channels the other way, and Slack could not be asked for ${s.slack}'s ${other} (${error.message}): its Slack messages may fail when sent`,
    fix: `write slack: in ${s.name}'s overseer.yaml the way OVERSEER_SLACK_CHANNELS does, or let the registry's Slack token read channels (channels:read, groups:read)`,
  };
}

// Without a GitHub token, and with Slack's bot (if any) allowed every channel, no service has a gap: nothing is read.
function canHaveGaps({ slack, github }: NotifyConfig): boolean {
  return github.token !== undefined || (slack.token !== undefined && !slack.channels.includes('*'));
}

/** One warning per kind of gap, naming the services (the first few) and what they name: the start log's. */
export function describeServiceGaps(services: readonly ServiceRecord[], config: NotifyConfig): string[] {
  const { channels, repositories, shared } = findGaps(services, config);
  const { slack, github } = config;
  const out: string[] = [];
  if (channels.length > 0) {
    out.push(
      `notifications: ${count(channels)} a Slack channel OVERSEER_SLACK_CHANNELS (${slack.channels.join(', ')}) does not allow, ` +
        `${name(channels, (s) => s.slack)}: their Slack messages fail when sent; change slack: in their manifests, or add the channels`,
    );
  }
  if (repositories.length > 0) {
    out.push(
      `notifications: ${count(repositories)} a repository OVERSEER_GITHUB_REPOSITORIES (${github.repositories.join(', ')}) does not allow, ` +
        `${name(repositories, (s) => s.repository)}: their commit statuses fail when sent; change repository: in their manifests, or add the repositories`,
    );
  }
  if (shared.length > 0) {
    const listed = shared.slice(0, NAMED).map(([key, names]) => `${key} (${names.join(', ')})`);
    out.push(
      `notifications: services share a repository, ${listed.join('; ')}${more(shared.length)}, and OVERSEER_GITHUB_STATUS_CONTEXT ` +
        `(${github.context}) names no {service}: their commit statuses overwrite each other's; add {service} to it (overseer/{service})`,
    );
  }
  if (out.length > 0) out.push("notifications: each service and what to do: overseer notifications (GET /v1/notifications, the dashboard's /audit)");
  return out;
}

function findSharedRepositories(services: readonly ServiceRecord[]): [string, string[]][] {
  const byRepository = new Map<string, string[]>();
  for (const service of services) {
    const key = repositoryKey(service.repository);
    if (key === undefined) continue;
    byRepository.set(key, [...(byRepository.get(key) ?? []), service.name]);
  }
  return [...byRepository].filter(([, names]) => names.length > 1);
}

const describeOthers = (names: readonly string[]) => `${names.join(', ')} ${names.length === 1 ? 'names' : 'name'}`;
const count = (services: readonly ServiceRecord[]) => (services.length === 1 ? '1 service names' : `${services.length} services name`);
const more = (total: number) => (total > NAMED ? ` and ${total - NAMED} more` : '');

function name(services: readonly ServiceRecord[], what: (service: ServiceRecord) => string | undefined): string {
  return `${services
    .slice(0, NAMED)
    .map((s) => `${s.name}: ${what(s)}`)
    .join(', ')}${more(services.length)}`;
}
