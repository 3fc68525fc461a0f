// An answer its client reads none of, or reads a trickle of: a stranger that asks for a large contract or page on
// hundreds of connections and never reads held each connection, and the megabytes written to it, for ever (40 such asks
// for a 12 MB contract took 1 GB). No timeout covered it: the request timeouts end once the request has arrived, the
// keep-alive one starts only once the answer is out, and the socket's own inactivity timeout is off (a check may think
// for minutes in silence). One that read a TCP segment now and then kept the stall count from ever running out.

import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * While an answer is being written, its socket's inactivity timeout is `stallMs`: a client that reads nothing of it for
 * that long has its connection destroyed by Node (no 'timeout' listener answers for it). Any byte the kernel takes
 * restarts the count; once the answer is out, Node sets the keep-alive timeout in its place.
 *
 * Any byte restarting it, a client reading a segment a minute held 16 MB for hours. So the whole answer must also be
 * handed to the kernel within `stallMs` plus its size at `minRate` bytes a second (0: no such bound), or the connection
 * is destroyed. Every answer here is written at once, so its size is known when it starts; the bound's clock starts
 * once the socket has it, which is the same moment.
 */
export function registerResponseStall(app: FastifyInstance, stallMs: number, minRate: number): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // app.inject's stand-in socket has no timeouts: there is no client to stall there.
    const socket = request.raw.socket as Partial<Socket> | undefined;
    if (typeof socket?.setTimeout !== 'function') return payload;
    socket.setTimeout(stallMs);
    const bytes = sizeOf(payload);
    if (minRate > 0 && bytes > 0) reply.raw.once('prefinish', () => armDeadline(reply.raw, socket, stallMs + Math.ceil((bytes * 1000) / minRate)));
    return payload;
  });
}

/**
 * 'prefinish' comes once the whole answer has been handed to the socket, which writes what the kernel takes at once:
 * nearly every answer (a verdict, a page) leaves nothing behind, and needs no deadline. A timer armed and cleared for
 * each of them cost every can-i-deploy its share, at thousands a second.
 */
function armDeadline(response: ServerResponse, socket: Partial<Socket>, ms: number): void {
  if (!socket.writableLength) return;
  const deadline = setTimeout(() => socket.destroy?.(), ms);
  deadline.unref();
  // 'finish': the last byte is with the kernel, which holds it, not the registry; 'close': cut or gone.
  const clear = () => clearTimeout(deadline);
  response.once('finish', clear);
  response.once('close', clear);
}

/** Bytes of an answer's body; a stream's are not known (none is sent today), so it has only the stall's bound. */
function sizeOf(payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (Buffer.isBuffer(payload)) return payload.length;
  return 0;
}
