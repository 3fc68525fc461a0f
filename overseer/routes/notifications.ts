// The outbox over HTTP: what was sent, what waits and what is stuck (and why), and retrying one by hand.

import type { FastifyInstance } from 'fastify';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { hideUrlPaths } from '../notify/allowlist.js';
import { EVENT_TYPES } from '../notify/events.js';
import type { Notifier } from '../notify/notifier.js';
import { readServiceGaps } from '../notify/service-gaps.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, type NotificationRecord, type NotificationStatus } from '../store/store.js';
import { writeKeyOf } from '../store/write-keys.js';
import type { RouteDeps } from './deps.js';
import { BEARER, LIMIT, WRITE_KEY_HEADERS } from './schemas.js';

export interface NotificationDeps extends RouteDeps {
  notifier?: Notifier;
}

const NULLABLE_TIME = { type: ['string', 'null'] } as const;

const NOTIFICATION_SCHEMA = {
  type: 'object',
  required: ['id', 'key', 'event', 'channel', 'target', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'createdAt', 'updatedAt', 'deliveredAt'],
  properties: {
    id: { type: 'integer' },
    key: { type: 'string', description: 'The idempotency key: one delivery per event and destination' },
    event: { type: 'string', description: `one of ${EVENT_TYPES.join(', ')}` },
    channel: { type: 'string', enum: NOTIFICATION_CHANNELS },
    target: { type: 'string' },
    headline: { type: 'string' },
    status: { type: 'string', enum: NOTIFICATION_STATUSES, description: '`failed` is the dead letter: no attempt is left' },
    attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'], description: 'Why the last attempt failed' },
    nextAttemptAt: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    deliveredAt: NULLABLE_TIME,
    verdictId: { type: 'integer' },
  },
} as const;

const GAP_SCHEMA = {
  type: 'object',
  required: ['service', 'kind', 'names', 'problem', 'fix'],
  properties: {
    service: { type: 'string' },
    kind: { type: 'string', enum: ['slack-channel', 'repository', 'shared-repository'] },
    names: { type: 'string', description: 'The Slack channel or repository the service names' },
    problem: { type: 'string', description: 'Why its notifications there fail when sent' },
    fix: { type: 'string', description: 'What to do: change the manifest, or the registry setting' },
  },
} as const;

// A narrowed Slack list can leave every service of thousands a gap: the answer stays bounded, as the outbox's list is.
const GAPS_LISTED = 1000;

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

/** A row as the API shows it: the event's headline rather than the whole payload. */
function toNotificationView(record: NotificationRecord): Omit<NotificationRecord, 'payload'> & { headline?: string } {
  const { payload, ...rest } = record;
  const headline = (payload as { event?: { headline?: unknown } } | null)?.event?.headline;
  // Anyone reads the outbox: a webhook's row names its origin, not the path or query that may hold its secret.
  const hidden = rest.channel === 'webhook' && { key: hideUrlPaths(rest.key), target: hideUrlPaths(rest.target) };
  return { ...rest, ...hidden, ...(typeof headline === 'string' && { headline }) };
}

export async function registerNotificationRoutes(app: FastifyInstance, { store, auth, notifier, config }: NotificationDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.get<{ Querystring: { status?: NotificationStatus; limit?: number } }>(
    '/v1/notifications',
    {
      schema: {
        summary: 'Notifications to Slack, GitHub and webhooks, newest first: `?status=failed` shows what is stuck and why',
        description:
          '`gaps` lists, per service, what it names that the registry will not notify (a Slack channel or repository off ' +
          'OVERSEER_SLACK_CHANNELS or OVERSEER_GITHUB_REPOSITORIES, a repository shared while the status context has no {service}) and what to do.',
        tags: ['notifications'],
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: NOTIFICATION_STATUSES }, limit: LIMIT } },
        response: {
          200: {
            type: 'object',
            required: ['notifications', 'gaps', 'gapsTotal'],
            properties: {
              notifications: { type: 'array', items: NOTIFICATION_SCHEMA },
              gaps: { type: 'array', items: GAP_SCHEMA, description: `The first ${GAPS_LISTED} by service name` },
              gapsTotal: { type: 'integer', description: 'How many gaps there are in all' },
            },
          },
          ...describeErrors(400),
        },
      },
    },
    async (request) => {
      const [notifications, gaps] = await Promise.all([store.listNotifications(request.query), readServiceGaps(store, config.notify)]);
      return { notifications: notifications.map(toNotificationView), gaps: gaps.slice(0, GAPS_LISTED), gapsTotal: gaps.length };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/v1/notifications/:id',
    {
      schema: {
        summary: 'One notification, with the event it carries',
        tags: ['notifications'],
        params: ID_PARAMS,
        response: {
          200: {
            ...NOTIFICATION_SCHEMA,
            required: [...NOTIFICATION_SCHEMA.required, 'payload'],
            properties: { ...NOTIFICATION_SCHEMA.properties, payload: { type: 'object', additionalProperties: true } },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request) => {
      const record = await store.getNotification(request.params.id);
      if (!record) throw new ApiError('ERR_NOTIFICATION_UNKNOWN', `no notification #${request.params.id}`);
      return { ...toNotificationView(record), payload: record.payload };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/v1/notifications/:id/retry',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Retry a failed (or waiting) notification now, with a fresh count of attempts (admin only)',
        description:
          'A delivered notification is never sent again: 409 ERR_NOTIFICATION_DELIVERED. Nor is one a worker is sending now (its lease has not run ' +
          'out): 409 ERR_NOTIFICATION_SENDING, and the retry changes nothing, so that a retry sent twice (its answer lost) posts no second copy. ' +
          'Sent again with its `Idempotency-Key`, a retry that took effect is given its first answer (200, as it was then), not 409 for the worker it woke.',
        tags: ['notifications'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
        params: ID_PARAMS,
        response: {
          200: { type: 'object', required: ['notification'], properties: { notification: NOTIFICATION_SCHEMA } },
          ...describeErrors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const { writer } = await auth.requireAdmin(request);
      const route = `/v1/notifications/${request.params.id}/retry`;
      const record = await store.retryNotification(request.params.id, writeKeyOf(request.headers['idempotency-key'], { writer, route, body: null }));
      if (!record) throw new ApiError('ERR_NOTIFICATION_UNKNOWN', `no notification #${request.params.id}`);
      if (record.status === 'delivered')
        throw new ApiError('ERR_NOTIFICATION_DELIVERED', `notification #${record.id} was delivered at ${record.deliveredAt}: it is not sent twice`);
      if (record.sendingUntil !== undefined)
        throw new ApiError(
          'ERR_NOTIFICATION_SENDING',
          `notification #${record.id} is being sent now (a worker holds it until ${record.sendingUntil}): it is not sent twice; ` +
            `look at how it went (GET /v1/notifications/${record.id}), and retry it after that time if it failed`,
        );
      if (!record.repeated) notifier?.wake();
      return { notification: toNotificationView(record) };
    },
  );
}
