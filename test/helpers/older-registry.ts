// A registry from before round 25, played by a loopback proxy in front of a real one: its verdicts (POST /v1/can-i-deploy
// and /v1/check) carried no `environment-empty` notice nor the header naming the notices it gives, so the
// proxy takes both out and passes everything else. With `older: false` it passes all: a current registry, watched.
// Either way it lists what it was asked (`asked`, `METHOD /path?query`), as seen on the wire.

import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startOlderRegistry(current: string, { older = true } = {}): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const target = new URL(current);
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: target.host };
      const out = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(body).toString('utf8');
          const isVerdict = /^\/v1\/(can-i-deploy|check)\b/.test(req.url ?? '') && answer.statusCode === 200;
          if (older && isVerdict) {
            const verdict = JSON.parse(text) as { notices?: { code: string }[] };
            const kept = (verdict.notices ?? []).filter((n) => n.code !== 'environment-empty');
            if (kept.length > 0) verdict.notices = kept;
            else delete verdict.notices;
            text = JSON.stringify(verdict);
          }
          const { 'content-length': _length, 'transfer-encoding': _encoding, 'overseer-verdict-notices': given, ...rest } = answer.headers;
          if (!older && given !== undefined) rest['overseer-verdict-notices'] = given;
          res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, asked, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
