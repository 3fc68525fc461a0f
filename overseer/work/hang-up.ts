// Tells the pool when a request's client has hung up before its answer was written: the work queued for it is dropped
// before it starts (lanes.ts), since nobody is left to receive its result.

import type { FastifyReply } from 'fastify';

/**
 * Aborts once the connection closes with the answer unwritten; already aborted when it has closed before. A client that
 * closed only its sending side is still there to read (app.ts keeps its connection), and TCP cannot tell it from one
 * gone for good until something is written: only a connection reset or failed counts as a hang-up.
 */
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
