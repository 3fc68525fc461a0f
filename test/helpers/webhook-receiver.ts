// A webhook endpoint on loopback: records each request's raw body and headers, answers what it is told to (200 by
// default, or N failures first), and can go down and come back up on the same port, as a real receiver does.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../overseer/notify/signature.js';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received: signatures are computed over these bytes. */
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Requests answered 2xx. */
  received: ReceivedRequest[];
  /** Every request, failed ones included. */
  attempts: ReceivedRequest[];
  /** The next `count` requests are answered with `status` (default 500). */
  failNext(count: number, status?: number): void;
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Resolves once `count` requests were answered 2xx, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** What a careful receiver checks before acting: the signature over the raw body, and a schema version it reads. */
interface ReceiverChecks {
  secret: string;
  schemaVersion: number;
}

export async function startWebhookReceiver(checks?: ReceiverChecks): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const attempts: ReceivedRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      attempts.push(entry);
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        response.writeHead(failures.status, { 'content-type': 'text/plain' }).end('failing on purpose');
        return;
      }
      const problem = checks && findProblem(entry, checks);
      if (problem) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
        return;
      }
      received.push(entry);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const port = await listen(server, 0);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    attempts,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    down: () => stopListening(server),
    up: async () => void (await listen(server, port)),
    waitFor: (count, timeoutMs = 10_000) =>
      waitUntil(
        () => received.length >= count,
        timeoutMs,
        () => `${received.length} of ${count} webhook requests`,
      ).then(() => received),
    close: () => stopListening(server),
  };
}

function findProblem(entry: ReceivedRequest, checks: ReceiverChecks): string | undefined {
  const header = entry.headers['x-overseer-signature-256'];
  if (typeof header !== 'string' || !verifySignature(checks.secret, entry.body, header)) return 'bad signature';
  const version = (JSON.parse(entry.body) as { schemaVersion?: unknown }).schemaVersion;
  return version === checks.schemaVersion ? undefined : `unknown schema version ${String(version)}`;
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function stopListening(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Polls `done` every 10 ms; the message says what was still missing when time ran out. */
export async function waitUntil(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
