// Requests Node refuses before fastify sees them (headers past 16 KB, a request too slow to arrive, bytes that are not
// HTTP) are answered as every other error is, {code, message}: fastify's own body had no code for a client to act on.

import type { Socket } from 'node:net';
import type { ApiErrorBody } from '../contracts/index.js';
import { lingerAfterRefusal } from './lingering-close.js';

interface Refusal {
  status: number;
  reason: string;
  body: ApiErrorBody;
}

function refusalOf(error: NodeJS.ErrnoException): Refusal {
  // Node's code for it (ERR_ then HTTP_REQUEST_TIMEOUT), spelt apart so that it is not taken for one of the registry's.
  if (error.code === `ERR_${'HTTP_REQUEST_TIMEOUT'}`) {
    const message = 'the request did not arrive in time (OVERSEER_REQUEST_TIMEOUT_MS, OVERSEER_HEADERS_TIMEOUT_MS): the connection is closed';
    return { status: 408, reason: 'Request Timeout', body: { code: 'ERR_REQUEST_TIMEOUT', message } };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const message = 'the request line and headers are larger than 16 KB: a query string that long belongs in a body, or in fewer parameters';
    return { status: 431, reason: 'Request Header Fields Too Large', body: { code: 'ERR_HEADERS_TOO_LARGE', message } };
  }
  return { status: 400, reason: 'Bad Request', body: { code: 'ERR_REQUEST_INVALID', message: 'the request is not valid HTTP/1.1' } };
}

// A socket answered already, still lingering, is not answered again (its request timeout may come meanwhile).
const answered = new WeakSet<Socket>();

/**
 * fastify's `clientErrorHandler`: one answer, then the connection is closed once its client stops sending, or after
 * LINGER_MS (lingering-close.ts): closed at once, a client still writing an 8 MB request line saw ECONNRESET, not 431.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  const { status, reason, body } = refusalOf(error);
  const json = JSON.stringify(body);
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
  );
  lingerAfterRefusal(socket);
}
