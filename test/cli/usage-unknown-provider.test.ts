// A new user publishes checkout-web before orders-service, which it calls. `overseer usage --service checkout-web` listed
// orders-service like any provider, while publish warned of it and can-i-deploy refuses checkout-web wherever it does not
// run. The listing now says no service is named so, in text and in JSON ("unregistered": true), until it is published.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from '../e2e/gate-steps.js';
import { useRegistry } from '../e2e/registry-session.js';

const CONTRACT = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: { responses: { '200': { description: 'ok' } } } } },
};
const WEB_USES = ['  users-service:', '    - GET /users', '  orders-service:', '    - GET /orders'].join('\n');

const session = useRegistry({ name: 'usage-unknown-provider', setup: [['environment', 'create', 'production']] });
const { publish } = gateStepsOf(session);

describe('what a service uses of a provider no service is named', { timeout: 120_000 }, () => {
  it('says so beside the provider until it is published, and not after', async () => {
    await publish('users-service', '1.0.0', { contract: CONTRACT });
    await publish('web', '1.0.0', { consumes: WEB_USES });

    const listed = await session.cli('usage', '--service', 'web');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(
      [
        'What web uses:',
        '  orders-service (no service is named orders-service: publish it; until it runs where web goes, can-i-deploy refuses web there)',
        '    GET /orders: declared, never observed',
        '  users-service',
        '    GET /users: declared, never observed',
        '',
      ].join('\n'),
    );
    const json = await session.cli('usage', '--service', 'web', '--format', 'json');
    expect(JSON.parse(json.stdout).uses.map((u: { provider: string; unregistered?: true }) => [u.provider, u.unregistered])).toEqual([
      ['orders-service', true],
      ['users-service', undefined],
    ]);

    await publish('orders-service', '1.0.0', { contract: { ...CONTRACT, paths: { '/orders': CONTRACT.paths['/users'] } } });
    const after = await session.cli('usage', '--service', 'web');
    expect(after.stdout.split('\n')[1]).toBe('  orders-service');
  });
});
