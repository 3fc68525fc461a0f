// A contract moved in a pull request without a rename GitHub records has no base there: the Action compares it with
// the version of the service live in the environment, as the gate will, so a change breaking its consumers blocks.
import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

const breakWithoutRemoving = (b: string) =>
  b
    .replace('        id: { type: string }', '        id: { type: integer }')
    .replace(
      '          required: true\n          schema: { type: string }\n      responses:',
      '          required: true\n          schema: { type: string }\n        - name: tenant\n          in: query\n          required: true\n          schema: { type: string }\n      responses:',
    );

describe('a contract new at its path, for a service the registry has deployed', () => {
  it('blocks, as it does when the base holds the contract', async () => {
    const revision = breakWithoutRemoving(session.fixtures['users.base.yaml']);
    expect(revision).not.toBe(session.fixtures['users.base.yaml']);
    const withBase = await session.run({ number: 371, headSha: 'e1'.repeat(20), revision });
    expect(withBase.code).toBe(1);
    const moved = await session.run({ number: 372, headSha: 'e2'.repeat(20), revision, base: null });
    expect(moved.outputs.verdict).toBe('blocked');
    expect(moved.code).toBe(1);
    expect(moved.outputs.blocking).toBe(withBase.outputs.blocking);
  });

  it('says in the comment what it was compared with, and who breaks', async () => {
    const revision = breakWithoutRemoving(session.fixtures['users.base.yaml']);
    await session.run({ number: 373, headSha: 'e3'.repeat(20), revision, base: null });
    const [comment] = session.markerComments(373);
    expect(comment.body).toContain(
      'No base in this pull request (the contract is new at its path, or moved without a rename GitHub records): compared with users-service 1.0.0, live in production. 2 changes would break 3 consumers deployed in production.',
    );
    expect(comment.body).toContain('**2 blocking** (breaks billing-worker, checkout-web, orders-service)');
    expect(comment.body).toContain('users-service 1.0.0 (live in production) → head `e3e3e3e`');
    expect(comment.body).toContain('new required query parameter `tenant`');
    expect(comment.body).toContain('Name its path at the base commit in the `base-contract` input');
    expect(comment.body).not.toContain('The contract is new in this pull request');
  });

  it('passes a change that breaks none of them, saying what it was compared with', async () => {
    const moved = await session.run({ number: 374, headSha: 'e4'.repeat(20), revision: session.fixtures['users.safe.yaml'], base: null });
    expect(moved.code).toBe(0);
    expect(moved.outputs.verdict).toBe('safe');
    expect(moved.summary).toContain('compared with users-service 1.0.0, live in production. No change breaks');
  });

  it('judges a service the registry does not know as new, with nothing to compare with', async () => {
    const result = await session.run({
      number: 375,
      headSha: 'e5'.repeat(20),
      revision: breakWithoutRemoving(session.fixtures['users.base.yaml']),
      base: null,
      manifest: 'service: inventory-service\nowners: ["@acme/inventory"]\n',
      inputs: { service: 'inventory-service' },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    expect(result.summary).toContain('The contract is new in this pull request: no consumer deployed in production uses inventory-service.');
    expect(result.summary).not.toContain('compared with');
  });

  it('says that the live version lacks a use too, when no change of the pull request caused it', async () => {
    const { client } = session.registry;
    await client.createEnvironment('moved-unmet');
    await client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'moved-unmet' });
    const manifest = 'service: avatar-web\nowners: ["@acme/avatar"]\nconsumes:\n  users-service:\n    - operation: GET /users/{id}/avatar\n';
    await client.putService('avatar-web', { owners: ['@acme/avatar'] });
    await client.publish('avatar-web', { version: '1.0.0', branch: 'main', manifest });
    await client.recordDeployment({ service: 'avatar-web', version: '1.0.0', environment: 'moved-unmet' });
    const moved = await session.run({
      number: 376,
      headSha: 'e6'.repeat(20),
      revision: session.fixtures['users.safe.yaml'],
      base: null,
      inputs: { environment: 'moved-unmet' },
    });
    expect(moved.code, moved.stdout).toBe(1);
    expect(moved.summary).toContain('avatar-web declares 1 use the revision does not offer (no change caused it: the live version lacks it too)');
    expect(moved.summary).toContain('the live version fails it too, and the gate refuses it');
  });
});
