// Large upload bodies (contracts, manifests) reach the route as bytes, and the worker pool parses and validates them:
// JSON.parse of a 4 MB body held the event loop for a quarter of a second, and /healthz waited behind it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workFor } from './anonymous.js';
import type { WorkPool } from './pool.js';
import type { PreparedWire } from './wire.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes contracts or manifests: a body past RAW_UPLOAD_MIN_BYTES is parsed in the worker pool, and its
     * upload prepared there too (with its canonical JSON when the route stores it).
     */
    rawUpload?: { keepCanonical: boolean };
    /** The route reads its JSON body as bytes itself, whatever its size (an OTLP export, decoded in the pool with its spans). */
    rawBody?: boolean;
  }
}

/**
 * Below this a body is parsed on the event loop: 64 KB parse in under a millisecond, less than a trip to a worker
 * thread (which may also wait in the queue behind a gate decision).
 */
const RAW_UPLOAD_MIN_BYTES = 64 * 1024;

/** An upload body not parsed yet: what the JSON content-type parser hands on for a large upload. */
export class RawUpload {
  constructor(readonly bytes: Buffer) {}
}

/**
 * Whether the JSON parser should leave this body to the worker pool. An OTLP export goes there whatever its size: it is
 * read there anyway, and a small one parsed here crossed to the worker as an object, whose structured clone recursed as
 * deep as the body (5,000 nested arrays overflowed the event loop's stack, a 500; 3,000 the worker's, which ended).
 */
export function wantsRawUpload(request: FastifyRequest, body: Buffer): boolean {
  const config = request.routeOptions.config;
  if (config?.rawBody === true) return true;
  return body.length >= RAW_UPLOAD_MIN_BYTES && config?.rawUpload !== undefined;
}

// The upload each large body held, prepared by the thread that parsed it: its megabytes do not cross back for it.
const preparedUploads = new WeakMap<FastifyRequest, PreparedWire>();

/** The upload of this request as the worker prepared it with its body, if it was a large one; the route prepares the rest. */
export function takePreparedUpload(request: FastifyRequest): PreparedWire | undefined {
  return preparedUploads.get(request);
}

/** The body the route declared, as the worker parsed and validated it: fastify validates it again, cheaply, as an object. */
async function readRawUpload(work: WorkPool, maxContractBytes: number, request: FastifyRequest): Promise<void> {
  const raw = request.body;
  const { method, url, schema, config } = request.routeOptions;
  if (!(raw instanceof RawUpload) || config.rawUpload === undefined) return;
  // Publication names its service in the URL, check in the body.
  const named = (request.params as { name?: unknown } | undefined)?.name;
  const prepare = { ...(typeof named === 'string' && { service: named }), maxContractBytes, keepCanonical: config.rawUpload?.keepCanonical ?? false };
  const read = await workFor(request, work).readJson({ route: `${method} ${url}`, schema: schema?.body, bytes: raw.bytes, prepare });
  request.body = read.body;
  if (read.prepared) preparedUploads.set(request, read.prepared);
}

/** Every route whose config says `rawUpload` gets its large bodies parsed off the event loop, before validation. */
export function registerRawUploads(app: FastifyInstance, work: WorkPool, maxContractBytes: number): void {
  app.addHook('preValidation', async (request) => readRawUpload(work, maxContractBytes, request));
}
