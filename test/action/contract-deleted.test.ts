// A pull request that deletes the contract retires the service, or the API it offers: the run said "contract
// unreadable" (exit 2) and judged nothing, so who still calls it was never named. It is now judged as a contract with no
// operation: every consumer still calling the service is broken, and a service nobody calls is retired safely.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

describe('a pull request that deletes the contract', () => {
  it('blocks, naming the consumers deployed in production that still call the service', async () => {
    const run = await session.run({ number: 91, headSha: 'd1'.repeat(20), revision: null });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain(
      'This pull request deletes `api/openapi.yaml`: judged as a contract with no operation, so every consumer still calling the service is broken.',
    );
    expect(run.summary).toMatch(/\*\*\d+ blocking\*\* \(breaks [^)]*checkout-web/);
    expect(run.stdout).not.toContain('contract unreadable');
    // The base offered what they name: the deletion, not the base, leaves their uses unmet.
    expect(run.summary).toContain('declare 2 uses the revision does not offer (deleted with the contract)');
    expect(run.summary).not.toContain('the base fails it too');
    expect(run.outputs.verdict).toBe('blocked');
  });

  it('offline, every operation removed is a breaking change', async () => {
    const run = await session.run({ number: 92, headSha: 'd2'.repeat(20), revision: null, registryUrl: null });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain('This pull request deletes `api/openapi.yaml`');
    expect(run.summary).toMatch(/GET \/users\/\{id\}/);
  });

  it('missing at the base too is a wrong `contract` input: no decision', async () => {
    const run = await session.run({ number: 93, headSha: 'd3'.repeat(20), revision: null, base: null });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toContain('contract unreadable: api/openapi.yaml is not in the workspace nor at the base commit');
  });
});
