// Which service a misspelled provider is taken as depends on the names registered: the gate keeps them between asks
// (overseer/gather/misdirected-uses.ts), and a service registered nearer the misspelling takes its consumer over.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const contract = (paths: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });

const session = useRegistry({ name: 'gate-misspelled-provider-nearer', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a consumer that misspells its provider, when a nearer name is registered', () => {
  it('is counted for the nearest name registered at the ask, not at an earlier one', async () => {
    await publish('users-service', '1.0.0', { contract: contract({ '/users': { get: ok }, '/users/{id}': { get: ok } }) });
    await deploy('users-service', '1.0.0');
    await publish('typo-web', '1.0.0', { consumes: '  usr-service:\n    - GET /users/{id}' });
    await deploy('typo-web', '1.0.0');

    await publish('users-service', '2.0.0', { contract: contract({ '/users': { get: ok } }) });
    const refused = await verdictOf('users-service', '2.0.0');
    expect(refused.errors.map((r) => [r.code, r.consumer])).toEqual([
      ['breaks-consumer', 'typo-web'],
      ['operation-missing', 'typo-web'],
    ]);
    expect(refused.errors[1]!.message).toMatch(/taken as users-service, the name nearest/);

    // user-service is one letter from usr-service, users-service two: typo-web is now taken as user-service's consumer.
    await publish('user-service', '1.0.0', { contract: contract({ '/users/{id}': { get: ok } }) });
    const allowed = await verdictOf('users-service', '2.0.0');
    expect(allowed.code, JSON.stringify(allowed.verdict)).toBe(0);
    await deploy('user-service', '1.0.0');
    await publish('user-service', '2.0.0', { contract: contract({ '/users': { get: ok } }) });
    const judged = await verdictOf('user-service', '2.0.0');
    expect(judged.errors.map((r) => [r.code, r.consumer])).toEqual([
      ['breaks-consumer', 'typo-web'],
      ['operation-missing', 'typo-web'],
    ]);
    expect(judged.errors[1]!.message).toMatch(/taken as user-service, the name nearest/);
  });
});
