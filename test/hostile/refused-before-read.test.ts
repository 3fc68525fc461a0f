// Requests refused before they have arrived in full, sent by a client that writes its whole request before it reads
// (as Python's http.client does): a body ten times the telemetry bound, and a request line of 8 MB. The registry closed
// the connection as soon as it answered, the bytes still arriving were answered with a reset, and the client saw EPIPE
// or ECONNRESET instead of the 413 or 431 that names the bound. Over real HTTP, against a registry with a token.

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const TOKEN = 'the-admin-token-of-refused-before-read';
const session = useRegistry({ name: 'refused-before-read', serveEnv: { OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_MAX_TELEMETRY_BYTES: String(1024 * 1024) } });

interface Heard {
  /** The error the client's write ended with, if any (EPIPE, ECONNRESET). */
  writeError?: string;
  /** All the registry said before the connection closed. */
  heard: string;
}

/** Writes `head` and `body` whole, and only then reads: resolves with what the registry said once the connection closes. */
function writeThenRead(head: string, body: Buffer = Buffer.alloc(0)): Promise<Heard> {
  const url = new URL(session.registry.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let writeError: string | undefined;
    socket.pause();
    socket.on('error', (error: NodeJS.ErrnoException) => (writeError ??= error.code ?? error.message));
    socket.on('close', () => resolve({ ...(writeError && { writeError }), heard: Buffer.concat(chunks).toString('latin1') }));
    socket.write(head);
    socket.write(body, (error) => {
      if (error) return;
      // Everything is written: now the client reads.
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.resume();
    });
  });
}

const health = async () => (await fetch(`${session.registry.url}/healthz`)).status;

describe('a request refused before it has arrived in full', () => {
  it('is answered 413 naming the bound when its body is ten times the telemetry bound, written whole before reading', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024, 0x0a);
    const head = [
      'POST /v1/traces HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${TOKEN}`,
      'Content-Type: application/x-protobuf',
      `Content-Length: ${body.length}`,
    ];
    const answer = await writeThenRead(`${head.join('\r\n')}\r\n\r\n`, body);
    expect(answer.writeError).toBeUndefined();
    expect(answer.heard).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.heard).toContain('ERR_BODY_TOO_LARGE: the export is larger than the 1 MiB the registry reads at once');
    expect(await health()).toBe(200);
  }, 60_000);

  it('is answered 413 naming the bound and its setting when a publication is past it, written whole before reading', async () => {
    const body = Buffer.from(`{"version":"1.0.0","contract":"${'x'.repeat(40 * 1024 * 1024)}"}`);
    const head = [
      'POST /v1/services/users/versions HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${TOKEN}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
    ];
    const answer = await writeThenRead(`${head.join('\r\n')}\r\n\r\n`, body);
    expect(answer.writeError).toBeUndefined();
    expect(answer.heard).toMatch(/^HTTP\/1\.1 413 /);
    // The bound is named, and what sets it: fastify's own words named neither.
    expect(answer.heard).toContain(
      '{"code":"ERR_BODY_TOO_LARGE","message":"the request body is larger than the 20 MiB this route accepts: a contract of up to OVERSEER_MAX_CONTRACT_BYTES',
    );
  }, 60_000);

  it('is answered 431 with its code when its request line is 8 MB, written whole before reading', async () => {
    const answer = await writeThenRead(`GET /v1/services?q=${'a'.repeat(8 * 1024 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer.writeError).toBeUndefined();
    expect(answer.heard).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.heard).toContain('"code":"ERR_HEADERS_TOO_LARGE"');
    expect(await health()).toBe(200);
  }, 60_000);

  it('is not held open by a client that goes on trickling the body it announced: the connection is closed after the answer', async () => {
    const url = new URL(session.registry.url);
    const closed = await new Promise<string>((resolve) => {
      const socket = connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
      let heard = '';
      // A byte every 100 ms for as long as the connection lasts: only the registry can end it.
      const timer = setInterval(() => socket.writable && socket.write('x'), 100);
      socket.on('data', (chunk: Buffer) => (heard += chunk.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve(heard);
      });
      socket.write(
        `POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/x-protobuf\r\nContent-Length: 50000000\r\n\r\n`,
      );
    });
    expect(closed).toMatch(/^HTTP\/1\.1 413 /);
  }, 30_000);
});
