// A consumer published from several Pact files (one per test suite) kept no manifest path, so what the Action said of a
// use it declares pointed nowhere. Each use now keeps its file: the annotation and the comment name the pact file whose
// interaction reads the field, not the first file, nor a line without its file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionSession, startActionSession } from './session.js';

let session: ActionSession;
beforeAll(async () => {
  session = await startActionSession();
});
afterAll(() => session?.close());

describe('a registry consumer published from several pact files', () => {
  it('names the pact file that declares the use the contract does not offer', async () => {
    const { registry, fixtures } = session;
    await registry.client.createEnvironment('pacts');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'pacts' });
    await registry.client.putService('pact-shop', { owners: [] });
    // As `overseer publish --pact pacts/shop-ids.json pacts/shop-users.json` sends it: both interactions open on line 9.
    const uses = [
      { operation: 'GET /users/{id}', response: ['id'], line: 9, file: 'pacts/shop-ids.json' },
      { operation: 'GET /users/{id}', response: ['nickname'], line: 9, file: 'pacts/shop-users.json' },
    ];
    await registry.client.publish('pact-shop', { version: '1.0.0', declarations: [{ consumer: 'pact-shop', provider: 'users-service', uses }] });
    await registry.client.recordDeployment({ service: 'pact-shop', version: '1.0.0', environment: 'pacts' });

    const result = await session.run({ number: 91, headSha: '91'.repeat(20), revision: fixtures['users.safe.yaml'], inputs: { environment: 'pacts' } });
    expect(result.code, result.stdout).toBe(1);
    const annotation = result.stdout.split('\n').find((l) => l.startsWith('::error title=pact-shop%3A field-missing::'));
    expect(annotation).toMatch(/nickname.* \(declared at pacts\/shop-users\.json:9\)$/);
    const [comment] = session.markerComments(91);
    const row = comment.body.split('\n').find((l) => l.startsWith('| **pact-shop** |'));
    expect(row).toMatch(/\| pacts\/shop-users\.json:9 \|$/);
  });
});
