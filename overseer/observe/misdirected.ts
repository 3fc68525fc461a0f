// An OTLP export posted where no receiver is: said in the Status the Collector decodes, naming the endpoint to set.
// The Collector logs a failed export's google.rpc.Status and nothing else, so a plain `{code, message}` 404 reached its
// operator as "404" alone, though `endpoint: https://host/v1/traces` (doubled by the exporter) is the usual slip.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeGuess, findNearestName } from '../../contracts/index.js';
import { encodeOtlpProtobuf, otlpJsonStatus } from './otlp-proto.js';

const SIGNALS = ['traces', 'metrics'] as const;
const RECEIVER_HINT =
  'for exports sent with POST (application/x-protobuf or application/json); what it observed is read with overseer usage --service S (GET /v1/services/{name}/usage)';

/** What to change, for a POST whose path ends as an OTLP exporter's does; undefined for any other unknown route. */
function describeMisdirectedExport(path: string): string | undefined {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === 'logs' && path.includes('/v1/'))
    return 'the registry receives traces (/v1/traces) and metrics (/v1/metrics), not logs: remove its exporter from the logs pipeline';
  const signal = SIGNALS.find((s) => s === last);
  if (signal !== undefined)
    return (
      `OTLP ${signal} go to POST /v1/${signal}; the otlphttp exporter adds /v1/${signal} to its endpoint, so set endpoint to the ` +
      `registry root without a path (https://overseer.example), or ${signal}_endpoint to the whole URL`
    );
  const near = findNearSignal(path);
  return near === undefined ? undefined : `${describeGuess(`POST /v1/${near}`)} OTLP ${near} are received there, and nowhere else`;
}

/**
 * The receiver a hand-set path is a slip away from (`/v1/trace`, `/v1/metric`), when the path is a receiver's place: a
 * word right under /v1/ (or the root), so that an API route that ends in a similar word is not taken for one.
 */
function findNearSignal(path: string): (typeof SIGNALS)[number] | undefined {
  const match = /^\/(?:v1\/)?([^/]+)\/*$/i.exec(path);
  if (match === null) return undefined;
  return SIGNALS.find((signal) => signal === findNearestName(match[1]!, SIGNALS));
}

/**
 * Answers an export posted to the wrong path in OTLP's form (protobuf or JSON, as it was sent), and a GET of a receiver
 * with what it is for; undefined when it is neither.
 */
export function answerMisdirectedExport(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const path = request.url.split('?')[0];
  if (request.method === 'GET' && SIGNALS.some((signal) => path.replace(/\/+$/, '') === `/v1/${signal}`)) {
    // A person checking the receiver (a browser, curl): a bare 404 read as if there were none.
    return reply.status(404).send({ code: 'ERR_ROUTE_UNKNOWN', message: `no route GET ${path}: the OTLP receiver is here, ${RECEIVER_HINT}` });
  }
  const near = findNearSignal(path);
  if (request.method === 'GET' && near !== undefined)
    return reply
      .status(404)
      .send({ code: 'ERR_ROUTE_UNKNOWN', message: `no route GET ${path}${describeGuess(`/v1/${near}`)} The OTLP receiver is there, ${RECEIVER_HINT}` });
  if (request.method !== 'POST') return undefined;
  const hint = describeMisdirectedExport(path);
  if (hint === undefined) return undefined;
  const message = `no route POST ${path}${hint.startsWith(':') ? '' : ': '}${hint}`;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // A POST by hand (curl's form type) is no exporter's: it reads the registry's usual error, still naming the path.
  if (mediaType !== 'application/json' && mediaType !== 'application/x-protobuf') return reply.status(404).send({ code: 'ERR_ROUTE_UNKNOWN', message });
  const status = otlpJsonStatus(404, { code: 'ERR_ROUTE_UNKNOWN', message });
  if (mediaType === 'application/json') return reply.status(404).send(status);
  return reply
    .status(404)
    .type('application/x-protobuf')
    .send(Buffer.from(encodeOtlpProtobuf(status, 'Status')));
}
