// The registry's API answers change with every publish and deployment: a cache between the CLI or the Action and the
// registry (a CDN, a company proxy) that kept a consumer listing or a verdict would judge against yesterday's consumers.

import type { FastifyInstance } from 'fastify';

const API = /^\/(v1\/|healthz)/;

/** `cache-control: no-store` on every API answer that does not set its own: RFC 9111 forbids a cache to keep it. */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (API.test(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
