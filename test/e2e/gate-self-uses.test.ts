// A service that declares itself among its providers (it calls its own API) had that use judged by neither side of
// the gate: a version calling an operation its own contract dropped was deployable, said nothing. Now its own
// shortfall refuses, and a version live there whose calls to itself the candidate would fail during the rollout is
// named in a notice. Against a registry in the test's process.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const contract = (paths: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });

const session = useRegistry({ name: 'gate-self-uses', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a service that calls its own API', () => {
  it('is refused when it calls what its own contract lacks, and told of a live version whose self-calls the candidate fails', async () => {
    // 1.0.0 offers /users and /users/export, and calls its own /users/export (a worker calling its public front).
    await publish('users', '1.0.0', {
      contract: contract({ '/users': { get: ok }, '/users/export': { get: ok } }),
      consumes: '  users:\n    - GET /users/export',
    });
    await deploy('users', '1.0.0');

    // 2.0.0 drops /users/export and still calls it: every such call fails once it runs.
    await publish('users', '2.0.0', { contract: contract({ '/users': { get: ok } }), consumes: '  users:\n    - GET /users/export' });
    const refused = await verdictOf('users', '2.0.0');
    expect(refused.code, JSON.stringify(refused.verdict)).toBe(1);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        code: 'operation-missing',
        consumer: 'users',
        message: expect.stringMatching(/^users 2\.0\.0 calls its own API, and .*GET \/users\/export/),
      }),
    ]);

    // 2.1.0 drops it and stops calling it: deployable, but 1.0.0 calls it until the rollout ends, which the yes says.
    await publish('users', '2.1.0', { contract: contract({ '/users': { get: ok } }) });
    const told = await verdictOf('users', '2.1.0');
    expect(told.code, JSON.stringify(told.verdict)).toBe(0);
    expect(told.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'self-use-rollout',
        message: expect.stringContaining('since users calls its own API: the calls 1.0.0 makes fail when they land on 2.1.0: GET /users/export'),
      }),
    ]);
    const text = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.1.0', '--to', 'production');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("notice: users 1.0.0, live in production, and users 2.1.0 answer each other's calls while both run");

    // 2.3.0 adds /users/import and calls it at once: its calls that land on 1.0.0 fail while both run.
    const both = { '/users': { get: ok }, '/users/export': { get: ok }, '/users/import': { get: ok } };
    await publish('users', '2.3.0', { contract: contract(both), consumes: '  users:\n    - GET /users/import' });
    const early = await verdictOf('users', '2.3.0');
    expect(early.code).toBe(0);
    expect(early.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'self-use-rollout',
        message: expect.stringMatching(/the calls 2\.3\.0 makes fail when they land on 1\.0\.0: .*GET \/users\/import/),
      }),
    ]);

    // A version that keeps what 1.0.0 calls says nothing of the kind.
    await publish('users', '2.2.0', { contract: contract({ '/users': { get: ok }, '/users/export': { get: ok } }) });
    expect((await verdictOf('users', '2.2.0')).verdict.notices ?? []).toEqual([]);
  });

  it('does not say a live version loses a self-call the candidate fails only because the two contracts word the same miss differently', async () => {
    const fields = (properties: Record<string, unknown>) => ({
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } },
    });
    // 1.0.0 reads `nme` of its own GET /accounts/{id}, which it never returned: the miss is said with "did you mean `name`?".
    const consumes = '  accounts:\n    - operation: GET /accounts/{id}\n      response: [nme]';
    await publish('accounts', '1.0.0', { contract: contract({ '/accounts/{id}': { get: fields({ name: { type: 'string' } }) } }), consumes });
    await deploy('accounts', '1.0.0');
    // 1.1.0 names its path parameter otherwise and offers no field near `nme`: the same miss, in other words, and no loss.
    const renamed = contract({ '/accounts/{accountId}': { get: fields({ title: { type: 'string' } }) } });
    await publish('accounts', '1.1.0', { contract: renamed });
    const told = await verdictOf('accounts', '1.1.0');
    expect(told.code, JSON.stringify(told.verdict)).toBe(0);
    expect(told.verdict.notices ?? []).toEqual([]);
  });
});
