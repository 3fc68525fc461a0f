// Liveness for load balancers and the CLI's "is it up" probe, with the counts an operator watches under load.

import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './deps.js';

const COUNT = { type: 'integer' } as const;
const OBSERVE_HEALTH = {
  type: 'object',
  description:
    'Observed calls waiting for the store, dropped while it refused writes (oldest first), and callers refused past OVERSEER_MAX_OBSERVED_CONSUMERS.',
  required: ['unwritten', 'dropped', 'refused', 'refusedCallers'],
  properties: { unwritten: COUNT, dropped: COUNT, refused: COUNT, refusedCallers: COUNT },
} as const;

export async function registerHealthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['meta'],
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] }, observe: OBSERVE_HEALTH } },
        },
      },
    },
    async () => ({ status: 'ok' as const, observe: deps.observer.health() }),
  );
}
