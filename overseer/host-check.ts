// An open registry (no admin token) answers only requests addressed to a loopback name: a web page cannot reach it
// through a name of its own that resolves to 127.0.0.1 (DNS rebinding) and publish or deploy as anyone.

import type { FastifyInstance } from 'fastify';
import { isLoopback } from './config.js';
import { ApiError } from './errors.js';

/** The host name of a Host header: the port dropped, IPv6 brackets kept off. */
function readHostName(header: string | undefined): string {
  if (header === undefined) return '';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1] ?? '';
  return header.replace(/:\d+$/, '').toLowerCase();
}

export function registerOpenHostCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const name = readHostName(request.headers.host);
    if (isLoopback(name) || name.endsWith('.localhost')) return;
    throw new ApiError('ERR_HOST_FORBIDDEN', `this registry runs open (no OVERSEER_ADMIN_TOKEN) and answers only loopback names, not "${name}"`);
  });
}
