// Bounds on the connections an address may hold open: an idle keep-alive or a half-sent request costs a socket, a
// file descriptor and memory, and a client that opens thousands of them must not leave none for everyone else.

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { BUSY_RETRY_SECONDS } from './errors.js';

const REFUSAL_BODY = (bound: number) =>
  JSON.stringify({
    code: 'ERR_CONNECTIONS_TOO_MANY',
    message: `this address already holds ${bound} open connections to the registry (OVERSEER_MAX_CONNECTIONS_PER_ADDRESS): close some or reuse them`,
  });

/** The refusal written to a connection past its address's bound, before anything of its request is read. */
function refusal(bound: number): string {
  const body = REFUSAL_BODY(bound);
  const head = ['HTTP/1.1 503 Service Unavailable', 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`];
  return `${[...head, `Retry-After: ${BUSY_RETRY_SECONDS}`, 'Connection: close'].join('\r\n')}\r\n\r\n${body}`;
}

interface ConnectionBounds {
  /** Connections open at once, whoever holds them; past it Node closes a new one at once (server.maxConnections). 0: none. */
  maxConnections: number;
  /** Connections one remote address may hold open at once; past it a new one is answered 503 and closed. 0: none. */
  maxPerAddress: number;
}

/**
 * Holds `server` to the bounds. An address's count falls as its connections close, so a client that keeps within the
 * bound never notices it. Every address counts alone, loopback included; behind a proxy every client is the proxy's
 * address, so the bound is then the proxy's connection pool (README says to raise it or set 0 there).
 */
export function boundConnections(server: Server, bounds: ConnectionBounds): void {
  if (bounds.maxConnections > 0) server.maxConnections = bounds.maxConnections;
  if (bounds.maxPerAddress === 0) return;
  const open = new Map<string, number>();
  const answer = refusal(bounds.maxPerAddress);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const held = open.get(address) ?? 0;
    if (held >= bounds.maxPerAddress) {
      // Told why rather than reset; the socket is gone once the answer is written, whatever the client sends.
      socket.end(answer);
      socket.destroySoon();
      return;
    }
    open.set(address, held + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
