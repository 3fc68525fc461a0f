// Webhook subscriptions (admin only): a URL on the allowlist, the events it wants, and the secret that signs them.

import type { FastifyInstance } from 'fastify';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { findAddressProblem } from '../notify/address-check.js';
import { findUrlProblem, type WebhookPolicy } from '../notify/allowlist.js';
import { EVENT_TYPES } from '../notify/events.js';
import type { WebhookInput, WebhookRecord } from '../store/store.js';
import type { RouteDeps } from './deps.js';
import { KEY_PAGE_DESCRIPTION, KEY_PAGE_QUERY, keyPageOf, pageById } from './key-pages.js';
import { BEARER } from './schemas.js';

const MIN_SECRET_LENGTH = 16;

const WEBHOOK_SCHEMA = {
  type: 'object',
  required: ['id', 'url', 'events', 'createdAt'],
  description: 'A subscription; its secret is never shown again.',
  properties: { id: { type: 'integer' }, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } }, createdAt: { type: 'string' } },
} as const;

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

function hideSecret({ secret: _secret, ...rest }: WebhookRecord): Omit<WebhookRecord, 'secret'> {
  return rest;
}

export async function registerWebhookRoutes(app: FastifyInstance, { store, auth, config }: RouteDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  const policy: WebhookPolicy = config.notify?.webhooks ?? { allowedHosts: [], allowHttp: false };

  app.post<{ Body: WebhookInput }>(
    '/v1/webhooks',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Subscribe a URL to events (admin only)',
        description:
          'Each event is POSTed as JSON with `X-Overseer-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the body with `secret`. ' +
          'The host must be on OVERSEER_WEBHOOK_ALLOWED_HOSTS, and the URL https unless OVERSEER_WEBHOOK_ALLOW_HTTP=true: otherwise 400.',
        tags: ['notifications'],
        security: BEARER,
        body: {
          type: 'object',
          required: ['url', 'events', 'secret'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 2000 },
            events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['*', ...EVENT_TYPES] } },
            secret: { type: 'string', minLength: MIN_SECRET_LENGTH, maxLength: 500 },
          },
        },
        response: { 201: WEBHOOK_SCHEMA, ...describeErrors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await auth.requireAdmin(request);
      const problem = findUrlProblem(request.body.url, policy) ?? (await findAddressProblem(request.body.url));
      if (problem) throw new ApiError('ERR_WEBHOOK_INVALID', `webhook refused: ${problem}`);
      const record = await store.createWebhook(request.body);
      return reply.status(201).send(hideSecret(record));
    },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/webhooks',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'The webhook subscriptions, by id, without secrets, a page at a time (admin only)',
        description: KEY_PAGE_DESCRIPTION,
        tags: ['notifications'],
        security: BEARER,
        querystring: KEY_PAGE_QUERY,
        response: { 200: keyPageOf('webhooks', WEBHOOK_SCHEMA), ...describeErrors(400, 401, 403) },
      },
    },
    async (request) => {
      await auth.requireAdmin(request);
      const { page, next } = await pageById(request.query, (p) => store.listWebhooks(p));
      return { webhooks: page.map(hideSecret), ...(next !== undefined && { next }) };
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/v1/webhooks/:id',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Unsubscribe a webhook (admin only); its pending notifications then fail as undeliverable',
        tags: ['notifications'],
        security: BEARER,
        params: ID_PARAMS,
        response: { 204: { type: 'null', description: 'Deleted' }, ...describeErrors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.requireAdmin(request);
      if (!(await store.deleteWebhook(request.params.id))) throw new ApiError('ERR_WEBHOOK_UNKNOWN', `no webhook #${request.params.id}`);
      return reply.status(204).send();
    },
  );
}
