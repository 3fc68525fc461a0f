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

  // Named by the input, a mistyped path (`api/overseer.yml`) passed with a warning, as if the manifest were left out.
  it('named by the `manifest` input and not there, is no decision naming the input', async () => {
    const run = await session.run({
      number: 84,
      headSha: 'f4'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      manifest: null,
      files: { 'api/overseer.yaml': MANIFEST },
      inputs: { service: 'users-service', manifest: 'api/overseer.yml' },
    });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_MANIFEST_UNREADABLE\)::manifest unreadable: api\/overseer\.yml is not in the workspace; check the `manifest` input and that actions\/checkout ran first$/m,
    );
    expect(run.outputs.verdict).toBe('error');
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
