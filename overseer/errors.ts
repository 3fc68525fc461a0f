// The one catalogue of HTTP errors: every code the API sends, with its status. Errors from the store,
// the contract loader and the manifest reader are mapped here; 5xx details go to the log, never to the client.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiErrorBody, ContractError, ManifestError, TelemetryError } from '../contracts/index.js';
import { logDroppedRequest } from './request-log.js';
import { StoreError } from './store/store.js';
import { TaskDropped } from './work/lanes.js';

/** Seconds a client is told to wait when the work queue is full: about one heavy parse. */
export const BUSY_RETRY_SECONDS = 2;
/** A worker process replaced or being started again: a second or so, once the engine is loaded. */
export const WORKER_RETRY_SECONDS = 2;

export const API_ERRORS = {
  ERR_REQUEST_INVALID: 400,
  ERR_REQUEST_MEDIA_TYPE: 415,
  ERR_REQUEST_ENCODING: 415,
  ERR_REQUEST_TIMEOUT: 408,
  ERR_HEADERS_TOO_LARGE: 431,
  ERR_BODY_TOO_LARGE: 413,
  ERR_ROUTE_UNKNOWN: 404,
  ERR_HOST_FORBIDDEN: 403,
  ERR_TOKEN_MISSING: 401,
  ERR_TOKEN_REJECTED: 401,
  ERR_TOKEN_FORBIDDEN: 403,
  ERR_REPOSITORY_NOT_ALLOWED: 403,
  ERR_SLACK_CHANNEL_NOT_ALLOWED: 403,
  ERR_SLACK_UNANSWERED: 503,
  ERR_TOKEN_INVALID: 400,
  ERR_TOKEN_CONFLICT: 409,
  ERR_TOKEN_UNKNOWN: 404,
  ERR_TOKEN_REVOKED: 410,
  ERR_TOKEN_NOT_SHOWN: 409,
  ERR_SERVICE_INVALID: 400,
  ERR_SERVICE_UNKNOWN: 404,
  ERR_SERVICE_HOST_TAKEN: 409,
  ERR_API_TAKEN: 409,
  ERR_REPOSITORY_TAKEN: 409,
  ERR_VERSION_INVALID: 400,
  ERR_VERSION_UNKNOWN: 404,
  ERR_VERSION_CONFLICT: 409,
  ERR_PUBLICATION_INVALID: 400,
  ERR_WAIVER_INVALID: 400,
  ERR_CONTRACT_INVALID: 400,
  ERR_CONTRACT_UNREADABLE: 400,
  ERR_CONTRACT_EXTERNAL_REF: 400,
  ERR_CONTRACT_TOO_LARGE: 413,
  ERR_CONTRACT_MISSING: 404,
  ERR_DECLARATION_INVALID: 400,
  ERR_MANIFEST_INVALID: 400,
  ERR_MANIFEST_TOO_LARGE: 413,
  ERR_ENVIRONMENT_INVALID: 400,
  ERR_ENVIRONMENT_UNKNOWN: 404,
  ERR_ENVIRONMENT_CONFLICT: 409,
  ERR_DEPLOYMENT_UNKNOWN: 404,
  ERR_IDEMPOTENCY_KEY_REUSED: 409,
  ERR_BRANCH_UNKNOWN: 404,
  ERR_VERDICT_UNKNOWN: 404,
  ERR_NOTIFICATION_UNKNOWN: 404,
  ERR_NOTIFICATION_DELIVERED: 409,
  ERR_NOTIFICATION_SENDING: 409,
  ERR_WEBHOOK_INVALID: 400,
  ERR_WEBHOOK_UNKNOWN: 404,
  ERR_TRACES_INVALID: 400,
  ERR_METRICS_INVALID: 400,
  ERR_STORE_BUSY: 503,
  // A replica older than its database's schema (a rolling upgrade under way): an upgraded replica answers the same request.
  ERR_STORE_SCHEMA: 503,
  ERR_BUSY: 503,
  // Not 503: the same request would take as long again, so a client should not retry it.
  ERR_WORK_TIMEOUT: 422,
  // The request's content needs more memory than a thread may take: the same request would fail again.
  ERR_WORK_TOO_LARGE: 413,
  // A worker process ended under the request (killed, crashed) or none could be started: the next try may well pass.
  ERR_WORKER_LOST: 503,
  ERR_WORKER_UNAVAILABLE: 503,
  ERR_INTERNAL: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly line?: number;

  constructor(code: ApiErrorCode, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = API_ERRORS[code];
    if (options.line !== undefined) this.line = options.line;
  }

  toBody(): ApiErrorBody {
    return this.line === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, line: this.line };
  }
}

/** The JSON Schema of every error body, shared by all routes as `ApiError#`. */
export const API_ERROR_SCHEMA = {
  $id: 'ApiError',
  type: 'object',
  description: 'An error: `code` (ERR_<NOUN>_<PROBLEM>) is stable, `message` is for people.',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: Object.keys(API_ERRORS) },
    message: { type: 'string' },
    line: { type: 'integer', description: 'The line of the uploaded contract or manifest the problem is on.' },
  },
} as const;

/** The response schemas of the errors a route may send, by status. */
export function describeErrors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries([...statuses, 500].map((s) => [s, { $ref: 'ApiError#' }]));
}

/** The engine's codes the registry answers with as they are; every other ERR_CONTRACT_* is ERR_CONTRACT_INVALID over HTTP. */
const OWN_HTTP_CODES = ['ERR_CONTRACT_TOO_LARGE', 'ERR_CONTRACT_UNREADABLE', 'ERR_CONTRACT_EXTERNAL_REF'] as const;

/** Maps any thrown value to an error of the catalogue. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) return fromStoreError(error);
  if (error instanceof ContractError) {
    // A refused $ref keeps its code: `diff` says ERR_CONTRACT_EXTERNAL_REF, and publish and check of the same file must
    // say the same fault the same way, with the same advice (--allow-external-refs), not the catch-all below.
    const code = OWN_HTTP_CODES.find((c) => c === error.code) ?? 'ERR_CONTRACT_INVALID';
    return new ApiError(code, error.message, { line: error.line, cause: error });
  }
  if (error instanceof TelemetryError) return new ApiError(error.code, error.message, { cause: error });
  if (error instanceof ManifestError) {
    const code = error.code === 'ERR_MANIFEST_TOO_LARGE' ? 'ERR_MANIFEST_TOO_LARGE' : 'ERR_MANIFEST_INVALID';
    return new ApiError(code, error.message, { line: error.line, cause: error });
  }
  // Out of file descriptors (a flood of idle connections): a module or file opened on the way failed. That is load, as a
  // full queue is, and passes when connections close; 500 told the client it was a fault not worth retrying.
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'EMFILE' || errno === 'ENFILE') {
    return new ApiError('ERR_BUSY', `the registry has no file descriptor free to answer (${errno}): retry in ${BUSY_RETRY_SECONDS} s`, { cause: error });
  }
  return fromFastifyError(error as Partial<FastifyError> | undefined);
}

function fromStoreError(error: StoreError): ApiError {
  // A lock problem is the operator's to fix, not the client's to read.
  if (error.code === 'ERR_STORE_LOCKED') return new ApiError('ERR_INTERNAL', 'internal error', { cause: error });
  return new ApiError(error.code, error.message, { cause: error });
}

// A pattern in words, by the pattern itself: the routes' shared schemas register theirs (routes/schemas.ts).
const PATTERN_WORDS = new Map<string, string>();

/** Registers what a schema's pattern means, so a refusal says the rule in words rather than as a regular expression. */
export function describePattern<T extends { pattern: string }>(schema: T, words: string): T {
  PATTERN_WORDS.set(schema.pattern, words);
  return schema;
}

// What an object's unknown key most likely meant, by the $id of the schema that refuses it: the routes' shared schemas
// register theirs, so a waiver sent as JSON with `consumr` is told `consumer`, as the CLI tells a waivers file.
const UNKNOWN_KEY_WORDS = new Map<string, (key: string) => string>();

/** Registers how to explain a key the schema `$id` does not know; the refusal then names the key and the one meant. */
export function describeUnknownKeys<T extends { $id: string }>(schema: T, explain: (key: string) => string): T {
  UNKNOWN_KEY_WORDS.set(schema.$id, explain);
  return schema;
}

// An enum's values named, so a misspelt one (`version.breakng`) can be corrected without the docs.
function describeAllowed(values: unknown): string | undefined {
  return Array.isArray(values) && values.length <= 20 ? `one of ${values.join(', ')}` : undefined;
}

function describeValidation(error: Partial<FastifyError>): string {
  const [first] = error.validation ?? [];
  const unknownKey = first?.keyword === 'additionalProperties' ? UNKNOWN_KEY_WORDS.get(first.schemaPath.split('#')[0]!) : undefined;
  if (unknownKey) return `${error.validationContext ?? 'request'}${first!.instancePath}: ${unknownKey(String(first!.params.additionalProperty))}`;
  const words = first?.keyword === 'pattern' ? PATTERN_WORDS.get(String(first.params.pattern)) : describeAllowed(first?.params.allowedValues);
  return words ? `${error.validationContext ?? 'request'}${first!.instancePath} must be ${words}` : String(error.message);
}

const BODY_TOO_LARGE = 'the request body is larger than this route accepts';

/**
 * fastify's 413 named no bound: whoever publishes a 40 MB contract learns the route's, and what sets it. The words
 * start as before: the OTLP routes rewrite a refusal that starts so into their own (observe/routes.ts).
 */
function describeBodyBound(request: FastifyRequest): string {
  const limit = request.routeOptions.bodyLimit;
  if (limit === undefined) return BODY_TOO_LARGE;
  const size = limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MiB` : limit % 1024 === 0 ? `${limit / 1024} KiB` : `${limit} bytes`;
  const setting =
    request.routeOptions.config?.rawUpload === undefined
      ? ''
      : ": a contract of up to OVERSEER_MAX_CONTRACT_BYTES (the registry's setting), with 4 MiB for its JSON escaping and declarations";
  return `the request body is larger than the ${size} this route accepts${setting}`;
}

function fromFastifyError(error: Partial<FastifyError> | undefined): ApiError {
  if (error?.validation) return new ApiError('ERR_REQUEST_INVALID', `invalid request: ${describeValidation(error)}`, { cause: error });
  switch (error?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('ERR_BODY_TOO_LARGE', BODY_TOO_LARGE, { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('ERR_REQUEST_MEDIA_TYPE', 'send the body as application/json', { cause: error });
  }
  const status = error?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError('ERR_REQUEST_INVALID', `invalid request: ${error?.message ?? 'unreadable'}`, { cause: error });
  }
  return new ApiError('ERR_INTERNAL', 'internal error', { cause: error });
}

/** fastify's `frameworkErrors`: the router's own refusals (a URL that does not decode, a name too long) as `{code, message}`. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a name in the URL is too long' : 'the URL does not decode: a percent-escape is not UTF-8';
  void reply.status(400).send(new ApiError('ERR_REQUEST_INVALID', message, { cause: error }).toBody());
}

/**
 * Installs the error and not-found handlers: every failure leaves as `{code, message}`. `pageNotFound` answers an
 * address no route has when a person's browser asks for a page (not the API): the dashboard's own 404 page, with a way
 * back, rather than the API's JSON error.
 */
export function registerErrorHandling(app: FastifyInstance, pageNotFound?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof TaskDropped) {
      // The client is gone: there is nobody to answer, only the line to log.
      logDroppedRequest(request, reply, error.lane);
      return reply.hijack();
    }
    const api = toApiError(error);
    if (api.code === 'ERR_WORKER_LOST' || api.code === 'ERR_WORKER_UNAVAILABLE') {
      // The pool replaces the process: the client is told what happened and when to come back, not 'internal error'.
      request.log.error({ err: error }, 'a worker process was lost under the request');
      return reply.status(api.status).header('retry-after', String(WORKER_RETRY_SECONDS)).send(api.toBody());
    }
    if (api.code === 'ERR_BUSY') {
      // A full queue is load, not a fault: the client is told when to come back.
      request.log.warn(api.cause === undefined ? 'work queue full: answered 503' : `${api.message}: answered 503`);
      return reply.status(api.status).header('retry-after', String(BUSY_RETRY_SECONDS)).send(api.toBody());
    }
    if (api.code === 'ERR_STORE_SCHEMA') {
      // A rolling upgrade: the operator reads the migration ids in the log; the client, that another replica will answer.
      request.log.error({ err: error }, 'refused: the database was migrated by a newer Overseer');
      const message = `this replica runs an Overseer older than the database and writes nothing; retry: an upgraded replica answers (request ${request.id})`;
      return reply.status(api.status).header('retry-after', String(WORKER_RETRY_SECONDS)).send({ code: api.code, message });
    }
    if (api.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      // Load and a Slack that did not answer are said as they are: the client can do something about them (wait).
      const said = api.code === 'ERR_STORE_BUSY' || api.code === 'ERR_SLACK_UNANSWERED';
      const body = { code: api.code, message: `${said ? api.message : 'internal error'} (request ${request.id})` };
      return reply.status(api.status).send(body);
    }
    if (api.code === 'ERR_BODY_TOO_LARGE' && api.message === BODY_TOO_LARGE)
      return reply.status(413).send({ code: api.code, message: describeBodyBound(request) });
    return reply.status(api.status).send(api.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const page = pageNotFound?.(request, reply);
    if (page) return page;
    const path = request.url.split('?')[0];
    // A client configured with the API's prefix (OVERSEER_URL=https://host/v1) asks for /v1/v1/...: name the fix.
    const hint = path.startsWith('/v1/v1/') ? ': the registry URL is the root (https://host), without /v1' : '';
    const body: ApiErrorBody = { code: 'ERR_ROUTE_UNKNOWN', message: `no route ${request.method} ${path}${hint}` };
    return reply.status(404).send(body);
  });
}
