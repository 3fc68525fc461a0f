// A stop bounded in time: SIGTERM lets requests in flight finish, but a client that trickles an upload a byte a minute
// must not hold the registry open until the orchestrator's SIGKILL, which would skip the store's close and the flush.

import type { FastifyInstance } from 'fastify';

const IDLE_SWEEP_MS = 100;

/** Connections still open on `app`'s server (requests in flight, once the idle ones are closed). */
function countOpen(app: FastifyInstance): Promise<number> {
  return new Promise((resolve) => app.server.getConnections((error, count) => resolve(error ? 0 : count)));
}

/**
 * Closes `app` as fastify does (no new connections, idle ones closed, requests in flight answered), but once `graceMs`
 * has passed cuts every connection still open, so that the close that follows (onClose hooks, the store) runs anyway.
 */
export async function closeWithinGrace(app: FastifyInstance, graceMs: number): Promise<void> {
  const seconds = graceMs / 1000;
  const cut = async () => {
    const open = await countOpen(app);
    if (open > 0) {
      app.log.warn(
        { connections: open, graceMs },
        `stopping: ${open} connection(s) still open after the ${seconds} s grace (OVERSEER_SHUTDOWN_GRACE_MS) are cut; their requests get no answer`,
      );
    }
    app.server.closeAllConnections();
  };
  const closing = app.close();
  const timer = setTimeout(() => void cut(), graceMs);
  // Node closes the idle connections once, when the close begins: a keep-alive connection whose request is answered
  // during the grace would stay open until the cut, and every stop with a keep-alive client would take the whole grace.
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const open = await countOpen(app);
  if (open > 0) app.log.info({ connections: open, graceMs }, `stopping: ${open} open connection(s) get up to ${seconds} s to finish their requests`);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
    clearInterval(sweep);
  }
}
