// Liveness for load balancers and the CLI's "is it up" probe.

import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.js';

export async function registerHealthRoutes(app: FastifyInstance, _deps: RouteDeps): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['meta'],
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
}
