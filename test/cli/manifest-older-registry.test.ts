// A manifest using a key an older registry does not know (a use's `statuses`): the newer CLI reads it, the older
// registry refuses it (400 ERR_MANIFEST_INVALID, "is not a known key"), and the CLI says that the registry is the older
// one and what order to upgrade in. Before, the registry's words alone sent people to fix a manifest that was right.
// The older registry is played by a loopback proxy in front of a real one, answering publish and check as the release
// before `statuses` answered them on the wire (its words, checked by hand against that release).

import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const OLDER_WORDS =
  'overseer.yaml:6: consumes.users[0].statuses is not a known key; use operation, params, request, response, request_media_types or response_media_types';

const session = useRegistry({ name: 'manifest-older-registry' });
let older: { url: string; close(): Promise<void> };

/** Passes every request to the registry, but refuses a manifest naming `statuses` as the older release did. */
async function startOlder(current: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(current);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && body.toString('utf8').includes('statuses:')) {
        const text = JSON.stringify({ code: 'ERR_MANIFEST_INVALID', message: OLDER_WORDS, line: 6 });
        res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      const out = forward(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  older = await startOlder(session.registry.url);
});
afterAll(async () => {
  await older?.close();
});

const MANIFEST = `service: web
owners: ["@acme/web"]
consumes:
  users:
    - operation: GET /users/{id}
      statuses: [404]
      response: [message]
`;

describe('a newer CLI sending a manifest to an older registry', () => {
  it('says the registry is the older one and to upgrade it first, for publish and check', async () => {
    const folder = join(session.dir, 'web');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'overseer.yaml'), MANIFEST);
    const manifest = join(folder, 'overseer.yaml');
    const advice = `the registry at ${older.url} is of an older release than this overseer, which reads every key of this manifest: upgrade the registry first, then the CLI`;
    for (const args of [
      ['publish', '--manifest', manifest, '--version', '1.0.0'],
      ['check', '--manifest', manifest],
    ]) {
      const done = await session.cli(...args, '--registry', older.url);
      expect(done.code, args[0]).toBe(2);
      expect(done.stderr, args[0]).toContain(`error ERR_MANIFEST_INVALID: ${OLDER_WORDS}\n${advice}\n`);
    }
    // The current registry takes the same manifest.
    const published = await session.cli('publish', '--manifest', manifest, '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
  });
});
