// A consumer deployed in the environment that reads what the contract does not return blocks the pull request, as
// can-i-deploy refuses the version; but a pull request that left info.version where it was while adding to the
// contract (a version warning) had its count redone without such uses, and passed: exit 0, verdict `safe`.

import { describe, expect, it } from 'vitest';
import type { TestRegistry } from './harness.js';
import { useActionSession } from './session.js';

let registry: TestRegistry;
let fixtures: Record<string, string>;
const session = useActionSession(async () => {
  ({ registry, fixtures } = session);
  // In an environment of its own: profile-web blocks every other file's pull requests nowhere.
  await registry.client.createEnvironment('staging');
  await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' });
  const manifest = 'service: profile-web\nowners: ["@acme/profile"]\nconsumes:\n  users-service:\n    - operation: getUser\n      response: [nickname]\n';
  await registry.client.putService('profile-web', { owners: ['@acme/profile'] });
  await registry.client.publish('profile-web', { version: '1.0.0', branch: 'main', manifest });
  await registry.client.recordDeployment({ service: 'profile-web', version: '1.0.0', environment: 'staging' });
});

describe('a pull request whose version bump is too small, against a consumer reading a field never returned', () => {
  it('blocks on the use, as can-i-deploy refuses it', async () => {
    // users.safe.yaml adds an operation and a field: a minor change, left at 1.0.0 here.
    const revision = fixtures['users.safe.yaml'].replace('version: 1.1.0', 'version: 1.0.0');
    const run = await session.run({ number: 71, headSha: 'e7'.repeat(20), revision, inputs: { environment: 'staging' } });
    expect(run.stdout).toContain('info.version 1.0.0 -> 1.0.0 did not change, but the changes need a minor bump');
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'blocked', blocking: '1' });
    expect(run.summary).toContain('nickname');

    const gate = await registry.client.check({ service: 'users-service', version: 'pr-71', environment: 'staging', contract: revision });
    expect(gate.verdict.decision).toBe('refused');
    expect(gate.verdict.reasons.map((r) => [r.code, r.consumer, r.field])).toEqual([['field-missing', 'profile-web', 'nickname']]);
  });
});
