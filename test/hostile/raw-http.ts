// Requests fetch() cannot make: a body announced but never sent in full, so a test can tell whether the registry
// answered before reading it.

import { request } from 'node:http';

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
