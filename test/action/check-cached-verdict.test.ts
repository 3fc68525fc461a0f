// The Action's own check (POST /v1/check) judges what the pull request's service uses of its providers. Behind a cache
// keyed on the path alone, a manifest calling what its provider lacks got the first run's clean verdict and passed. The
// registry gives the question's Idempotency-Key back; the Action refuses another request's verdict (exit 2).

import { describe, expect, it } from 'vitest';
import { startPathKeyedCache } from '../e2e/hostile-proxy.js';
import { useActionSession } from './session.js';

const session = useActionSession();

// users-service calling an operation orders-service (deployed in production) does not offer.
const CALLS_MISSING = `service: users-service
owners: ["@acme/identity"]
consumes:
  orders-service:
    - GET /orders/{id}/refunds
`;

describe("the Action's check behind a cache keyed on the path alone", () => {
  it('refuses the verdict stored for another run, never passing the use its provider lacks', async () => {
    const cache = await startPathKeyedCache(session.registry.url);
    try {
      const first = await session.run({ number: 94, headSha: 'c1'.repeat(20), revision: session.fixtures['users.safe.yaml'], registryUrl: cache.url });
      expect(first.code, first.stdout).toBe(0);
      const second = await session.run({
        number: 95,
        headSha: 'c2'.repeat(20),
        revision: session.fixtures['users.safe.yaml'],
        manifest: CALLS_MISSING,
        registryUrl: cache.url,
      });
      expect(cache.served()).toBe(1);
      expect(second.code, second.stdout).toBe(2);
      expect(second.stdout).toMatch(/ERR_REGISTRY_RESPONSE.*answered POST \/v1\/check with the verdict of another request/);
      expect(second.outputs.verdict).toBe('error');
    } finally {
      await cache.close();
    }
  });
});
