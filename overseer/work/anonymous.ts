// Which requests were admitted to the anonymous lane (admission.ts), and the pool as each may use it: kept apart from
// admission.ts so that the routes and raw-upload.ts can ask without importing the admission's refusal bodies.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WorkPool } from './pool.js';

const anonymousRequests = new WeakSet<FastifyRequest>();
// A stranger's request, with the address its tasks count against (addressShareKey).
const strangersRequests = new WeakMap<FastifyRequest, string>();

/** Marks `request` as a stranger's: every task it asks of the pool waits in the anonymous lane. */
export function markAnonymous(request: FastifyRequest): void {
  anonymousRequests.add(request);
}

/**
 * Marks `request` as sent without a token to a registry that has tokens, from `address` (addressShareKey): its tasks
 * take at most half of a lane's queue, and those of one address half of that.
 */
export function markStranger(request: FastifyRequest, address: string): void {
  strangersRequests.set(request, address);
}

/**
 * The pool as `request` may use it: every task in the anonymous lane when it was admitted there; a stranger's tasks
 * held to half of each lane's queue, and one address's to half of that, so that the reads strangers ask for (pages,
 * listings) never take all of it, nor one address every stranger's part.
 */
export function workFor<W extends Pick<WorkPool, 'anonymous' | 'strangerAt'>>(request: FastifyRequest, work: W): W | WorkPool {
  if (anonymousRequests.has(request)) return work.anonymous;
  const address = strangersRequests.get(request);
  return address === undefined ? work : work.strangerAt(address);
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
