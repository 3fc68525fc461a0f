// A pull request that deletes the contract retires the service, or the API it offers: the run said "contract
// unreadable" (exit 2) and judged nothing, so who still calls it was never named. It is now judged as a contract with no
// operation: every consumer still calling the service is broken, and a service nobody calls is retired safely.

import { describe, expect, it } from 'vitest';
import { baseShaOf } from './harness.js';
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
    expect(run.summary).not.toContain('the base fails it too');
    expect(run.outputs.verdict).toBe('blocked');
  });

  // billing-worker names `listUsers` by operationId: the removal of GET /users and "users-service does not offer
  // listUsers" were two rows, two blocking findings and two annotations for one fault.
  it('says each fault once: a use named by operationId is the removal of the operation the base gave that id', async () => {
    const run = await session.run({ number: 94, headSha: 'd4'.repeat(20), revision: null });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain('**2 blocking** (breaks billing-worker, checkout-web, orders-service)');
    expect(run.summary).not.toContain('operation-missing');
    expect(run.summary).not.toContain('does not offer listUsers');
    expect(run.stdout).not.toMatch(/operation-missing/);
    expect(run.stdout).toContain('api/openapi.yaml: 2 blocking findings');
  });

  // The contract is in no file of the head: GitHub showed the annotations on it nowhere, and the table's links led to
  // a file the head does not have.
  it('annotates the manifest that provided it, and links each change to its line in the base', async () => {
    const run = await session.run({ number: 95, headSha: 'd5'.repeat(20), revision: null });
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::error file=') || line.startsWith('::notice file='));
    expect(commands.length).toBe(3);
    expect(commands.every((line) => line.includes(' file=overseer.yaml,title='))).toBe(true);
    expect(run.stdout).toContain(
      '::error file=overseer.yaml,title=GET /users%3A api-path-removed-without-deprecation::path /users (GET) was removed without being deprecated first (breaking, blocking)',
    );
    expect(run.stdout).not.toContain('file=api/openapi.yaml');
    const base = baseShaOf(95);
    expect(run.summary).toContain(`[api/openapi.yaml@${base.slice(0, 7)}:7](https://github.com/acme/users-service/blob/${base}/api/openapi.yaml#L7)`);
    expect(run.summary).not.toContain('/blob/d5d5');
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
