// Requests that arrive too slowly to ever finish: a body trickled in, headers sent byte by byte. With
// OVERSEER_REQUEST_TIMEOUT_MS (shortened here) each is answered 408 and its connection closed, and /healthz answers.
// Headers too large to read at all (a query string of 1 MB) are refused too; each answer carries its code.

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({ name: 'slow-requests', serveEnv: { OVERSEER_REQUEST_TIMEOUT_MS: '1000' } });

/** Writes `first`, then one byte of `rest` every 200 ms; resolves with all the server said once it closes the connection. */
function trickle(first: string, rest: string): Promise<string> {
  const url = new URL(session.registry.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let heard = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < rest.length && socket.writable) socket.write(rest[sent++] ?? '');
    }, 200);
    socket.on('data', (chunk) => (heard += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(heard);
    });
    socket.write(first);
  });
}

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('requests that never finish arriving', () => {
  it('answers a body trickled in 408 and closes the connection', async () => {
    const headers = head(['POST /v1/check HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 10000']);
    const heard = await trickle(`${headers}{"service":"web","contract":"`, 'x'.repeat(1000));
    expect(heard).toMatch(/^HTTP\/1\.1 408 /);
    expect(heard).toContain('{"code":"ERR_REQUEST_TIMEOUT","message":"the request did not arrive in time');
    expect((await fetch(`${session.registry.url}/healthz`)).status).toBe(200);
  }, 30_000);

  it('answers 50 bodies trickled at once 408 each, and /healthz while they trickle', async () => {
    const headers = head(['POST /v1/check HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 10000']);
    let ended = 0;
    const trickles = Array.from({ length: 50 }, () => trickle(`${headers}{"service":"web","contract":"`, 'x'.repeat(1000)).finally(() => ended++));
    const health = await fetch(`${session.registry.url}/healthz`);
    const endedBeforeHealth = ended;
    const heard = await Promise.all(trickles);
    expect(health.status).toBe(200);
    expect(endedBeforeHealth).toBeLessThan(50);
    expect(heard.filter((h) => /^HTTP\/1\.1 408 /.test(h) && h.includes('"code":"ERR_REQUEST_TIMEOUT"'))).toHaveLength(50);
  }, 30_000);

  it('answers headers sent byte by byte 408 and closes the connection', async () => {
    const heard = await trickle('GET /v1/services HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: '.padEnd(1000, 'y'));
    expect(heard).toMatch(/^HTTP\/1\.1 408 /);
    expect(heard).toContain('"code":"ERR_REQUEST_TIMEOUT"');
    expect((await fetch(`${session.registry.url}/healthz`)).status).toBe(200);
  }, 30_000);

  it('answers headers trickled on a kept-alive connection after its first answer 408, and closes it', async () => {
    // The first request is answered at once; the second's headers start at once and never end.
    const heard = await trickle('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /v1/services HTTP/1.1\r\n', 'X-Slow: '.padEnd(1000, 'y'));
    expect(heard).toMatch(/^HTTP\/1\.1 200 /);
    expect(heard).toMatch(/HTTP\/1\.1 408 [\s\S]*"code":"ERR_REQUEST_TIMEOUT"/);
  }, 30_000);

  it('answers a query string of 1 MB 431 with its code, as JSON', async () => {
    const answer = await fetch(`${session.registry.url}/v1/services?q=${'a'.repeat(1 << 20)}`);
    expect(answer.status).toBe(431);
    expect(await answer.json()).toEqual({ code: 'ERR_HEADERS_TOO_LARGE', message: expect.stringContaining('larger than 16 KB') });
    expect((await fetch(`${session.registry.url}/healthz`)).status).toBe(200);
  });
});
