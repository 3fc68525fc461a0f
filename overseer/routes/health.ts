// Liveness for load balancers and the CLI's "is it up" probe, with the counts an operator watches under load; a replica
// older than its database (a rolling upgrade left it running) answers 503, so that a load balancer takes it out.

import type { FastifyInstance } from 'fastify';
import type { StoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { WORK_LANES } from '../work/lanes.js';
import type { RouteDeps } from './deps.js';

const COUNT = { type: 'integer' } as const;
const OBSERVE_HEALTH = {
  type: 'object',
  description:
    'Observed calls waiting for the store, dropped while it refused writes (oldest first), and callers refused past OVERSEER_MAX_OBSERVED_CONSUMERS.',
  required: ['unwritten', 'dropped', 'refused', 'refusedCallers'],
  properties: { unwritten: COUNT, dropped: COUNT, refused: COUNT, refusedCallers: COUNT },
} as const;
const WORK_HEALTH = {
  type: 'object',
  description: "Tasks waiting for a worker in each lane of the pool (publications, gate decisions, OTLP exports, other reads, strangers' requests).",
  required: ['waiting'],
  properties: { waiting: { type: 'object', required: WORK_LANES, properties: Object.fromEntries(WORK_LANES.map((lane) => [lane, COUNT])) } },
} as const;
// Absent from older registries, which would record a deployment sent again twice: the CLI sends one again only when this is true.
const WRITE_KEYS = {
  type: 'boolean',
  description:
    'This registry remembers the `Idempotency-Key` of the writes `keyedWrites` names (kept a day, each token’s apart): a client whose answer was lost may send the write again with its key.',
} as const;
// Which writes, by method and path: a CLI sends one of them again only when it is named (a registry of round 33 said
// writeKeys and kept the keys of deployments alone, so a token sent again there would be made twice).
// A route with a parameter is named with it (`:name`, `:id`): a client matches any value there.
const KEYED_WRITES = [
  'POST /v1/deployments',
  'POST /v1/deployments/end',
  'POST /v1/tokens',
  'POST /v1/environments',
  'DELETE /v1/tokens/:name',
  'POST /v1/notifications/:id/retry',
] as const;
const KEYED_WRITES_SCHEMA = {
  type: 'array',
  items: { type: 'string' },
  description:
    'The writes (method and path) whose `Idempotency-Key` this registry remembers, each sent again safely with its key; a path parameter is named (`:name`, `:id`) and stands for any value.',
} as const;
const REFUSING = {
  type: 'object',
  description: 'A newer Overseer migrated the database under this replica: it refuses every write (ERR_STORE_SCHEMA) until it is upgraded.',
  required: ['status', 'code', 'message'],
  properties: {
    status: { type: 'string', enum: ['refusing-writes'] },
    writeKeys: WRITE_KEYS,
    keyedWrites: KEYED_WRITES_SCHEMA,
    code: { type: 'string' },
    message: { type: 'string' },
    observe: OBSERVE_HEALTH,
    work: WORK_HEALTH,
  },
} as const;

/** How often, at most, /healthz has the store's schema looked at: one query per replica however often it is asked. */
const SCHEMA_LOOK_MS = 5_000;

/**
 * The last look's refusal, and a new look started once the last is `SCHEMA_LOOK_MS` old. Never waited for: a liveness
 * answer must not hang on a slow database, and a load balancer that asks again reads the look this ask started.
 */
function watchSchema(store: Store, onError: (error: unknown) => void): () => StoreError | undefined {
  let refusal: StoreError | undefined;
  let lookedAt = Number.NEGATIVE_INFINITY;
  let looking = false;
  // A database out of reach for an hour is one line in the log, not one per look.
  let failing = false;
  return () => {
    if (!looking && performance.now() - lookedAt >= SCHEMA_LOOK_MS) {
      looking = true;
      lookedAt = performance.now();
      store
        .checkSchema()
        .then(
          (found) => {
            refusal = found;
            failing = false;
          },
          (error: unknown) => {
            if (!failing) onError(error);
            failing = true;
          },
        )
        .finally(() => (looking = false));
    }
    return refusal;
  };
}

export async function registerHealthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const refusal = watchSchema(deps.store, (error) => app.log.warn({ err: error }, "/healthz: reading the database's migrations failed"));
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        description: 'Answers 503 while the database was migrated by a newer Overseer (ERR_STORE_SCHEMA), seen within 5 s of a look.',
        tags: ['meta'],
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: {
              status: { type: 'string', enum: ['ok'] },
              writeKeys: WRITE_KEYS,
              keyedWrites: KEYED_WRITES_SCHEMA,
              observe: OBSERVE_HEALTH,
              work: WORK_HEALTH,
            },
          },
          503: REFUSING,
        },
      },
    },
    async (_request, reply) => {
      const observe = deps.observer.health();
      const work = { waiting: deps.work.waiting() };
      const refused = refusal();
      if (!refused) return { status: 'ok' as const, writeKeys: true, keyedWrites: KEYED_WRITES, observe, work };
      return reply
        .status(503)
        .send({ status: 'refusing-writes' as const, writeKeys: true, keyedWrites: KEYED_WRITES, code: refused.code, message: refused.message, observe, work });
    },
  );
}
