// A deprecated field of an error response is in use by the consumers that read that response: a pact expecting 404
// with a `message`, or a manifest use with `statuses: [404]`. Before, only the success responses' fields were listed,
// so `overseer migrations` did not name the 404's deprecated `message` at all, nobody was told before its sunset, and
// its removal was never said to be one a consumer still blocks.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { usersContract } from './users-statuses.js';

const string = (more: object = {}) => ({ type: 'string', ...more });
const json = (properties: object) => ({ content: { 'application/json': { schema: { type: 'object', properties } } } });
const USERS = usersContract({
  '200': { description: 'a user', ...json({ id: string(), email: string({ deprecated: true }) }) },
  '404': { description: 'no such user', ...json({ message: string({ deprecated: true, 'x-sunset': '2027-03-01' }), code: string() }) },
});

const KIOSK_PACT = {
  consumer: { name: 'kiosk' },
  provider: { name: 'users' },
  interactions: [{ description: 'no user 42', request: { method: 'GET', path: '/users/42' }, response: { status: 404, body: { message: 'no user 42' } } }],
  metadata: { pactSpecification: { version: '2.0.0' } },
};

const session = useRegistry({
  name: 'migrations-statuses',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'kiosk.json'), JSON.stringify(KIOSK_PACT)),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy } = gateSteps(cli, () => session.dir);

describe('a deprecated field of an error response', () => {
  it('is listed as used by the consumers that read that status, and by no other', async () => {
    await publish('users', '1.0.0', { contract: USERS });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      statuses: [404]\n      response: [message]' });
    await publish('admin', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, message]' });
    const pact = await cli('publish', '--pact', join(session.dir, 'kiosk.json'), '--version', '1.0.0');
    expect(pact.code, pact.stderr).toBe(0);
    for (const consumer of ['web', 'admin', 'kiosk']) await deploy(consumer, '1.0.0');

    const listed = await cli('migrations', '--service', 'users', '--environment', 'production', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    const rows = (JSON.parse(listed.stdout).migrations as { field?: string; sunset?: string; users: string[]; ready: boolean }[]).map((m) => [
      m.field,
      m.sunset,
      m.users,
      m.ready,
    ]);
    // admin reads the 200 (which has no message): the 200's email is deprecated and nobody reads it.
    expect(rows).toEqual([
      ['email', null, [], true],
      ['message', '2027-03-01', ['kiosk', 'web'], false],
    ]);
  });
});
