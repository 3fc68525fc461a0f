// Which requests were admitted to the anonymous lane (admission.ts), and the pool as each may use it: kept apart from
// admission.ts so that the routes and raw-upload.ts can ask without importing the admission's refusal bodies.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WorkPool } from './pool.js';

const anonymousRequests = new WeakSet<FastifyRequest>();
const strangersRequests = new WeakSet<FastifyRequest>();

/** Marks `request` as a stranger's: every task it asks of the pool waits in the anonymous lane. */
export function markAnonymous(request: FastifyRequest): void {
  anonymousRequests.add(request);
}

/** Marks `request` as sent without a token to a registry that has tokens: its tasks take at most half of a lane's queue. */
export function markStranger(request: FastifyRequest): void {
  strangersRequests.add(request);
}

/**
 * The pool as `request` may use it: every task in the anonymous lane when it was admitted there; a stranger's tasks
 * held to half of each lane's queue, so that the reads strangers ask for (pages, listings) never take all of it.
 */
export function workFor<W extends Pick<WorkPool, 'anonymous' | 'strangers'>>(request: FastifyRequest, work: W): W | WorkPool {
  if (anonymousRequests.has(request)) return work.anonymous;
  return strangersRequests.has(request) ? work.strangers : work;
}

/**
 * Room for a heavy page a visitor asked for (the dashboard's comparison of two versions), in the anonymous lane as a
 * stranger's check: held until the page is sent or its connection closes. Undefined when the lane is full: the page
 * then answers Busy before reading anything. Pages carry no token, so every visitor's comparison waits there.
 */
export function admitVisitor(request: FastifyRequest, reply: FastifyReply, work: Pick<WorkPool, 'admit' | 'anonymous'>): WorkPool | undefined {
  const release = work.admit('anonymous');
  if (!release) return undefined;
  reply.raw.once('close', release);
  markAnonymous(request);
  return work.anonymous;
}
