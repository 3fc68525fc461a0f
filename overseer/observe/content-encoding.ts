// OTLP/HTTP bodies as exporters compress them: the Collector's otlphttp exporter sends gzip unless told otherwise.

import type { Readable, Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate };

/** fastify's raw-body reader counts the compressed bytes against Content-Length through this property. */
type Decoded = Transform & { receivedEncodedLength?: number };

/**
 * A `preParsing` hook: the body decompressed as it streams in, by zlib off the event loop. fastify's body limit
 * then applies to the decompressed bytes, so a small bomb that inflates past it is a 413, not memory.
 */
export async function decompressTelemetry(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
  const encoding = String(request.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  const create = DECODERS[encoding];
  if (!create) {
    throw new ApiError('ERR_REQUEST_ENCODING', `Content-Encoding ${encoding} is not read here: send gzip, deflate or none (the exporter's compression)`);
  }
  const decoded: Decoded = create();
  decoded.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decoded.receivedEncodedLength = (decoded.receivedEncodedLength ?? 0) + chunk.length;
  });
  payload.on('error', (error) => decoded.destroy(error));
  decoded.on('error', (error) => {
    // zlib's words alone ("incorrect header check") do not say which part of the request is wrong.
    if (!error.message.startsWith('Content-Encoding')) error.message = `Content-Encoding ${encoding}, but the body does not decode: ${error.message}`;
  });
  return payload.pipe(decoded);
}
