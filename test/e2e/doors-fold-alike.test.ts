// A consumer's loss said once, and a second loss kept, alike at every door: the gate folded a miss only when a change
// named its very field and operation (so `address.city` beside the removal of `address` was said twice), while
// `diff --consumers` and the Action's offline check folded any miss on an operation a breaking change touched (so a
// misspelt `emial` beside the removal of `name` was not said at all): the counts disagreed both ways.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionDoor } from './action-door.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { diffUsers, text, usersReturning } from './users-contract.js';

const address = { type: 'object', additionalProperties: false, properties: { city: text } };
const before = usersReturning('1.0.0', { id: text, name: text, email: text, address });
// 2.0.0 removes `name` (web reads it, and misspells `email` beside it) and `address` (app reads `address.city`).
const after = usersReturning('2.0.0', { id: text, email: text });

const session = useRegistry({ name: 'doors-fold-alike', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);
const door = useActionDoor(session);

beforeAll(async () => {
  await publish('users', '1.0.0', { contract: before });
  await deploy('users', '1.0.0');
  await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{userId}\n      response: [name, emial]' });
  await deploy('web', '1.0.0');
  await publish('app', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [address.city]' });
  await deploy('app', '1.0.0');
  await publish('users', '2.0.0', { contract: after });
}, 120_000);

describe('users 2.0.0, which takes away what web and app read', () => {
  it('counts three blocking reasons at every door: the two removals, and web misspelling email', async () => {
    const asked = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production');
    expect(asked.code, asked.stderr).toBe(1);
    expect(asked.stdout.split('\n')[0]).toBe('NOT DEPLOYABLE: users 2.0.0 to production (3 blocking reasons)');
    expect(asked.stdout).toContain('does not return `emial`, which web reads: did you mean email?');
    expect(asked.stdout).not.toContain('`address.city`');

    const listed = (await (await fetch(`${session.registry.url}/v1/verdicts?environment=production`)).json()) as { verdicts: { id: number }[] };
    const page = await (await fetch(`${session.registry.url}/verdicts/${listed.verdicts[0]!.id}`)).text();
    expect(page).toContain('<h2 id="reasons">Reasons (3)</h2>');

    const offline = await diffUsers(
      session,
      '--consumers',
      join(session.dir, 'web-1.0.0', 'overseer.yaml'),
      join(session.dir, 'app-1.0.0', 'overseer.yaml'),
      '--format',
      'json',
    );
    expect(offline.code, offline.stderr).toBe(1);
    const report = JSON.parse(offline.stdout) as { summary: { blocking: number }; unmet?: { consumer: string; field?: string }[] };
    expect(report.summary.blocking).toBe(3);
    expect(report.unmet?.map((u) => [u.consumer, u.field])).toEqual([['web', 'emial']]);

    // The Action on the pull request that makes 2.0.0 of 1.0.0, judged against the consumers deployed in production.
    const action = await door.run({
      number: 3,
      base: JSON.stringify(before),
      revision: JSON.stringify(after),
      manifest: 'service: users\nowners: ["@acme/team"]\nprovides: ./api/openapi.yaml\n',
    });
    expect(action.code, action.stdout).toBe(1);
    expect(action.outputs).toMatchObject({ verdict: 'blocked', blocking: '3' });
    expect(action.stdout).toContain(
      '::error title=web%3A field-missing::GET /users/{id} of users does not return `emial`, which web reads: did you mean email?',
    );
  });
});
