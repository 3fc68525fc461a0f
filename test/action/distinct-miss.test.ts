// A pull request that removes `address.country` with a waiver for the consumer reading it, while that consumer also
// reads `billing.country`, which the contract never returned: the Action folded the second into the first (the same last
// property), waived both, and passed, while can-i-deploy refuses the version on `billing.country`.

import { describe, expect, it } from 'vitest';
import type { TestRegistry } from './harness.js';
import { useActionSession } from './session.js';

let registry: TestRegistry;
let fixtures: Record<string, string>;
const session = useActionSession(async () => {
  ({ registry, fixtures } = session);
  // In an environment of its own: ledger-web's use blocks no other file's pull requests.
  await registry.client.createEnvironment('qa');
  await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'qa' });
  const manifest =
    'service: ledger-web\nowners: ["@acme/ledger"]\nconsumes:\n  users-service:\n    - operation: getUser\n      response: [address.country, billing.country]\n';
  await registry.client.putService('ledger-web', { owners: ['@acme/ledger'] });
  await registry.client.publish('ledger-web', { version: '1.0.0', branch: 'main', manifest });
  await registry.client.recordDeployment({ service: 'ledger-web', version: '1.0.0', environment: 'qa' });
});

const waiver = [
  '- rule: response-optional-property-removed',
  '  operation: GET /users/{id}',
  '  consumer: ledger-web',
  '  field: address.country',
  '  reason: ledger-web stops showing the country',
  '  expires: 2999-12-31',
  '',
].join('\n');

describe('a waived removal beside a field the consumer reads that was never returned', () => {
  it('blocks on the field never returned, as can-i-deploy refuses it', async () => {
    const revision = fixtures['users.base.yaml'].replace('            country: { type: string }\n', '').replace('version: 1.0.0', 'version: 2.0.0');
    expect(revision).not.toContain('country');
    const run = await session.run({
      number: 72,
      headSha: 'e8'.repeat(20),
      revision,
      inputs: { environment: 'qa', waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver },
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'blocked', blocking: '1' });
    expect(run.summary).toContain('billing.country');

    const gate = await registry.client.check({ service: 'users-service', version: 'pr-72', environment: 'qa', contract: revision });
    expect(gate.verdict.decision).toBe('refused');
    // Asked without the waivers, the removal refuses too; the field never returned refuses whatever they say.
    expect(gate.verdict.reasons.map((r) => [r.code, r.consumer, r.field])).toContainEqual(['field-missing', 'ledger-web', 'billing.country']);
  });
});
