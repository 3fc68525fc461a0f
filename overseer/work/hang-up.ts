// Tells the pool when a request's client has hung up before its answer was written: the work queued for it is dropped
// before it starts (lanes.ts), since nobody is left to receive its result.

import type { FastifyReply } from 'fastify';

/** Aborts once the connection closes with the answer unwritten; already aborted when it has closed before. */
export function signalHangUp(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const raw = reply.raw;
  if (raw.destroyed || raw.socket?.destroyed) controller.abort();
  else
    raw.once('close', () => {
      if (!raw.writableFinished) controller.abort();
    });
  return controller.signal;
}
