// One log line per request, written when the answer is sent: method, path, status and time, at `info`
// (fastify's own pair of "incoming request" / "request completed" lines is turned off in app.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WorkLane } from './work/lanes.js';

/**
 * The line of a request whose client hung up while its work waited in the pool: nothing is sent, so no answer logs it.
 * 499 is what proxies (nginx) write for a client that closed its request; `dropped` names the lane the task left.
 */
export function logDroppedRequest(request: FastifyRequest, reply: FastifyReply, lane: WorkLane): void {
  const ms = Math.round(reply.elapsedTime * 10) / 10;
  const path = request.url.split('?')[0];
  request.log.info(
    { method: request.method, path, status: 499, ms, dropped: lane },
    `${request.method} ${path} 499 ${ms}ms: the client hung up; its queued ${lane} task was dropped unstarted`,
  );
}

const NOTES = new WeakMap<FastifyRequest, { fields: Record<string, unknown>; words: string }>();

/**
 * Adds what a route learned, that the operator should see, to the request's one line rather than a line of its own:
 * an OTLP export whose spans could not all be used says so where the export is logged anyway.
 */
export function noteOnRequestLog(request: FastifyRequest, fields: Record<string, unknown>, words: string): void {
  NOTES.set(request, { fields, words });
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    // The path without its query: a query may carry what a log should not keep.
    const path = request.url.split('?')[0];
    const note = NOTES.get(request);
    const line = `${request.method} ${path} ${reply.statusCode} ${ms}ms`;
    request.log.info({ method: request.method, path, status: reply.statusCode, ms, ...note?.fields }, note ? `${line}: ${note.words}` : line);
  });
}
