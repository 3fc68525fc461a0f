// Service and ingest tokens, issued and revoked by the admin. A token is shown once; the registry keeps its SHA-256 only.

import type { FastifyInstance } from 'fastify';
import type { IssuedToken, TokenEntry, TokenRequest } from '../../contracts/index.js';
import { checkBeforeBody, generateToken, hashToken } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import type { TokenRecord } from '../store/store.js';
import type { RouteDeps } from './deps.js';
import { KEY_PAGE_DESCRIPTION, KEY_PAGE_QUERY, keyPageOf, pageByName } from './key-pages.js';
import { BEARER, SERVICE_NAME } from './schemas.js';

const TOKEN_NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 200 } as const;

const TOKEN_ENTRY = {
  type: 'object',
  required: ['name', 'service', 'scope', 'createdAt'],
  properties: {
    name: { type: 'string' },
    service: { type: ['string', 'null'] },
    scope: { type: 'string', enum: ['service', 'ingest', 'admin'] },
    createdAt: { type: 'string' },
  },
} as const;

export async function registerTokenRoutes(app: FastifyInstance, { store, auth }: RouteDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.post<{ Body: TokenRequest }>(
    '/v1/tokens',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Issue a token for one service, or an ingest token that may only post telemetry (admin only)',
        description:
          'With `service`, the token may publish and record deployments for that service. With `ingest: true` (and no service), it may post ' +
          'OTLP exports to /v1/traces and /v1/metrics and nothing else. The token is in this response only. A second token with the same name is 409.',
        tags: ['tokens'],
        security: BEARER,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: TOKEN_NAME, service: SERVICE_NAME, ingest: { type: 'boolean' } },
        },
        response: {
          201: {
            type: 'object',
            required: ['name', 'service', 'token', 'createdAt'],
            properties: {
              name: { type: 'string' },
              service: { type: ['string', 'null'] },
              scope: { type: 'string', enum: ['ingest'] },
              token: { type: 'string' },
              createdAt: { type: 'string' },
            },
          },
          ...describeErrors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      await auth.requireAdmin(request);
      const { name, service, ingest } = request.body;
      if ((service === undefined) === (ingest !== true)) {
        throw new ApiError('ERR_TOKEN_INVALID', 'a token is either for one service ("service") or an ingest token ("ingest": true): give exactly one');
      }
      const token = generateToken();
      const record = await store.createToken({ name, service: service ?? null, hash: hashToken(token), ...(ingest && { scope: 'ingest' }) });
      const issued: IssuedToken = {
        name: record.name,
        service: record.service,
        ...(record.scope && { scope: record.scope }),
        token,
        createdAt: record.createdAt,
      };
      return reply.status(201).send(issued);
    },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/tokens',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'List the tokens: name, service, scope and creation time, never the token or its hash (admin only)',
        description:
          'Tokens issued with POST /v1/tokens (and admin tokens imported from a dump), by name. The admin token of ' +
          `OVERSEER_ADMIN_TOKEN is configuration, not a stored token, and is not listed. ${KEY_PAGE_DESCRIPTION}`,
        tags: ['tokens'],
        security: BEARER,
        querystring: KEY_PAGE_QUERY,
        response: { 200: keyPageOf('tokens', TOKEN_ENTRY), ...describeErrors(400, 401, 403) },
      },
    },
    async (request) => {
      await auth.requireAdmin(request);
      const { page, next } = await pageByName(request.query, (p) => store.listTokens(p));
      return { tokens: page.map(describeToken), ...(next !== undefined && { next }) };
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/tokens/:name',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Revoke a token (admin only)',
        tags: ['tokens'],
        security: BEARER,
        params: { type: 'object', required: ['name'], properties: { name: TOKEN_NAME } },
        response: { 204: { type: 'null', description: 'Revoked' }, ...describeErrors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.requireAdmin(request);
      if (!(await store.revokeToken(request.params.name))) throw new ApiError('ERR_TOKEN_UNKNOWN', `no token is named ${request.params.name}`);
      return reply.status(204).send();
    },
  );
}

// Only what a token may do: the hash would let anyone holding the list test guesses offline.
function describeToken(record: TokenRecord): TokenEntry {
  const scope = record.scope === 'ingest' ? 'ingest' : record.service === null ? 'admin' : 'service';
  return { name: record.name, service: record.service, scope, createdAt: record.createdAt };
}
