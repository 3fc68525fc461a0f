// Hosts, API names and repositories: the admin gives one to the service it belongs to, taken from whichever service
// claimed it first. Without this, a name squatted by another service's manifest stayed its own for as long as it kept it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HOST_NAME_PATTERN, type MovedClaim } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { noteOnRequestLog } from '../request-log.js';
import type { RouteDeps } from './deps.js';
import { BEARER, SERVICE_NAME } from './schemas.js';

const KINDS = [
  { kind: 'host', path: '/v1/hosts/:name', what: 'host', param: { type: 'string', maxLength: 253, pattern: HOST_NAME_PATTERN } },
  { kind: 'api', path: '/v1/apis/:name', what: 'Backstage API name (`spec.providesApis`)', param: SERVICE_NAME },
] as const;

const MOVED = {
  type: 'object',
  required: ['kind', 'name', 'to', 'from', 'status'],
  properties: {
    kind: { type: 'string', enum: ['host', 'api', 'repository'] },
    name: { type: 'string' },
    to: { type: 'string' },
    from: { type: ['string', 'null'], description: 'The service that held it before; null when none did' },
    share: { type: 'boolean' },
    status: { type: 'string', enum: ['moved', 'shared', 'unchanged'] },
  },
} as const;

const REPOSITORY_PART = { type: 'string', minLength: 1, maxLength: 100, pattern: '^(?!\\.+$)[A-Za-z0-9_.-]+$' } as const;

export async function registerClaimRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store, auth } = deps;
  const beforeBody = checkBeforeBody(auth);
  registerRepositoryClaim(app, deps);
  for (const { kind, path, what, param } of KINDS) {
    app.put<{ Params: { name: string }; Body: { service: string } }>(
      path,
      {
        onRequest: beforeBody.admin,
        schema: {
          summary: `Give a ${kind === 'host' ? 'host' : 'API name'} to a service, taking it from the service that holds it (admin only)`,
          description:
            `A ${what} names one service, and the first to list it holds it: when another service took one that is not its own ` +
            "(409 on the rightful owner's publication), the admin gives it to `service` here. The holder loses it in the same " +
            "transaction, and its next publication listing it is refused with 409. Logged with the admin's name.",
          tags: ['services'],
          security: BEARER,
          params: { type: 'object', required: ['name'], properties: { name: param } },
          body: { type: 'object', required: ['service'], additionalProperties: false, properties: { service: SERVICE_NAME } },
          response: { 200: MOVED, ...describeErrors(400, 401, 403, 404, 409) },
        },
      },
      async (request): Promise<MovedClaim> => {
        const principal = await auth.requireAdmin(request);
        await requireRegistered(deps, request.body.service, kind === 'host' ? 'host' : 'API name');
        const moved = await store.moveClaim({ kind, name: request.params.name, to: request.body.service });
        noteMove(request, moved, principal.name);
        return moved;
      },
    );
  }
}

/** A repository as the services' statuses go to it: a monorepo's services share it, so the admin may add one beside the others. */
function registerRepositoryClaim(app: FastifyInstance, deps: RouteDeps): void {
  app.put<{ Params: { owner: string; repo: string }; Body: { service: string; share?: boolean } }>(
    '/v1/repositories/:owner/:repo',
    {
      onRequest: checkBeforeBody(deps.auth).admin,
      schema: {
        summary: 'Give a repository to a service, taking it from the services that name it, or sharing it with them (admin only)',
        description:
          "A repository is the first service's to name it (`repository:`): another service naming it is refused with 409 " +
          '`ERR_REPOSITORY_TAKEN`, since its commit statuses would land on that repository. The admin gives it to `service` ' +
          'here: the services naming it lose it in the same transaction, or, with `share: true` (a monorepo), keep it beside ' +
          "`service`. Logged with the admin's name.",
        tags: ['services'],
        security: BEARER,
        params: { type: 'object', required: ['owner', 'repo'], properties: { owner: REPOSITORY_PART, repo: REPOSITORY_PART } },
        body: {
          type: 'object',
          required: ['service'],
          additionalProperties: false,
          properties: { service: SERVICE_NAME, share: { type: 'boolean', description: 'Keep it with the services that name it too' } },
        },
        response: { 200: MOVED, ...describeErrors(400, 401, 403, 404, 409) },
      },
    },
    async (request): Promise<MovedClaim> => {
      const principal = await deps.auth.requireAdmin(request);
      await requireRegistered(deps, request.body.service, 'repository');
      const name = `${request.params.owner}/${request.params.repo}`;
      const moved = await deps.store.moveClaim({ kind: 'repository', name, to: request.body.service, share: request.body.share === true });
      noteMove(request, moved, principal.name);
      return moved;
    },
  );
}

async function requireRegistered({ store }: RouteDeps, service: string, what: string): Promise<void> {
  if (await store.getService(service)) return;
  const way = `publish ${service} once without it, then claim it`;
  throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${service}: a ${what} is given to a registered service; ${way}`);
}

// The request's log line is the audit trail of admin actions: who moved what from whom.
function noteMove(request: FastifyRequest, moved: MovedClaim, by: string): void {
  const { kind, from, to, name } = moved;
  const words =
    moved.status === 'unchanged'
      ? `${kind} ${name} stays with ${to}`
      : moved.status === 'shared'
        ? `${kind} ${name} shared by ${from} with ${to}`
        : `${kind} ${name} moved from ${from ?? 'nobody'} to ${to}`;
  noteOnRequestLog(request, { claim: kind, name, from, to, by }, `${words} by ${by}`);
}
