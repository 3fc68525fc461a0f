// One log line per request, written when the answer is sent: method, path, status and time, at `info`
// (fastify's own pair of "incoming request" / "request completed" lines is turned off in app.ts).

import type { FastifyInstance } from 'fastify';

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    // The path without its query: a query may carry what a log should not keep.
    const path = request.url.split('?')[0];
    request.log.info({ method: request.method, path, status: reply.statusCode, ms }, `${request.method} ${path} ${reply.statusCode} ${ms}ms`);
  });
}
