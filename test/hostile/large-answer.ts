// A registry holding one contract larger than what loopback's socket buffers take on both sides (about 4 MB here), so
// that the rest of its answer waits in the registry: what the tests of clients reading it slowly, or not at all, ask for.

import { expect } from 'vitest';
import { createHttpSender } from '../reliability/hostile-transport.js';
import { type ListedRegistry, startListedRegistry } from './listed-registry.js';

export const LARGE_CONTRACT = `openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {}\nx-padding: "${'x'.repeat(12 * 1024 * 1024)}"\n`;
export const LARGE_CONTRACT_URL = '/v1/services/users/versions/1.0.0/contract';

/** The registry started with `env` (its admin token among it), users 1.0.0 published with the large contract. */
export async function startWithLargeContract(env: Record<string, string> & { OVERSEER_ADMIN_TOKEN: string }): Promise<ListedRegistry> {
  const registry = await startListedRegistry(env);
  const published = await createHttpSender(registry.url)({
    method: 'POST',
    url: '/v1/services/users/versions',
    body: { version: '1.0.0', contract: LARGE_CONTRACT, service: { owners: ['@acme'] } },
    // Closed after it: a connection that ends during the test would stand in for an unread or slow one still open.
    headers: { authorization: `Bearer ${env.OVERSEER_ADMIN_TOKEN}`, connection: 'close' },
  });
  expect(published.status, published.text).toBe(201);
  return registry;
}
