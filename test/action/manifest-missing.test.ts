// A monorepo keeps each service's overseer.yaml beside its contract, not at the root where the `manifest` input looks by
// default. With the `service` input set, the run found no manifest and judged nothing of what the service uses of its
// providers, and said "safe" without a word; it now warns, naming the input to set.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

// users-service beside its contract, calling an operation orders-service (deployed in production) does not offer.
const MANIFEST = `service: users-service
owners: ["@acme/identity"]
consumes:
  orders-service:
    - GET /orders/{id}/refunds
`;

describe('a manifest the `manifest` input does not find', () => {
  it('is a warning naming the input, with the `service` input standing in for its name', async () => {
    const run = await session.run({
      number: 81,
      headSha: 'f1'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      manifest: null,
      files: { 'api/overseer.yaml': MANIFEST },
      inputs: { service: 'users-service' },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning title=Overseer::no manifest at overseer\.yaml \(the `manifest` input\), so what users-service uses of its providers was not checked against production: give `manifest` the path of its overseer\.yaml/m,
    );
  });

  it('given, is judged: the use its provider lacks blocks, and nothing warns', async () => {
    const run = await session.run({
      number: 82,
      headSha: 'f2'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      manifest: null,
      files: { 'api/overseer.yaml': MANIFEST },
      inputs: { manifest: 'api/overseer.yaml' },
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain('/orders/{id}/refunds');
    expect(run.stdout).not.toMatch(/no manifest at/);
  });

  it('offline, where no provider is judged, is no warning', async () => {
    const run = await session.run({
      number: 83,
      headSha: 'f3'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      manifest: null,
      registryUrl: null,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/no manifest at/);
  });
});
