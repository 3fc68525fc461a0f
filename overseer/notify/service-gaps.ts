// What the services stored name that the registry will not act on: a repository or Slack channel written before the
// allow-lists (or before they were narrowed) is kept, and its notifications failed only when sent. Said at start.

import { repositoryKey } from '../store/repository-holders.js';
import type { ServiceRecord } from '../store/store.js';
import type { NotifyConfig } from './config.js';
import { findRepositoryHostProblem, findRepositoryProblem, parseRepository } from './repositories.js';
import { findChannelProblem } from './slack-channels.js';
import { isListedOtherwise } from './slack-lookup.js';

// A registry of thousands of services says how many and names the first few: the log line stays one line.
const NAMED = 5;

/** One warning per kind of gap, naming the services (the first few) and what they name. */
export function describeServiceGaps(services: readonly ServiceRecord[], config: NotifyConfig): string[] {
  const { slack, github } = config;
  // A channel the list may name the other way is left to the sender, which asks Slack: a start asks it nothing.
  const refused = (channel: string) => findChannelProblem(channel, slack.channels) !== undefined && !isListedOtherwise(channel, slack.channels);
  const channels = slack.token === undefined ? [] : services.filter((s) => s.slack && !slack.webhooks[s.name] && refused(s.slack));
  const repositories =
    github.token === undefined
      ? []
      : services.filter((s) => {
          const parsed = parseRepository(s.repository);
          return parsed && (findRepositoryHostProblem(s.repository ?? '', github.apiUrl) || findRepositoryProblem(parsed, github.repositories));
        });
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
  const shared = github.token === undefined || github.context.includes('{service}') ? [] : findSharedRepositories(services);
  if (shared.length > 0) {
    const listed = shared.slice(0, NAMED).map(([key, names]) => `${key} (${names.join(', ')})`);
    out.push(
      `notifications: services share a repository, ${listed.join('; ')}${more(shared.length)}, and OVERSEER_GITHUB_STATUS_CONTEXT ` +
        `(${github.context}) names no {service}: their commit statuses overwrite each other's; add {service} to it (overseer/{service})`,
    );
  }
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

const count = (services: readonly ServiceRecord[]) => (services.length === 1 ? '1 service names' : `${services.length} services name`);
const more = (total: number) => (total > NAMED ? ` and ${total - NAMED} more` : '');

function name(services: readonly ServiceRecord[], what: (service: ServiceRecord) => string | undefined): string {
  return `${services
    .slice(0, NAMED)
    .map((s) => `${s.name}: ${what(s)}`)
    .join(', ')}${more(services.length)}`;
}
