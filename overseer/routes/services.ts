// Services: their owners, Slack channel, repository and the host names they are reached at.

import type { FastifyInstance } from 'fastify';
import { HOST_NAME_PATTERN, MAX_HOSTS, type ServiceRequest } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import type { Config } from '../config.js';
import { ApiError, describeErrors } from '../errors.js';
import { findRepositoryHostProblem, findRepositoryProblem, parseRepository } from '../notify/repositories.js';
import { slackDirectoryOf } from '../notify/slack-directory.js';
import { findChannelProblemAsking } from '../notify/slack-lookup.js';
import type { RouteDeps } from './deps.js';
import { KEY_PAGE_DESCRIPTION, KEY_PAGE_QUERY, keyPageOf, pageByName } from './key-pages.js';
import { BEARER, ref, SERVICE_NAME } from './schemas.js';

export const NAME_PARAMS = { type: 'object', required: ['name'], properties: { name: SERVICE_NAME } } as const;

/** What describes a service; publish takes it too, to create the service in the publication's transaction. */
export const SERVICE_DESCRIPTION = {
  type: 'object',
  required: ['owners'],
  additionalProperties: false,
  properties: {
    owners: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 100 },
    slack: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "The service's Slack channel: with a Slack bot token configured, one of OVERSEER_SLACK_CHANNELS, else 403",
    },
    slackMention: { type: 'string', pattern: '^[SUW][A-Z0-9]{2,30}$', description: 'A Slack user group or user id to mention' },
    repository: {
      type: 'string',
      minLength: 1,
      maxLength: 400,
      description: 'Where commit statuses go (`owner/repo` or its URL): with a GitHub token configured, one of OVERSEER_GITHUB_REPOSITORIES, else 403',
    },
    hosts: {
      type: 'array',
      items: { type: 'string', maxLength: 253, pattern: HOST_NAME_PATTERN },
      maxItems: MAX_HOSTS,
      uniqueItems: true,
      description: 'Lower-case host names the service is reached at: a span naming one as its server.address is a call to it',
    },
  },
} as const;

/** A host names one service: a span calling it is matched to that service, never to whichever lists it last. */
export async function registerServiceRoutes(app: FastifyInstance, { store, auth, config }: RouteDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.put<{ Params: { name: string }; Body: ServiceRequest }>(
    '/v1/services/:name',
    {
      onRequest: beforeBody.named,
      schema: {
        summary: "Create or replace a service's description",
        description: 'Absent optional fields are cleared. 201 when the service is new, 200 otherwise.',
        tags: ['services'],
        security: BEARER,
        params: NAME_PARAMS,
        body: SERVICE_DESCRIPTION,
        response: {
          200: serviceResponse(),
          201: serviceResponse(),
          ...describeErrors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      await auth.requireWriter(request, name);
      await assertDescriptionAllowed(request.body, config);
      const result = await store.upsertService({ name, ...request.body });
      return reply.status(result.status === 'created' ? 201 : 200).send(result);
    },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/services',
    {
      schema: {
        summary: 'The services, by name, a page at a time',
        description: KEY_PAGE_DESCRIPTION,
        tags: ['services'],
        querystring: KEY_PAGE_QUERY,
        response: { 200: keyPageOf('services', ref('Service')), ...describeErrors(400) },
      },
    },
    async (request) => {
      const { page, next } = await pageByName(request.query, (p) => store.listServices(p));
      return { services: page, ...(next !== undefined && { next }) };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/v1/services/:name',
    {
      schema: {
        summary: 'One service, with the host names it is reached at',
        tags: ['services'],
        params: NAME_PARAMS,
        response: { 200: ref('Service'), ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      const service = await store.getService(request.params.name);
      if (!service) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${request.params.name}`);
      return service;
    },
  );
}

/** What a service names for the registry to act on (its repository, its channel) must be what the admin allows. */
export async function assertDescriptionAllowed(
  description: Pick<ServiceRequest, 'repository' | 'slack'> | undefined,
  config: Pick<Config, 'notify'>,
): Promise<void> {
  assertRepositoryAllowed(description?.repository, config);
  await assertChannelAllowed(description?.slack, config);
}

/**
 * A channel the bot may not post in is refused where it is set, as a repository is. Without a bot token (no Slack, or
 * only the admin's per-service incoming webhooks) the channel is a label in messages. A channel written by id while the
 * list names it (or the reverse) is asked of Slack, as the sender will ask before posting.
 */
async function assertChannelAllowed(channel: string | undefined, config: Pick<Config, 'notify'>): Promise<void> {
  const notify = config.notify;
  const slack = notify?.slack;
  if (slack?.token === undefined || channel === undefined) return;
  const refused = await findChannelProblemAsking(channel, slack.channels, slackDirectoryOf(slack, notify!.worker.timeoutMs));
  if (refused === undefined) return;
  if (refused.unanswered) {
    const wait = refused.unanswered.retryAfterMs === undefined ? 'in a moment' : `in ${Math.ceil(refused.unanswered.retryAfterMs / 1000)} s`;
    const listed = `whether ${channel} is one of OVERSEER_SLACK_CHANNELS (${slack.channels.join(', ')})`;
    throw new ApiError('ERR_SLACK_UNANSWERED', `Slack could not be asked ${listed}: ${refused.unanswered.reason}; nothing was written: try again ${wait}`);
  }
  const way = "remove `slack:` from the service's overseer.yaml, or ask the registry's admin to add the channel";
  throw new ApiError('ERR_SLACK_CHANNEL_NOT_ALLOWED', `${refused.problem}: ${way}`);
}

/**
 * A repository the registry's GitHub token may not write statuses on is refused where it is set, so its team hears it
 * from the publication and not from statuses that never come. Without a token the repository is a label only.
 */
function assertRepositoryAllowed(repository: string | undefined, config: Pick<Config, 'notify'>): void {
  const github = config.notify?.github;
  const parsed = parseRepository(repository);
  if (github?.token === undefined || parsed === undefined) return;
  const elsewhere = findRepositoryHostProblem(repository ?? '', github.apiUrl);
  if (elsewhere !== undefined) throw new ApiError('ERR_REPOSITORY_NOT_ALLOWED', `${elsewhere}: write it as owner/repo, or as a URL on that host`);
  const problem = findRepositoryProblem(parsed, github.repositories);
  if (problem === undefined) return;
  const way = "remove `repository:` from the service's overseer.yaml, or ask the registry's admin to add it";
  throw new ApiError('ERR_REPOSITORY_NOT_ALLOWED', `${problem}: ${way}`);
}

function serviceResponse() {
  return {
    type: 'object',
    required: ['status', 'service'],
    properties: { status: { type: 'string', enum: ['created', 'updated', 'unchanged'] }, service: ref('Service') },
  } as const;
}
