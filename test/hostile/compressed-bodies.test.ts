// A compressed body sent to a registry route, which reads none: the Content-Encoding was ignored, the gzip bytes read as
// JSON, and the 400 told the client to "send Content-Encoding: gzip", the header it had sent. Over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';
import { answerBeforeBody } from './raw-http.js';

const ADMIN = 'admin-token-for-compressed-bodies';
const REFUSED = {
  code: 'ERR_REQUEST_ENCODING',
  message: 'Content-Encoding gzip is not read here: send the body uncompressed (only /v1/traces and /v1/metrics read gzip or deflate)',
};

let dir: string;
let registry: RegistryHere;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-compressed-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function put(body: Uint8Array, headers: Record<string, string>): Promise<Response> {
  return fetch(`${registry.url}/v1/services/users-service`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...headers },
    body: new Uint8Array(body),
  });
}

describe('a compressed body sent to a registry route', () => {
  it('is refused 415 ERR_REQUEST_ENCODING, saying to send it uncompressed, and nothing is written', async () => {
    const answer = await put(gzipSync(JSON.stringify({ owners: ['@acme/users'] })), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(415);
    expect(await answer.json()).toEqual(REFUSED);
    const read = await fetch(`${registry.url}/v1/services/users-service`);
    expect(read.status).toBe(404);
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });

  it('is refused before its body is read: a body of 64 MB announced and never sent is answered', async () => {
    const answer = await answerBeforeBody(
      registry.url,
      '/v1/services/users-service',
      64 << 20,
      { authorization: `Bearer ${ADMIN}`, 'content-encoding': 'gzip' },
      'PUT',
    );
    expect(answer).toEqual({ status: 415, body: REFUSED });
  });

  it('without a Content-Encoding is told to send it uncompressed, not to send the header', async () => {
    const answer = await put(gzipSync(JSON.stringify({ owners: ['@acme/users'] })), {});
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: 'the body is not valid UTF-8: it is gzip-compressed: send it uncompressed' });
  });

  it('is still read where it may be: an OTLP/JSON export compressed with gzip', async () => {
    const answer = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(JSON.stringify({ resourceSpans: [] }))),
    });
    expect(answer.status).toBe(200);
  });
});
