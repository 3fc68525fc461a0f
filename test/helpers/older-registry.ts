// A registry from before round 25, played by a loopback proxy in front of a real one: its verdicts (POST /v1/can-i-deploy
// and /v1/check) carried no `environment-empty` notice, so the proxy takes that notice out and passes everything else.

import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startOlderRegistry(current: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(current);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: target.host };
      const out = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(body).toString('utf8');
          if (/^\/v1\/(can-i-deploy|check)\b/.test(req.url ?? '') && answer.statusCode === 200) {
            const verdict = JSON.parse(text) as { notices?: { code: string }[] };
            const kept = (verdict.notices ?? []).filter((n) => n.code !== 'environment-empty');
            if (kept.length > 0) verdict.notices = kept;
            else delete verdict.notices;
            text = JSON.stringify(verdict);
          }
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
