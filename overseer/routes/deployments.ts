// Deployments: recording one (idempotent) in an environment that exists, and the history.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEPLOYMENT_MODES, type DeploymentEndRequest, type DeploymentRequest } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import { describeErrors } from '../errors.js';
import { findUndeployedProviders } from '../gather/undeployed-providers.js';
import { findUnmetUses, warnUnmet } from '../gather/unmet-uses.js';
import type { Notifier } from '../notify/notifier.js';
import { writeKeyOf } from '../store/write-keys.js';
import { requireEnvironment } from './environments.js';
import type { NotificationDeps } from './notifications.js';
import { BEARER, ENVIRONMENT_NAME, LIMIT, listOf, REASON, ref, SERVICE_NAME, VERSION_NAME, WRITE_KEY_HEADERS } from './schemas.js';

/**
 * Who uses what changed there: deprecated parts freed by it are announced. The deployment is recorded already and
 * stands; a failed check is logged, and the periodic one announces what this one missed.
 */
async function announceReady(request: FastifyRequest, notifier: Notifier | undefined, where: { service: string; environment: string }): Promise<void> {
  try {
    await notifier?.afterDeployment(where.service, where.environment);
  } catch (error) {
    request.log.error({ err: error }, 'checking migrations after the deployment failed; the periodic check will');
  }
}

export async function registerDeploymentRoutes(app: FastifyInstance, { store, auth, notifier, work }: NotificationDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.post<{ Body: DeploymentRequest }>(
    '/v1/deployments',
    {
      onRequest: beforeBody.someWriter,
      schema: {
        summary: 'Record that a version now runs in an environment',
        description:
          'A provider the version declares that has no version live there is named in `warnings` (`provider-not-deployed`): the ' +
          'deployment is recorded all the same, since it happened, but its calls to that provider will fail there. ' +
          "A use its provider live there lacks (an operation, a field, a status: the gate's consumer-side reasons) is named in " +
          "`warnings` (`use-unmet`, naming provider, version, operation and field) and listed in `unmet` as the gate's reasons, " +
          'and announced as `deployment.unmet` to the owners of both. ' +
          'mode `replace` (default) ends every deployed or rolling version of that service there (kept in the history); ' +
          "`rolling` runs beside them (a rollout or a canary); `release` marks it supported beside others (apps in users' hands), " +
          'which a plain deployment does not end. Idempotent: recording a live version again is 200 `unchanged`; sent again with ' +
          'its `Idempotency-Key`, it is given its first answer, even after another deployment was recorded since. ' +
          'The environment must exist (`POST /v1/environments`): a misspelled one is 404 ERR_ENVIRONMENT_UNKNOWN, never a new environment.',
        tags: ['deployments'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
        body: targetBody({ mode: { type: 'string', enum: [...DEPLOYMENT_MODES] } }),
        response: { 200: deploymentResponse(), 201: deploymentResponse(), ...describeErrors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { writer } = await auth.requireWriter(request, request.body.service);
      await requireEnvironment(store, request.body.environment);
      // What the version uses that its providers live there lack: the same before the write as after it, since a
      // provider's versions there are not this write's (its use of itself is met wherever it runs).
      const unmet = await findUnmetUses({ store, work }, request.body);
      // A deployment that breaks a consumer deployed there, or misses what it uses, is announced, enqueued in the
      // deployment's transaction.
      const outbox = await notifier?.planDeployment(request.body, unmet);
      const result = await store.recordDeployment(
        request.body,
        outbox,
        writeKeyOf(request.headers['idempotency-key'], { writer, route: request.routeOptions.url ?? request.url, body: request.body }),
      );
      // A repeat of a write its key remembers is given the first answer: nothing was written or enqueued now.
      if (outbox && !result.repeated) notifier?.wake();
      if (result.status === 'created' && !result.repeated) await announceReady(request, notifier, request.body);
      const warnings = [...(await findUndeployedProviders(store, request.body)), ...unmet.map((r) => warnUnmet(r, request.body.environment))];
      const answer = { ...result, ...(warnings.length > 0 && { warnings }), ...(unmet.length > 0 && { unmet }) };
      return reply.status(result.status === 'created' ? 201 : 200).send(answer);
    },
  );

  app.post<{ Body: DeploymentEndRequest }>(
    '/v1/deployments/end',
    {
      onRequest: beforeBody.someWriter,
      schema: {
        summary: 'End one live version: the end of a rollout, a canary withdrawn, or a release no longer supported',
        description: '`release: true` ends the support of a release; otherwise the deployed or rolling version ends. 404 when it is not live there.',
        tags: ['deployments'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
        body: targetBody({ release: { type: 'boolean' } }),
        response: { 200: listOf('ended', 'Deployment'), ...describeErrors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { writer } = await auth.requireWriter(request, request.body.service);
      // A misspelled environment would otherwise read as "not deployed in prodution".
      await requireEnvironment(store, request.body.environment);
      const ended = await store.endDeployment(
        request.body,
        writeKeyOf(request.headers['idempotency-key'], { writer, route: request.routeOptions.url ?? request.url, body: request.body }),
      );
      await announceReady(request, notifier, request.body);
      return { ended };
    },
  );

  app.get<{ Querystring: { service?: string; environment?: string; limit?: number } }>(
    '/v1/deployments',
    {
      schema: {
        summary: 'Deployment history, newest first',
        tags: ['deployments'],
        querystring: { type: 'object', additionalProperties: false, properties: { service: SERVICE_NAME, environment: ENVIRONMENT_NAME, limit: LIMIT } },
        response: { 200: listOf('deployments', 'Deployment'), ...describeErrors(400) },
      },
    },
    async (request) => ({ deployments: await store.deploymentHistory(request.query) }),
  );
}

/** Which version of which service where: what both a deployment and its end name, and one more option. */
function targetBody(option: Record<string, unknown>) {
  return {
    type: 'object',
    required: ['service', 'version', 'environment'],
    additionalProperties: false,
    properties: { service: SERVICE_NAME, version: VERSION_NAME, environment: ENVIRONMENT_NAME, ...option },
  } as const;
}

function deploymentResponse() {
  return {
    type: 'object',
    required: ['status', 'deployment'],
    properties: {
      status: { type: 'string', enum: ['created', 'unchanged'] },
      deployment: ref('Deployment'),
      warnings: { type: 'array', items: ref('Notice') },
      unmet: { type: 'array', items: REASON },
    },
  } as const;
}
