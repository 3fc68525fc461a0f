// Requests fetch() cannot make: a body announced but never sent in full, so a test can tell whether the registry
// answered before reading it.

import { request } from 'node:http';
import { connect } from 'node:net';

/** A GET with no token, sent from `localAddress` (another loopback address: another stranger, to the registry). */
export function getFrom(base: string, urlPath: string, localAddress: string): Promise<RawAnswer & { headers: Record<string, unknown> }> {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    const asking = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, localAddress }, (answer) => {
      let text = '';
      answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: JSON.parse(text) }));
    });
    asking.on('error', reject);
    asking.end();
  });
}

interface RawAnswer {
  status: number;
  body: unknown;
}

/**
 * Announces a body of `bytes`, sends only its first 64 KB, and waits for the answer: one that comes was given without
 * reading the body (the rest was never sent). A server that read first would never answer, and the test would time out.
 */
export function answerBeforeBody(base: string, urlPath: string, bytes: number, headers: Record<string, string>, method = 'POST'): Promise<RawAnswer> {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    const sending = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: { 'content-type': 'application/json', 'content-length': bytes, ...headers },
      },
      (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () => {
          sending.destroy();
          resolve({ status: answer.statusCode ?? 0, body: JSON.parse(text) });
        });
      },
    );
    sending.on('error', reject);
    sending.write(`{"name": "${'x'.repeat(Math.min(bytes - 20, 64 * 1024))}`);
  });
}

interface HeldRequest {
  /** Sends the body and ends the request: only then may the registry answer it (unless it refused it before the body). */
  finish(): void;
  /** The registry's answer, whenever it comes. */
  answer: Promise<RawAnswer>;
}

/**
 * A request that holds whatever room the registry gave it for as long as the test chooses, whatever the machine's speed:
 * its headers ask `Expect: 100-continue` and its body waits for `finish`. Resolves at the 100 Continue, which Node writes
 * just before it hands the request to the app: the registry runs in the test's process, so its onRequest hooks (the
 * admission) have run before the test can read it. A request refused at once resolves with its answer already there.
 */
export function holdBody(base: string, urlPath: string, body: string, headers: Record<string, string> = {}): Promise<HeldRequest> {
  const url = new URL(urlPath, base);
  return new Promise((resolve, reject) => {
    let answered!: (answer: RawAnswer) => void;
    let failed!: (error: Error) => void;
    const answer = new Promise<RawAnswer>((settle, fail) => {
      answered = settle;
      failed = fail;
    });
    const sending = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue', ...headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => answered({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        resolve(held);
      },
    );
    const held: HeldRequest = { finish: () => sending.end(body), answer };
    sending.on('continue', () => resolve(held));
    sending.on('error', (error) => {
      reject(error);
      failed(error);
    });
    sending.flushHeaders();
  });
}

/**
 * A stranger's request that costs him nothing after it is sent: written, the sending side closed (FIN) and the socket
 * let go without reading a byte. The registry takes it for a half-closed client, still reading, and does its work.
 * `localAddress` sends it from another loopback address (127.0.0.2): another stranger, to the registry.
 */
export function sendAndLeave(base: string, path: string, localAddress?: string): Promise<void> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect({ port: Number(url.port), host: url.hostname, ...(localAddress && { localAddress }) });
    socket.on('error', () => resolve());
    socket.end(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, () => {
      socket.destroy();
      resolve();
    });
  });
}
