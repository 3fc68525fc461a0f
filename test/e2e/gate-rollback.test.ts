// Rolling a provider back (deploying an older version again) is judged like any deployment: against what runs there
// now. The consumers that moved onto the newer version's additions block it; once recorded, the older version is what
// runs there, and the gate judges consumers against it.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const usersContract = (paths: Record<string, object>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const V1 = { '/users': { get: { responses: ok } } };
const V2 = { ...V1, '/users/{id}/avatar': { get: { parameters: [idParam], responses: ok } } };

const session = useRegistry({ name: 'gate-rollback', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a provider rolled back to an older version', () => {
  it('is refused while a consumer uses what only the newer one offers, and is what runs once recorded', async () => {
    await publish('users', '1.0.0', { contract: usersContract(V1) });
    await deploy('users', '1.0.0');
    await publish('users', '2.0.0', { contract: usersContract(V2) });
    await deploy('users', '2.0.0');
    await publish('profile', '1.0.0', { consumes: '  users:\n    - GET /users/{id}/avatar' });
    expect((await verdictOf('profile', '1.0.0')).code).toBe(0);
    await deploy('profile', '1.0.0');

    const back = await verdictOf('users', '1.0.0');
    expect(back.code).toBe(1);
    expect(back.errors.map((e) => [e.code, e.consumer])).toEqual([
      ['breaks-consumer', 'profile'],
      ['operation-missing', 'profile'],
    ]);

    // Rolled back all the same: 1.0.0 runs there again, and a new version of the consumer is judged against it.
    await deploy('users', '1.0.0');
    await publish('profile', '1.1.0', { consumes: '  users:\n    - GET /users/{id}/avatar' });
    const consumer = await verdictOf('profile', '1.1.0');
    expect(consumer.code).toBe(1);
    expect(consumer.errors.map((e) => [e.code, e.operation])).toEqual([['operation-missing', 'GET /users/{id}/avatar']]);
  });
});
