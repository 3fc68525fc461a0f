// An OTLP export posted where no receiver is: said in the Status the Collector decodes, naming the endpoint to set.
// The Collector logs a failed export's google.rpc.Status and nothing else, so a plain `{code, message}` 404 reached its
// operator as "404" alone, though `endpoint: https://host/v1/traces` (doubled by the exporter) is the usual slip.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeOtlpProtobuf, otlpJsonStatus } from './otlp-proto.js';

const SIGNALS = ['traces', 'metrics'] as const;

/** What to change, for a POST whose path ends as an OTLP exporter's does; undefined for any other unknown route. */
export function describeMisdirectedExport(path: string): string | undefined {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === 'logs' && path.includes('/v1/'))
    return 'the registry receives traces (/v1/traces) and metrics (/v1/metrics), not logs: remove its exporter from the logs pipeline';
  const signal = SIGNALS.find((s) => s === last);
  if (signal === undefined) return undefined;
  return (
    `OTLP ${signal} go to POST /v1/${signal}; the otlphttp exporter adds /v1/${signal} to its endpoint, so set endpoint to the ` +
    `registry root without a path (https://overseer.example), or ${signal}_endpoint to the whole URL`
  );
}

/**
 * Answers an export posted to the wrong path in OTLP's form (protobuf or JSON, as it was sent), and a GET of a receiver
 * with what it is for; undefined when it is neither.
 */
export function answerMisdirectedExport(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const path = request.url.split('?')[0];
  if (request.method === 'GET' && SIGNALS.some((signal) => path.replace(/\/+$/, '') === `/v1/${signal}`)) {
    // A person checking the receiver (a browser, curl): a bare 404 read as if there were none.
    const hint = `the OTLP receiver is here, for exports sent with POST (application/x-protobuf or application/json); what it observed is read with overseer usage --service S (GET /v1/services/{name}/usage)`;
    return reply.status(404).send({ code: 'ERR_ROUTE_UNKNOWN', message: `no route GET ${path}: ${hint}` });
  }
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (request.method !== 'POST' || (mediaType !== 'application/json' && mediaType !== 'application/x-protobuf')) return undefined;
  const hint = describeMisdirectedExport(path);
  if (hint === undefined) return undefined;
  const status = otlpJsonStatus(404, { code: 'ERR_ROUTE_UNKNOWN', message: `no route POST ${path}: ${hint}` });
  if (mediaType === 'application/json') return reply.status(404).send(status);
  return reply
    .status(404)
    .type('application/x-protobuf')
    .send(Buffer.from(encodeOtlpProtobuf(status, 'Status')));
}
