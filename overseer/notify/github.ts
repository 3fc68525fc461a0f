// GitHub: a commit status on the subject version's commit, through octokit with a token (no GitHub App yet).

import type { Octokit } from '@octokit/rest';
import type { NotifyConfig } from './config.js';
import { DeliveryError, describeNetworkError, isRetryableStatus, readRetryAfter } from './delivery-error.js';
import { findRepositoryProblem } from './repositories.js';

interface CommitStatus {
  owner: string;
  repo: string;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string;
  targetUrl: string;
}

export interface GithubSender {
  createStatus(status: CommitStatus): Promise<void>;
}

// GitHub refuses descriptions longer than this.
const DESCRIPTION_LIMIT = 140;
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

export function createGithubSender(config: NotifyConfig['github'], timeoutMs: number): GithubSender {
  let client: Promise<Octokit> | undefined;
  // Loaded at the first status sent: a registry that never sends one never pays for octokit at its start.
  const connect = () =>
    (client ??= import('@octokit/rest').then(
      ({ Octokit }) =>
        new Octokit({
          auth: config.token,
          baseUrl: config.apiUrl,
          userAgent: 'overseer-registry',
          // No retry or throttling plugin (@octokit/rest has none): retries belong to the outbox, on its own clock.
          log: QUIET,
        }),
    ));

  return {
    async createStatus(status) {
      if (!config.token) throw new DeliveryError('GitHub is not configured: set OVERSEER_GITHUB_TOKEN', { permanent: true });
      // Checked again at each sending: the list may have been narrowed since the repository was accepted.
      const refused = findRepositoryProblem(status, config.repositories);
      if (refused !== undefined) throw new DeliveryError(refused, { permanent: true });
      const description = status.description.length > DESCRIPTION_LIMIT ? `${status.description.slice(0, DESCRIPTION_LIMIT - 1)}…` : status.description;
      try {
        await (await connect()).rest.repos.createCommitStatus({
          owner: status.owner,
          repo: status.repo,
          sha: status.sha,
          state: status.state,
          context: status.context,
          description,
          target_url: status.targetUrl,
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
      } catch (error) {
        throw classifyGithubError(error, status);
      }
    },
  };
}

/**
 * How long GitHub asked to wait: `retry-after` (a secondary rate limit), else, when the primary limit is spent
 * (`x-ratelimit-remaining: 0`), until `x-ratelimit-reset` (epoch seconds); retried sooner, each attempt is refused again.
 */
function readRateLimitWait(headers: Record<string, string | undefined>, now: number = Date.now()): number | undefined {
  const asked = readRetryAfter(headers['retry-after'] ?? null, now);
  if (asked !== undefined) return asked;
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-remaining'] !== '0' || !Number.isFinite(reset)) return undefined;
  return readRetryAfter(String(Math.max(0, Math.ceil(reset - now / 1000))), now);
}

function classifyGithubError(error: unknown, status: CommitStatus): DeliveryError {
  const where = `${status.owner}/${status.repo}@${status.sha.slice(0, 12)}`;
  const code = (error as { status?: unknown }).status;
  // octokit reports a request that got no answer as status 500 without a response: that is a network failure.
  const answered = (error as { response?: unknown }).response !== undefined;
  if (typeof code === 'number' && code > 0 && answered) {
    const message = (error as Error).message.split('\n')[0].slice(0, 300);
    // 403 with a rate limit is worth waiting for; other 4xx (no such repo or commit, bad token) need a person.
    const limited = code === 403 && /rate limit/i.test(message);
    const retryAfterMs = readRateLimitWait((error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {});
    return new DeliveryError(`GitHub answered ${code} for ${where}: ${message}`, {
      permanent: !isRetryableStatus(code) && !limited,
      cause: error,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  return new DeliveryError(`GitHub could not be reached for ${where}: ${describeNetworkError((error as { cause?: unknown }).cause ?? error)}`, {
    permanent: false,
    cause: error,
  });
}
