// One way to send a hostile request, two transports: `app.inject` and real HTTP on loopback
// (node:http, so that raw bytes, lying lengths and chunked bodies reach the server as written).

import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface HostileRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: string;
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Real HTTP only: send the body in chunks without a content-length. */
  chunked?: boolean;
}

interface HostileAnswer {
  status: number;
  /** The parsed JSON body; undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

export type SendHostile = (request: HostileRequest) => Promise<HostileAnswer>;

function encodeBody(request: HostileRequest): { payload?: Buffer; headers: Record<string, string> } {
  const headers = { ...request.headers };
  if (request.body === undefined) return { headers };
  if (Buffer.isBuffer(request.body)) return { payload: request.body, headers: { 'content-type': 'application/json', ...headers } };
  if (typeof request.body === 'string') return { payload: Buffer.from(request.body), headers: { 'content-type': 'application/json', ...headers } };
  return { payload: Buffer.from(JSON.stringify(request.body)), headers: { 'content-type': 'application/json', ...headers } };
}

function toAnswer(status: number, text: string): HostileAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, json, text };
}

export function createInjectSender(app: FastifyInstance): SendHostile {
  return async (request) => {
    const { payload, headers } = encodeBody(request);
    const response = await app.inject({ method: request.method, url: request.url, headers, ...(payload && { payload }) });
    return toAnswer(response.statusCode, response.body);
  };
}

export function createHttpSender(baseUrl: string): SendHostile {
  const base = new URL(baseUrl);
  return (request) =>
    new Promise((resolve, reject) => {
      const { payload, headers } = encodeBody(request);
      if (payload && !request.chunked) headers['content-length'] ??= String(payload.length);
      // `path` goes out byte for byte: no URL normalisation of `..` or of bad escapes on the way.
      let answered = false;
      const outgoing = httpRequest({ host: base.hostname, port: base.port, method: request.method, path: request.url, headers }, (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve(toAnswer(incoming.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        incoming.on('error', reject);
      });
      // A server that answers early (413) may close before the whole body is written: the answer is what counts.
      outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      outgoing.on('close', () => answered || reject(new Error(`${request.method} ${request.url}: the connection closed without an answer`)));
      if (payload && request.chunked) {
        for (let at = 0; at < payload.length; at += 64 * 1024) outgoing.write(payload.subarray(at, at + 64 * 1024));
        outgoing.end();
      } else {
        outgoing.end(payload);
      }
    });
}
