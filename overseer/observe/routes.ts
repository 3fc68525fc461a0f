// OTLP/HTTP receivers: `POST /v1/traces` (an OpenTelemetry Collector's otlphttp exporter) and `POST /v1/metrics`
// (its spanmetrics connector's calls counter). Both answer as OTLP expects: 200 with a partial-success count.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Auth } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import { noteOnRequestLog } from '../request-log.js';
import { requireEnvironment } from '../routes/environments.js';
import { BEARER, ENVIRONMENT_NAME, ref } from '../routes/schemas.js';
import { NAME_PARAMS } from '../routes/services.js';
import type { Store } from '../store/store.js';
import { workFor } from '../work/anonymous.js';
import type { WorkPool } from '../work/pool.js';
import { RawUpload } from '../work/raw-upload.js';
import { decompressTelemetry } from './content-encoding.js';
import type { Signal } from './ingest-wire.js';
import type { Observer } from './observer.js';
import { encodeOtlpProtobuf, encodeOtlpStatus, otlpJsonStatus } from './otlp-proto.js';
import { describeOtlpErrors } from './otlp-status-schema.js';
import { listUsage } from './usage.js';

interface ObserveRouteDeps {
  auth: Auth;
  observer: Observer;
  store: Store;
  work: WorkPool;
}

const OBSERVED = {
  anyOf: [{ type: 'null' }, { type: 'object', required: ['count', 'lastSeen'], properties: { count: { type: 'integer' }, lastSeen: { type: 'string' } } }],
};
const USAGE_LISTING = {
  type: 'object',
  required: ['uses'],
  properties: {
    consumer: { type: 'string' },
    provider: { type: 'string' },
    environment: { type: 'string' },
    uses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['operation', 'declared', 'observed'],
        properties: {
          provider: { type: 'string' },
          consumer: { type: 'string' },
          operation: { type: 'string' },
          statuses: {
            type: 'array',
            items: { type: 'string' },
            description:
              "the statuses whose responses the declarations read (a 404's body; 2XX for a declaration naming none); present only when one is not a success",
          },
          requestMediaTypes: { type: 'array', items: { type: 'string' }, description: 'the media types it sends bodies in, when every declaration names some' },
          responseMediaTypes: {
            type: 'array',
            items: { type: 'string' },
            description: 'the media types it reads answers in, when every declaration names some',
          },
          declared: { type: 'boolean' },
          observed: OBSERVED,
          declaredAs: {
            type: 'string',
            description: "the service's name as this consumer's manifest misspells it (the gate counts it); absent when written right",
          },
          countedAs: {
            type: 'string',
            description: 'as a consumer: the service a typo away from a provider no service is named, which the gate counts these uses against',
          },
        },
      },
    },
    notices: { type: 'array', items: ref('Notice') },
    policy: { type: 'string', enum: ['declared', 'observed', 'both'] },
  },
} as const;

const PARTIAL_SUCCESS = (count: string) =>
  ({
    type: 'object',
    properties: {
      partialSuccess: {
        type: 'object',
        description:
          'With a count when some of the export could not be used, and why; with a message alone (nothing rejected) as a warning: ' +
          'callers whose service.name names no published service, whose calls no gate counts.',
        properties: { [count]: { type: 'integer' }, errorMessage: { type: 'string' } },
      },
    },
  }) as const;

const OTLP_MEDIA_TYPES = new Set(['application/json', 'application/x-protobuf']);

/** The `{code, message}` every error of the registry is sent as, read back from what the error handler sends. */
function isErrorBody(payload: unknown): payload is { code?: string; message?: string } {
  return typeof payload === 'object' && payload !== null && typeof (payload as { code?: unknown }).code === 'string';
}

/**
 * fastify's 413 names no limit; the one who reads it runs a Collector and must learn the bound and both ways out. The
 * bound holds the decompressed bytes, so a gzip export smaller than it on the wire may still pass it.
 */
function explainTooLarge(error: { code?: string; message?: string }, limit: number): { code?: string; message?: string } {
  // A refusal of the decoder (too many messages) already says what is wrong; only fastify's own is rewritten.
  if (error.code !== 'ERR_BODY_TOO_LARGE' || !error.message?.startsWith('the request body is larger')) return error;
  const size = limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
  const message =
    `the export is larger than the ${size} the registry reads at once (decompressed, OVERSEER_MAX_TELEMETRY_BYTES): ` +
    "send smaller batches (the Collector's batch processor, send_batch_max_size) or raise OVERSEER_MAX_TELEMETRY_BYTES on the registry";
  return { code: error.code, message };
}

/**
 * Checked before the body is read: a JSON export posted as text/plain (fetch's default for a string) was read as a string
 * and refused as "not a JSON object with resourceSpans", and form data (curl's default) was told to use JSON alone.
 */
function refuseOtherMediaTypes(request: FastifyRequest): void {
  const mediaType = mediaTypeOf(request);
  if (OTLP_MEDIA_TYPES.has(mediaType)) return;
  const got = mediaType === '' ? 'and this one names no Content-Type' : `not ${mediaType}`;
  throw new ApiError(
    'ERR_REQUEST_MEDIA_TYPE',
    `an OTLP export is sent as application/x-protobuf (the Collector's otlphttp exporter's default) or application/json, ${got}`,
  );
}

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export async function registerObserveRoutes(app: FastifyInstance, deps: ObserveRouteDeps): Promise<void> {
  const { auth, observer, store } = deps;
  const bodyLimit = observer.config.maxBodyBytes;
  // Raw bytes, decoded in the pool (ingest-task.ts): the media type the Collector sends by default.
  app.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  // Both exports are answered alike: an empty partialSuccess when all was used, else how much was not (by OTLP's name for it) and why.
  // An OTLP/JSON body reaches here as bytes (rawBody), as a protobuf one does: the pool decodes and matches either.
  const receive = (signal: Signal, count: 'rejectedSpans' | 'rejectedDataPoints') => async (request: FastifyRequest, reply: FastifyReply) => {
    const mediaType = mediaTypeOf(request);
    const protobuf = mediaType === 'application/x-protobuf';
    const raw = request.body;
    const body = raw instanceof RawUpload ? raw.bytes : protobuf ? (raw as Buffer) : { parsed: raw };
    const result = await observer.ingest({ signal, body, protobuf, receivedAt: Date.now() });
    // OTLP's warning is a message with nothing rejected: what was used but will not count is said that way.
    const errorMessage = [result.message, result.warning].filter(Boolean).join('; ');
    const counted = result.rejected === 0 ? {} : { [count]: result.rejected };
    const answer = { partialSuccess: errorMessage === '' ? {} : { ...counted, errorMessage } };
    // The Collector logs the partial success on its side; the registry's operator sees the same in its request log.
    if (errorMessage !== '') {
      const named = result.unknownEnvironments && { unknownEnvironments: result.unknownEnvironments };
      noteOnRequestLog(request, { ...(result.rejected > 0 && { notUsed: result.unmatched }), ...named }, errorMessage);
    }
    // OTLP answers in the request's encoding: a Collector reads a protobuf export's partial success only as protobuf.
    if (!protobuf) return answer;
    const message = count === 'rejectedSpans' ? 'ExportTraceServiceResponse' : 'ExportMetricsServiceResponse';
    return reply.type('application/x-protobuf').send(Buffer.from(encodeOtlpProtobuf(answer, message)));
  };

  // The token is checked before the body is read: a stranger's export costs no parsing, not even a 413.
  const onRequest = async (request: FastifyRequest) => {
    await auth.requireIngest(request);
    refuseOtherMediaTypes(request);
  };

  // A failure is answered in the request's encoding too, as OTLP/HTTP says: a google.rpc.Status, protobuf for a protobuf
  // export and its JSON mapping for an OTLP/JSON one. A body of another media type is no OTLP export: it keeps {code, message}.
  // Turned into the Status before serialization, so that fastify serializes what is sent by the schema /openapi.json shows.
  const preSerialization = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    const error = explainTooLarge(payload, bodyLimit);
    return OTLP_MEDIA_TYPES.has(mediaTypeOf(request)) ? otlpJsonStatus(reply.statusCode, error) : error;
  };
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || mediaTypeOf(request) !== 'application/x-protobuf') return payload;
    reply.type('application/x-protobuf');
    return Buffer.from(payload.startsWith('{') ? encodeOtlpProtobuf(JSON.parse(payload), 'Status') : encodeOtlpStatus(reply.statusCode, { message: payload }));
  };

  app.post(
    '/v1/traces',
    {
      bodyLimit,
      // Admitted to the pool's ingest lane first: a flood of exports is answered 503 with Retry-After, as OTLP retries.
      config: { workLane: 'ingest', rawBody: true, readsCompressed: true },
      onRequest,
      preSerialization,
      onSend,
      preParsing: decompressTelemetry,
      schema: {
        summary: 'Receive an OTLP/HTTP trace export: CLIENT spans become observed calls',
        description:
          'OTLP/JSON (application/json) or OTLP/protobuf (application/x-protobuf), compressed (Content-Encoding gzip or deflate, ' +
          "as the Collector's otlphttp exporter sends by default) or not. A CLIENT span is a call from its resource's `service.name`, in `deployment.environment.name`, " +
          'to `peer.service` when it names a known service (else the service whose `hosts` list its `server.address` or the host of `url.full`), for the operation matched from the method and the path of `url.full` (or `url.template`/`http.route`) ' +
          "in the provider's contract deployed there; the resource's `service.version` is kept with the call when that version is recorded deployed there " +
          '(the gate leaves out the calls of a version the environment replaced). Spans that match nothing are counted in `partialSuccess`, never guessed. ' +
          "A failure is answered with a `google.rpc.Status` in the export's encoding: protobuf, or for OTLP/JSON its JSON mapping " +
          '`{code, message, details}`, whose message starts with the error code (`ERR_TRACES_INVALID: ...`), also the `reason` of its ErrorInfo detail.',
        tags: ['observe'],
        // The admin token or an ingest token, when the registry has tokens.
        security: BEARER,
        response: { 200: PARTIAL_SUCCESS('rejectedSpans'), ...describeOtlpErrors(400, 401, 403, 413, 415, 503) },
      },
    },
    receive('traces', 'rejectedSpans'),
  );

  app.post(
    '/v1/metrics',
    {
      bodyLimit,
      // Admitted to the pool's ingest lane first: a flood of exports is answered 503 with Retry-After, as OTLP retries.
      config: { workLane: 'ingest', rawBody: true, readsCompressed: true },
      onRequest,
      preSerialization,
      onSend,
      preParsing: decompressTelemetry,
      schema: {
        summary: "Receive an OTLP/HTTP metrics export: the spanmetrics connector's calls counter becomes observed calls",
        description:
          'Data points of `calls` (or `traces.span.metrics.calls`) with `span.kind` CLIENT, `service.name`, `http.route` or `url.template`, ' +
          '`peer.service` and `deployment.environment.name` as dimensions count as that many calls. Other metrics are ignored.',
        tags: ['observe'],
        // The admin token or an ingest token, when the registry has tokens.
        security: BEARER,
        response: { 200: PARTIAL_SUCCESS('rejectedDataPoints'), ...describeOtlpErrors(400, 401, 403, 413, 415, 503) },
      },
    },
    receive('metrics', 'rejectedDataPoints'),
  );

  app.get<{ Params: { name: string }; Querystring: { environment?: string; asProvider?: boolean } }>(
    '/v1/services/:name/usage',
    {
      schema: {
        summary: 'Declared against observed: what a service uses (or, with asProvider, who uses it), each use marked declared and observed',
        description:
          'Declarations of the counted versions (deployed in `environment`, else the latest), beside calls seen in traces within the window ' +
          '(OVERSEER_USAGE_WINDOW_DAYS), in `environment` when given, else in every environment. Calls of a caller version replaced where ' +
          'they were seen are left out as the gate leaves them out, and `notices` says so (`observed-calls-left-out`, `observed-calls-still-seen`).',
        tags: ['observe'],
        params: NAME_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { environment: ENVIRONMENT_NAME, asProvider: { type: 'boolean' } } },
        response: { 200: USAGE_LISTING, ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      const { name } = request.params;
      if (!(await store.getService(name))) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${name}`);
      // A misspelled environment has no declarations nor calls: an empty list would read as "uses nothing".
      if (request.query.environment !== undefined) await requireEnvironment(store, request.query.environment);
      return listUsage({ ...deps, work: workFor(request, deps.work) }, name, request.query);
    },
  );
}
