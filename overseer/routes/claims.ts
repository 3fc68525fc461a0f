// Hosts and API names: the admin gives one to the service it belongs to, taken from whichever service claimed it
// first. Without this, a name squatted by another service's manifest stayed its own for as long as it kept it.

import type { FastifyInstance } from 'fastify';
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
    kind: { type: 'string', enum: ['host', 'api'] },
    name: { type: 'string' },
    to: { type: 'string' },
    from: { type: ['string', 'null'], description: 'The service that held it before; null when none did' },
    status: { type: 'string', enum: ['moved', 'unchanged'] },
  },
} as const;

export async function registerClaimRoutes(app: FastifyInstance, { store, auth }: RouteDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
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
        if (!(await store.getService(request.body.service))) {
          const { service } = request.body;
          const way = `publish ${service} once without it, then claim it`;
          throw new ApiError(
            'ERR_SERVICE_UNKNOWN',
            `unknown service ${service}: a ${kind === 'host' ? 'host' : 'API name'} is given to a registered service; ${way}`,
          );
        }
        const moved = await store.moveClaim({ kind, name: request.params.name, to: request.body.service });
        const { from, to, name } = moved;
        // The request's log line is the audit trail of admin actions: who moved what from whom.
        const words = moved.status === 'unchanged' ? `${kind} ${name} stays with ${to}` : `${kind} ${name} moved from ${from ?? 'nobody'} to ${to}`;
        noteOnRequestLog(request, { claim: kind, name, from, to, by: principal.name }, `${words} by ${principal.name}`);
        return moved;
      },
    );
  }
}
