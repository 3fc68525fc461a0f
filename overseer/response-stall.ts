// An answer its client reads none of: a stranger that asks for a large contract or page on hundreds of connections and
// never reads held each connection, and the megabytes written to it, for ever (40 such asks for a 12 MB contract took
// 1 GB). No timeout covered it: the request timeouts end once the request has arrived, the keep-alive one starts only
// once the answer is out, and the socket's own inactivity timeout is off (a check may think for minutes in silence).

import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * While an answer is being written, its socket's inactivity timeout is `stallMs`: a client that reads nothing of it for
 * that long has its connection destroyed by Node (no 'timeout' listener answers for it). Any byte the kernel takes
 * restarts the count; once the answer is out, Node sets the keep-alive timeout in its place.
 */
export function registerResponseStall(app: FastifyInstance, stallMs: number): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    // app.inject's stand-in socket has no timeouts: there is no client to stall there.
    const socket = request.raw.socket as Partial<Socket> | undefined;
    if (typeof socket?.setTimeout === 'function') socket.setTimeout(stallMs);
    return payload;
  });
}
