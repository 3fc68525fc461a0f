// Service and ingest tokens, issued and revoked by the admin. A token is shown once; the registry keeps its SHA-256 only.

import type { FastifyInstance } from 'fastify';
import type { IssuedToken, TokenEntry, TokenRequest } from '../../contracts/index.js';
import { checkBeforeBody, generateToken, hashToken } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import type { RepeatedToken, RevokedTokenRecord, TokenRecord } from '../store/store.js';
import { writeKeyOf } from '../store/write-keys.js';
import type { RouteDeps } from './deps.js';
import { KEY_PAGE_DESCRIPTION, KEY_PAGE_QUERY, keyPageOf, pageById, pageByName } from './key-pages.js';
import { BEARER, SERVICE_NAME, WRITE_KEY_HEADERS } from './schemas.js';

const TOKEN_NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 200 } as const;

const TOKEN_ENTRY = {
  type: 'object',
  required: ['name', 'service', 'scope', 'createdAt'],
  properties: {
    name: { type: 'string' },
    service: { type: ['string', 'null'] },
    scope: { type: 'string', enum: ['service', 'ingest', 'admin'] },
    createdAt: { type: 'string' },
    revokedAt: { type: 'string', description: 'when it was revoked: only in the listing of revoked tokens' },
    revokedBy: { type: 'string', description: 'the admin token that revoked it: `admin` for OVERSEER_ADMIN_TOKEN, else its name' },
  },
} as const;

const TOKEN_LIST_QUERY = {
  ...KEY_PAGE_QUERY,
  properties: { ...KEY_PAGE_QUERY.properties, revoked: { type: 'boolean', description: 'list the revoked tokens instead, in the order they were revoked' } },
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
          'OTLP exports to /v1/traces and /v1/metrics and nothing else. The token is in this response only. A second token with the same name is 409. ' +
          'Sent again with its `Idempotency-Key` (its answer lost), it creates nothing: the token made by the first sending cannot be shown ' +
          'again (only its hash is kept), so the repeat is 409 ERR_TOKEN_NOT_SHOWN naming it, to be revoked and created anew.',
        tags: ['tokens'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
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
      const { writer } = await auth.requireAdmin(request);
      const { name, service, ingest } = request.body;
      if ((service === undefined) === (ingest !== true)) {
        throw new ApiError('ERR_TOKEN_INVALID', 'a token is either for one service ("service") or an ingest token ("ingest": true): give exactly one');
      }
      const token = generateToken();
      const input = { name, service: service ?? null, hash: hashToken(token), ...(ingest && { scope: 'ingest' as const }) };
      const record = await store.createToken(input, writeKeyOf(request.headers['idempotency-key'], { writer, route: '/v1/tokens', body: request.body }));
      if ('repeated' in record) throw notShownAgain(record);
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

  app.get<{ Querystring: { limit?: number; cursor?: string; revoked?: boolean } }>(
    '/v1/tokens',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'List the tokens: name, service, scope and creation time, never the token or its hash (admin only)',
        description:
          'Tokens issued with POST /v1/tokens (and admin tokens imported from a dump), by name. The admin token of ' +
          `OVERSEER_ADMIN_TOKEN is configuration, not a stored token, and is not listed. With \`revoked=true\`, the revoked tokens ` +
          `instead, oldest revocation first, each with when and by whom (a name revoked, issued again and revoked again is listed twice). ${KEY_PAGE_DESCRIPTION}`,
        tags: ['tokens'],
        security: BEARER,
        querystring: TOKEN_LIST_QUERY,
        response: { 200: keyPageOf('tokens', TOKEN_ENTRY), ...describeErrors(400, 401, 403) },
      },
    },
    async (request) => {
      await auth.requireAdmin(request);
      const { revoked, ...query } = request.query;
      const { page, next } = revoked
        ? await pageById<RevokedTokenRecord>(query, (p) => store.listRevokedTokens(p))
        : await pageByName<TokenRecord>(query, (p) => store.listTokens(p));
      return { tokens: page.map(describeToken), ...(next !== undefined && { next }) };
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/v1/tokens/:name',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Revoke a token (admin only)',
        description:
          'The token is refused from then on, and kept as revoked: a request presenting it is told so (401), and revoking the name ' +
          'again, with no live token of that name, is 410 saying when and by whom. A name never issued is 404. Sent again with its ' +
          '`Idempotency-Key` (its answer lost), it is given its first answer, 204, not 410 as if someone else had revoked it.',
        tags: ['tokens'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
        params: { type: 'object', required: ['name'], properties: { name: TOKEN_NAME } },
        response: { 204: { type: 'null', description: 'Revoked' }, ...describeErrors(400, 401, 403, 404, 410) },
      },
    },
    async (request, reply) => {
      const admin = await auth.requireAdmin(request);
      const { name } = request.params;
      const route = `/v1/tokens/${name}`;
      const revocation = await store.revokeToken(name, admin.name, writeKeyOf(request.headers['idempotency-key'], { writer: admin.writer, route, body: null }));
      if (revocation === undefined) throw new ApiError('ERR_TOKEN_UNKNOWN', `no token is named ${name}`);
      if (revocation.already) {
        const { revokedAt, revokedBy } = revocation.token;
        throw new ApiError('ERR_TOKEN_REVOKED', `token ${name} was revoked already, at ${revokedAt} by ${revokedBy}: requests that present it are refused`);
      }
      return reply.status(204).send();
    },
  );
}

// The secret was in the lost answer alone: nobody holds the token, and the registry cannot make it again from its hash.
function notShownAgain(record: RepeatedToken): ApiError {
  const what = record.scope === 'ingest' ? `ingest token "${record.name}"` : `token "${record.name}" for ${record.service}`;
  return new ApiError(
    'ERR_TOKEN_NOT_SHOWN',
    `the ${what} was created at ${record.createdAt} by an earlier sending of this request (the same Idempotency-Key), ` +
      `whose answer was lost: the token was in that answer only and the registry keeps its hash alone, so it cannot be shown again. ` +
      `Revoke it (DELETE /v1/tokens/${record.name}) and create another`,
  );
}

// Only what a token may do: the hash would let anyone holding the list test guesses offline.
function describeToken(record: TokenRecord): TokenEntry {
  const scope = record.scope === 'ingest' ? 'ingest' : record.service === null ? 'admin' : 'service';
  const { revokedAt, revokedBy } = record;
  return { name: record.name, service: record.service, scope, createdAt: record.createdAt, ...(revokedAt !== undefined && { revokedAt, revokedBy }) };
}
