// Only the OTLP routes read a compressed body: elsewhere a Content-Encoding was ignored, the compressed bytes read as
// JSON, and the 400 that followed told the client to send the very header it had sent.

import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route decompresses its body itself (gzip, deflate: OTLP exporters compress by default). */
    readsCompressed?: boolean;
  }
}

/** A body sent compressed to a route that does not read it so is refused before it is read (415 ERR_REQUEST_ENCODING). */
export function registerEncodingCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const encoding = String(request.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding === '' || encoding === 'identity' || request.routeOptions.config?.readsCompressed === true) return;
    // No route: the not-found answer says what is wrong (an OTLP export posted to the wrong path is told the right one).
    if (request.routeOptions.url === undefined) return;
    throw new ApiError(
      'ERR_REQUEST_ENCODING',
      `Content-Encoding ${encoding} is not read here: send the body uncompressed (only /v1/traces and /v1/metrics read gzip or deflate)`,
    );
  });
}
