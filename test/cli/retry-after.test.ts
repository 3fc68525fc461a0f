// A busy registry answers 503 ERR_BUSY with Retry-After: 2. The CLI asked again after 100, 200, 400 ms..., each time
// meeting the same refusal and adding to the load that caused it; it now waits what the registry asked, within its
// OVERSEER_RETRY_MS. Against a real loopback server; only the waiting itself is recorded instead of slept.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../cli/client.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A registry that refuses the first `busy` requests as busy, asking for `retryAfter`, then lists no environment. */
async function startBusy(busy: number, retryAfter: string): Promise<{ url: string; asked: () => number }> {
  let asked = 0;
  server = createServer((_request, response) => {
    asked++;
    if (asked <= busy) {
      const body = JSON.stringify({ code: 'ERR_BUSY', message: 'the registry is busy answering other deploy questions: retry in 2 s' });
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': retryAfter }).end(body);
    } else response.writeHead(200, { 'content-type': 'application/json' }).end('{"environments":[]}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, asked: () => asked };
}

describe('a registry that asks to be asked again later', () => {
  it('is asked again after the seconds its Retry-After names, not at once', async () => {
    const registry = await startBusy(1, '2');
    const waits: number[] = [];
    const client = createRegistryClient({ baseUrl: registry.url, sleep: async (ms) => void waits.push(ms) });
    expect(await client.listEnvironments()).toEqual([]);
    expect(waits).toEqual([2000]);
    expect(registry.asked()).toBe(2);
  });

  it('is answered with its refusal when the wait it asks for is past OVERSEER_RETRY_MS', async () => {
    const registry = await startBusy(1, '30');
    const waits: number[] = [];
    const client = createRegistryClient({ baseUrl: registry.url, retryForMs: 5000, sleep: async (ms) => void waits.push(ms) });
    await expect(client.listEnvironments()).rejects.toThrow(/ERR_BUSY|busy/);
    expect(waits).toEqual([]);
    expect(registry.asked()).toBe(1);
  });

  it('keeps its own backoff when the answer names no wait', async () => {
    const registry = await startBusy(2, '');
    const waits: number[] = [];
    const client = createRegistryClient({ baseUrl: registry.url, sleep: async (ms) => void waits.push(ms) });
    expect(await client.listEnvironments()).toEqual([]);
    expect(waits).toEqual([100, 200]);
  });
});
