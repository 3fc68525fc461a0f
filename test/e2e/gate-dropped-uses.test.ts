// A consumer's new version that declares no use of a provider its live version declared (a `consumes:` block lost in a
// moved manifest, or a real end of use) is deployable, and from then on the provider's changes are not judged against
// it. The yes must say so, so that a lost declaration is caught before the provider's next change passes unjudged.
// Against a registry run in the test's process, on SQLite.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: { responses: { '200': { description: 'ok' } } } } },
};

const session = useRegistry({ name: 'gate-dropped-uses', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a consumer version that no longer declares a provider its live version uses', () => {
  it('is deployable, and the verdict names the provider whose changes will no longer be judged against it', async () => {
    await publish('users', '1.0.0', { contract: users });
    await deploy('users', '1.0.0');
    await publish('orders', '1.0.0', { contract: { ...users, info: { title: 'orders', version: '1' }, paths: { '/orders': users.paths['/users'] } } });
    await deploy('orders', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - GET /users\n  orders:\n    - GET /orders' });
    await deploy('web', '1.0.0');
    await publish('web', '2.0.0', { consumes: '  orders:\n    - GET /orders' });

    const asked = await verdictOf('web', '2.0.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'use-dropped',
        message: expect.stringContaining('web 1.0.0, deployed in production, declares use of users, which web 2.0.0 does not'),
      }),
    ]);
    const text = await session.cli('can-i-deploy', '--service', 'web', '--version', '2.0.0', '--to', 'production');
    expect(text.code).toBe(0);
    expect(text.stdout, text.stdout).toContain('notice: web 1.0.0, deployed in production, declares use of users');
    expect(text.stdout).toContain('changes to users are no longer judged against web');

    // A version that keeps every provider says nothing of the kind.
    await publish('web', '2.1.0', { consumes: '  users:\n    - GET /users\n  orders:\n    - GET /orders' });
    expect((await verdictOf('web', '2.1.0')).verdict.notices ?? []).toEqual([]);
  });
});
