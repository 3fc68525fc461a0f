// A consumer's pact checks a resource exists with `HEAD /users/7`; the contract writes only `GET /users/{id}`, which a
// server answers HEAD for too (RFC 9110, 9.3.2). The gate must read the HEAD as a use of that GET: not an operation
// the provider lacks (a wrong no for the consumer), and not nothing (a wrong yes for a provider dropping the GET).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const usersContract = (paths: Record<string, object>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const WITH_GET = { '/users/{id}': { get: { parameters: [idParam], responses: ok } }, '/users': { get: { responses: ok } } };
const WITHOUT_GET = { '/users': { get: { responses: ok } } };

const pact = {
  consumer: { name: 'signup' },
  provider: { name: 'users' },
  interactions: [{ description: 'user 7 exists', request: { method: 'HEAD', path: '/users/7' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'gate-head-calls',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'signup-users.json'), JSON.stringify(pact)),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a HEAD call where the contract writes only GET', () => {
  it('is a use of the GET operation, both ways through the gate', async () => {
    await publish('users', '1.0.0', { contract: usersContract(WITH_GET) });
    await deploy('users', '1.0.0');
    const published = await cli('publish', '--pact', join(session.dir, 'signup-users.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    const consumer = await verdictOf('signup', '1.0.0');
    expect(consumer.errors).toEqual([]);
    expect(consumer.code).toBe(0);
    await deploy('signup', '1.0.0');

    const usage = await cli('usage', '--service', 'signup', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses).toEqual([expect.objectContaining({ provider: 'users', operation: 'GET /users/{id}' })]);

    // 2.0.0 drops GET /users/{id}, and with it the HEAD signup sends: refused.
    await publish('users', '2.0.0', { contract: usersContract(WITHOUT_GET) });
    const provider = await verdictOf('users', '2.0.0');
    expect(provider.code).toBe(1);
    expect(provider.errors.map((e) => [e.code, e.consumer])).toEqual([
      ['breaks-consumer', 'signup'],
      ['operation-missing', 'signup'],
    ]);
    expect(provider.errors[1].message).toBe('users does not offer GET /users/{id}, which signup uses');
  });

  it('is a use of the GET operation when an overseer.yaml names it by its template', async () => {
    await publish('checker', '1.0.0', { consumes: '  users:\n    - HEAD /users/{id}' });
    expect(await verdictOf('checker', '1.0.0')).toMatchObject({ code: 0, errors: [] });
  });
});
