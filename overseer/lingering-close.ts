// A refusal sent before its request's body has arrived (413 past the body limit) closes the connection; closed at once,
// the kernel answered the bytes still arriving with a reset, and a client that writes its whole body before it reads
// (Python's http.client, Node's fetch) saw EPIPE or ECONNRESET instead of the 413 that says what the limit is.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long a closing connection may go on receiving (and discarding) what its client still sends after the answer:
 * 50 MB over a 100 Mbit/s link. It still counts against the connection bounds meanwhile (server-connections.ts).
 */
const LINGER_MS = 5000;

/**
 * Once an answer that closes its connection is written, the rest of the request's body is read and dropped until it
 * ends, the client closes, or `lingerMs` pass: only then is the socket destroyed. Node's parser goes on reading the body
 * of an answered request (and drops it), so nothing of it is kept.
 */
export function lingerBeforeClosing(server: Server, lingerMs = LINGER_MS): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // After Node's own listener, which has asked the socket to close once its answer is flushed (destroySoon).
    response.once('finish', () => linger(request, request.socket, lingerMs));
  });
}

function linger(request: IncomingMessage, socket: Socket, lingerMs: number): void {
  if (request.complete || socket.destroyed || !socket.listeners('finish').includes(socket.destroy)) return;
  socket.removeListener('finish', socket.destroy);
  let timer: NodeJS.Timeout | undefined;
  const close = () => {
    clearTimeout(timer);
    // Never before the answer has left: destroying a socket drops what it has not written yet.
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy());
  };
  timer = setTimeout(close, lingerMs);
  request.once('end', close);
  socket.once('close', () => clearTimeout(timer));
}

/** A connection whose request Node refused unread (client-errors.ts): what still arrives is read and dropped until the client closes or LINGER_MS pass. */
export function lingerAfterRefusal(socket: Socket, lingerMs = LINGER_MS): void {
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  socket.on('data', () => {});
  socket.resume();
  socket.once('end', () => socket.destroy());
  socket.once('close', () => clearTimeout(timer));
}
