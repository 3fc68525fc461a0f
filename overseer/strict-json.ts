// JSON bodies read strictly, before any route sees them: bytes that are not UTF-8 (gzip sent without saying so), lone
// surrogates and NULs inside strings are refused with words that say what to fix.

import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { describeNulString, findNulString } from './nul-strings.js';
import { RawUpload, wantsRawUpload } from './work/raw-upload.js';

// gzip's two magic bytes: a compressed body sent without Content-Encoding is not UTF-8, and the header is the fix.
const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether bytes are gzip's: a body compressed without a Content-Encoding that says so. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

export const GZIP_HINT = 'it is gzip-compressed: send Content-Encoding: gzip with it';

/** `readsCompressed`: the route reads gzip when told (OTLP's); elsewhere the fix is to send the body uncompressed. */
export function describeNotUtf8(bytes: Uint8Array, readsCompressed = false): string {
  if (!looksGzipped(bytes)) return 'the body is not valid UTF-8';
  return `the body is not valid UTF-8: ${readsCompressed ? GZIP_HINT : 'it is gzip-compressed: send it uncompressed'}`;
}

/**
 * JSON bodies as fastify parses them (prototype poisoning refused), but decoded strictly: bytes that are not UTF-8
 * are refused rather than silently turned into U+FFFD, so that what is stored is what the client sent. JSON alone:
 * OTLP adds protobuf for its own two routes.
 */
export function registerStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // No route reads text: a text/plain body (a form a foreign page posts without a CORS preflight, or a stranger's
  // megabytes at /v1/check) is refused 415 before it is read, not read whole and then refused as "not an object".
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // A large contract or manifest is parsed in the worker pool (overseer/work/raw-upload.ts), not here.
    if (wantsRawUpload(request, body as Buffer)) return done(null, new RawUpload(body as Buffer));
    // isUtf8 checks megabytes far faster than a fatal TextDecoder, and this runs on the event loop.
    if (!isUtf8(body as Buffer)) {
      done(new ApiError('ERR_REQUEST_INVALID', describeNotUtf8(body as Buffer, request.routeOptions.config?.readsCompressed === true)), undefined);
      return;
    }
    const decoded = (body as Buffer).toString('utf8');
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    // Raw UTF-8 cannot hold a surrogate: a lone one arrives only as a \uD8xx escape, so only then is the value walked.
    const surrogates = /\\u[dD][89a-fA-F]/.test(text);
    parseJson(request, text, (error, value) => {
      // Walked only when the text escapes one (raw JSON cannot hold a NUL inside a string). Not an OTLP export: its
      // reader judges each span, and one holding a NUL is counted malformed, not the whole export refused.
      const telemetry = request.routeOptions.config?.readsCompressed === true;
      const nul = !error && !telemetry && text.includes('\\u0000') ? findNulString(value) : undefined;
      if (nul !== undefined) nulStrings.set(request, nul);
      if (error || !surrogates || !hasLoneSurrogate(value)) return done(error, value);
      done(new ApiError('ERR_REQUEST_INVALID', 'the body holds a lone surrogate (an unpaired \\ud800-\\udfff escape): it has no UTF-8 form'), undefined);
    });
  });
}

// Bodies whose strings hold a NUL, and where: refused after validation (registerNulCheck), so that a field whose schema
// already refuses control characters (a branch) is named by its own words.
const nulStrings = new WeakMap<FastifyRequest, string>();

export function registerNulCheck(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const at = nulStrings.get(request);
    if (at !== undefined) throw new ApiError('ERR_REQUEST_INVALID', describeNulString(at));
  });
}

export function hasLoneSurrogate(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (/\p{Cs}/u.test(node)) return true;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) stack.push(key, item);
    }
  }
  return false;
}
