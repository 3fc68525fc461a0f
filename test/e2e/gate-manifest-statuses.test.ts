// A manifest declares the statuses a consumer reads: `statuses: [404]` with the 404's `message`. Before, a manifest had
// no way to say it (the key was refused), so a provider removing its 404, or renaming the 404's fields, was let through
// for every manifest consumer that relies on them: a wrong yes. Judged as a pact expecting the 404 is.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { blockersOf, NOT_FOUND, NOT_FOUND_RENAMED, OK, usersContract } from './users-statuses.js';

// web reads the 200's id and the 404's message; admin reads the 200's id alone.
const WEB = `  users:
    - operation: GET /users/{id}
      response: [id]
    - operation: GET /users/{userId}
      statuses: [404]
      response: [message]`;
const ADMIN = `  users:
    - operation: GET /users/{id}
      response: [id]`;

const session = useRegistry({ name: 'gate-manifest-statuses', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

const blockers = blockersOf(verdictOf);

describe('a manifest use that names the statuses it reads', () => {
  it('is judged on that status: the provider removing it, or a field of its body, is refused for that consumer alone', async () => {
    await publish('users', '1.0.0', { contract: usersContract({ '200': OK, '404': NOT_FOUND }) });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB });
    await publish('admin', '1.0.0', { consumes: ADMIN });
    for (const consumer of ['web', 'admin']) {
      expect(await blockers(consumer, '1.0.0'), consumer).toEqual([]);
      await deploy(consumer, '1.0.0');
    }
    const listed = await cli('consumers', '--service', 'users', '--environment', 'production');
    // One line for the operation, as `overseer usage` and the dashboard's row give it, each declaration with its statuses.
    expect(listed.stdout.split('  web 1.0.0\n')[1]).toBe('    GET /users/{id} (on 2XX: response: id; on 404: response: message)\n');
    const table = await cli('consumers', '--service', 'users', '--env', 'production', '--format', 'markdown');
    expect(table.stdout).toContain('| web | 1.0.0 | GET /users/{id} (on 2XX: response: id; on 404: response: message) |\n');

    // 2.0.0 drops the 404: information for a consumer nobody told, a break for web, which reads it.
    await publish('users', '2.0.0', { contract: usersContract({ '200': OK }) });
    const removed = await blockers('users', '2.0.0');
    expect(removed.filter(([code]) => code === 'breaks-consumer').map(([, consumer]) => consumer)).toEqual(['web']);
    expect(removed.find(([, consumer]) => consumer === 'web')?.[2]).toContain('response 404 was removed');

    // 2.1.0 keeps the 404 but renames its message: web breaks, admin (the 200's id) does not.
    await publish('users', '2.1.0', { contract: usersContract({ '200': OK, '404': NOT_FOUND_RENAMED }) });
    const renamed = await blockers('users', '2.1.0');
    expect(renamed.map(([code, consumer]) => [code, consumer])).toEqual([
      ['breaks-consumer', 'web'],
      ['field-missing', 'web'],
    ]);
    expect(renamed[1]![2]).toBe('GET /users/{id} of users does not return `message`, which web reads');

    // With 2.0.0 deployed all the same, a new web is refused: nothing there answers the 404 it reads.
    await deploy('users', '2.0.0');
    await publish('web', '1.1.0', { consumes: WEB });
    expect(await blockers('web', '1.1.0')).toEqual([['field-missing', 'web', 'GET /users/{id} of users does not answer 404, which web expects']]);
    await publish('admin', '1.1.0', { consumes: ADMIN });
    expect(await blockers('admin', '1.1.0')).toEqual([]);
  });
});
