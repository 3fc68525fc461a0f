// A pact expects a status: a consumer whose test expects 404 from GET /users/{id} reads the 404's body, not the 200's.
// Before, the pact's status was dropped: the 404's `message` was looked for in the 200 body (a wrong no to a consumer
// the provider serves), and a provider removing its 404, or renaming the 404's fields, was let through (a wrong yes).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { blockersOf, NOT_FOUND, NOT_FOUND_RENAMED, OK, usersContract } from './users-statuses.js';

const interaction = (status: number, body: object, v4 = false) => ({
  description: `get a user (${status})`,
  ...(v4 && { type: 'Synchronous/HTTP' }),
  request: { method: 'GET', path: '/users/42' },
  response: { status, ...(v4 ? { body: { content: body, contentType: 'application/json', encoded: false } } : { body }) },
});
const pactOf = (consumer: string, specification: string, interactions: object[]) => ({
  consumer: { name: consumer },
  provider: { name: 'users' },
  interactions,
  metadata: { pactSpecification: { version: specification } },
});
const PACTS = {
  // v2: the 404 is read for its message.
  'web.json': pactOf('web', '2.0.0', [interaction(404, { message: 'no user 42' })]),
  // v3: the 200 only.
  'admin.json': pactOf('admin', '3.0.0', [interaction(200, { id: '42' })]),
  // v4: the 404's code, and the 200's email.
  'kiosk.json': pactOf('kiosk', '4.0', [interaction(404, { code: 'NOT_FOUND' }, true), interaction(200, { email: 'a@b.c' }, true)]),
};

const session = useRegistry({
  name: 'gate-pact-statuses',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    for (const [file, pact] of Object.entries(PACTS)) await writeFile(join(s.dir, file), JSON.stringify(pact));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

async function publishPact(consumer: string, version: string): Promise<void> {
  const published = await cli('publish', '--pact', join(session.dir, `${consumer}.json`), '--version', version);
  expect(published.code, published.stderr).toBe(0);
}

const blockers = blockersOf(verdictOf);

describe('a pact that expects a status', () => {
  it('reads that status body, and is judged when the provider removes it or changes it', async () => {
    await publish('users', '1.0.0', { contract: usersContract({ '200': OK, '404': NOT_FOUND }) });
    await deploy('users', '1.0.0');
    for (const consumer of ['web', 'admin', 'kiosk']) {
      await publishPact(consumer, '1.0.0');
      expect(await blockers(consumer, '1.0.0'), consumer).toEqual([]);
      await deploy(consumer, '1.0.0');
    }
    // The listing says which status each use expects.
    const listed = await cli('consumers', '--service', 'users', '--environment', 'production');
    expect(listed.stdout).toContain('  web 1.0.0\n    GET /users/{id} (response: message; on 404)\n');

    // 2.0.0 drops the 404: information for a consumer nobody told, a break for the two whose tests expect it.
    await publish('users', '2.0.0', { contract: usersContract({ '200': OK }) });
    const removed = await blockers('users', '2.0.0');
    expect(removed.filter(([code]) => code === 'breaks-consumer').map(([, consumer]) => consumer)).toEqual(['kiosk', 'web']);
    expect(removed.find(([, consumer]) => consumer === 'web')?.[2]).toContain('response 404 was removed');

    // 2.1.0 keeps the 404 but renames its message: only the consumer reading the message breaks.
    await publish('users', '2.1.0', { contract: usersContract({ '200': OK, '404': NOT_FOUND_RENAMED }) });
    const renamed = await blockers('users', '2.1.0');
    expect(renamed.filter(([code]) => code === 'breaks-consumer').map(([, consumer]) => consumer)).toEqual(['web']);

    // With 2.0.0 deployed all the same, a new web is refused: nothing there answers the 404 its test expects.
    await deploy('users', '2.0.0');
    await publishPact('web', '1.1.0');
    expect(await blockers('web', '1.1.0')).toEqual([['field-missing', 'web', 'GET /users/{id} of users does not answer 404, which web expects']]);
    await publishPact('admin', '1.1.0');
    expect(await blockers('admin', '1.1.0')).toEqual([]);
  });
});
