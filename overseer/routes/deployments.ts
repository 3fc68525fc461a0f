// Deployments: recording one (idempotent), environments, what runs where now, and the history.

import type { FastifyInstance } from 'fastify';
import { DEPLOYMENT_MODES, type DeploymentEndRequest, type DeploymentRequest } from '../../contracts/index.js';
import { ApiError, describeErrors } from '../errors.js';
import type { NotificationDeps } from './notifications.js';
import { BEARER, ENVIRONMENT_NAME, LIMIT, listOf, ref, SERVICE_NAME, VERSION_NAME } from './schemas.js';

export async function registerDeploymentRoutes(app: FastifyInstance, { store, auth, notifier }: NotificationDeps): Promise<void> {
  app.post<{ Body: DeploymentRequest }>(
    '/v1/deployments',
    {
      schema: {
        summary: 'Record that a version now runs in an environment',
        description:
          'mode `replace` (default) ends every deployed or rolling version of that service there (kept in the history); ' +
          "`rolling` runs beside them (a rollout or a canary); `release` marks it supported beside others (apps in users' hands), " +
          'which a plain deployment does not end. Idempotent: recording a live version again is 200 `unchanged`. ' +
          'The environment is created on first use.',
        tags: ['deployments'],
        security: BEARER,
        body: {
          type: 'object',
          required: ['service', 'version', 'environment'],
          additionalProperties: false,
          properties: { service: SERVICE_NAME, version: VERSION_NAME, environment: ENVIRONMENT_NAME, mode: { type: 'string', enum: [...DEPLOYMENT_MODES] } },
        },
        response: { 200: deploymentResponse(), 201: deploymentResponse(), ...describeErrors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.requireWriter(request, request.body.service);
      // A deployment that breaks a consumer deployed there is announced, enqueued in the deployment's transaction.
      const outbox = await notifier?.planDeployment(request.body);
      const result = await store.recordDeployment(request.body, outbox);
      if (outbox) notifier?.wake();
      return reply.status(result.status === 'created' ? 201 : 200).send(result);
    },
  );

  app.post<{ Body: DeploymentEndRequest }>(
    '/v1/deployments/end',
    {
      schema: {
        summary: 'End one live version: the end of a rollout, a canary withdrawn, or a release no longer supported',
        description: '`release: true` ends the support of a release; otherwise the deployed or rolling version ends. 404 when it is not live there.',
        tags: ['deployments'],
        security: BEARER,
        body: {
          type: 'object',
          required: ['service', 'version', 'environment'],
          additionalProperties: false,
          properties: { service: SERVICE_NAME, version: VERSION_NAME, environment: ENVIRONMENT_NAME, release: { type: 'boolean' } },
        },
        response: { 200: listOf('ended', 'Deployment'), ...describeErrors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await auth.requireWriter(request, request.body.service);
      return { ended: await store.endDeployment(request.body) };
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

  app.get(
    '/v1/environments',
    {
      schema: {
        summary: 'Every environment something was deployed to, by name',
        tags: ['deployments'],
        response: {
          200: {
            type: 'object',
            required: ['environments'],
            properties: {
              environments: {
                type: 'array',
                items: { type: 'object', required: ['name', 'createdAt'], properties: { name: { type: 'string' }, createdAt: { type: 'string' } } },
              },
            },
          },
          ...describeErrors(),
        },
      },
    },
    async () => ({ environments: await store.listEnvironments() }),
  );

  app.get<{ Params: { env: string } }>(
    '/v1/environments/:env/deployments',
    {
      schema: {
        summary: 'What runs in an environment now: every live version of each service (deployed, rolling, released)',
        tags: ['deployments'],
        params: { type: 'object', required: ['env'], properties: { env: ENVIRONMENT_NAME } },
        response: { 200: listOf('deployments', 'Deployment'), ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      const { env } = request.params;
      const deployments = await store.currentDeployments(env);
      if (deployments.length === 0 && !(await store.listEnvironments()).some((e) => e.name === env)) {
        throw new ApiError('ERR_ENVIRONMENT_UNKNOWN', `nothing was ever deployed to ${env}`);
      }
      return { deployments };
    },
  );
}

function deploymentResponse() {
  return {
    type: 'object',
    required: ['status', 'deployment'],
    properties: { status: { type: 'string', enum: ['created', 'unchanged'] }, deployment: ref('Deployment') },
  } as const;
}
