// A consumer published from several Pact files (one per test suite) kept no manifest path, so what the Action said of a
// use it declares pointed nowhere. Each use now keeps its file: the annotation and the comment name the pact file whose
// interaction reads the field, not the first file, nor a line without its file.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishPacts } from '../../cli/commands/publish-pact.js';
import { pactFile } from '../helpers/pact-file.js';
import { useActionSession } from './session.js';

const session = useActionSession();

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

  // One pact file calling getUser for its id and for a nickname: both were one use at the first interaction's line.
  it('names the interaction that reads the field, among several of one operation in one pact file', async () => {
    const { registry } = session;
    await registry.client.createEnvironment('pact-suites');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'pact-suites' });
    const dir = await mkdtemp(join(tmpdir(), 'overseer-action-pact-'));
    try {
      await mkdir(join(dir, 'pacts'));
      const interactions = [
        { description: 'a user id', path: '/users/7', body: { id: '7' } },
        { description: 'a user with a nickname', path: '/users/9', body: { id: '9', nickname: 'n' } },
      ];
      // As a pact library writes it, indented: the first interaction opens on line 9, the second on line 22.
      const text = JSON.stringify(JSON.parse(pactFile('pact-trio', 'users-service', interactions)), null, 2);
      await writeFile(join(dir, 'pacts/trio-users.json'), text);
      await publishPacts(registry.client, dir, ['pacts/trio-users.json'], { version: '1.0.0' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await registry.client.recordDeployment({ service: 'pact-trio', version: '1.0.0', environment: 'pact-suites' });

    const revision = session.fixtures['users.safe.yaml'];
    const result = await session.run({ number: 92, headSha: '92'.repeat(20), revision, inputs: { environment: 'pact-suites' } });
    expect(result.code, result.stdout).toBe(1);
    const annotation = result.stdout.split('\n').find((l) => l.startsWith('::error title=pact-trio%3A field-missing::'));
    expect(annotation).toMatch(/nickname.* \(declared at pacts\/trio-users\.json:22\)$/);
  });
});
