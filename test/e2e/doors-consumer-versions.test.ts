// Two live versions of one consumer (web 1.0.0 deployed, web 1.1.0 rolling out beside it) that a provider's change
// breaks differently: can-i-deploy names each by its version, `diff --consumers` by its manifest; the Action's
// annotations and pull-request comment named only "web", so its owners could not tell which release to fix. Now they
// say `(in version 1.0.0)`, as the offline diff says `(in web-1.0.0/overseer.yaml)`.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionDoor } from './action-door.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { text, usersReturning } from './users-contract.js';

// users `version` returns exactly `fields`, each a string.
const users = (version: string, fields: string[]) => usersReturning(version, Object.fromEntries(fields.map((f) => [f, text])));

const session = useRegistry({ name: 'doors-consumer-versions', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const door = useActionDoor(session);

beforeAll(async () => {
  await publish('users', '1.0.0', { contract: users('1.0.0', ['id', 'name', 'email']) });
  await deploy('users', '1.0.0');
  // web 1.0.0 reads `name`; web 1.1.0, rolling out beside it, stopped reading it and misspells `email`.
  await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [name]' });
  await deploy('web', '1.0.0');
  await publish('web', '1.1.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, emial]' });
  expect((await session.cli('record-deployment', '--service', 'web', '--version', '1.1.0', '--env', 'production', '--rolling')).code).toBe(0);
  // 2.0.0 removes `name`.
  await publish('users', '2.0.0', { contract: users('2.0.0', ['id', 'email']) });
}, 120_000);

describe('a change that breaks one of two live versions of web', () => {
  it('names the version each finding is about through every door', async () => {
    const gate = await verdictOf('users', '2.0.0');
    expect(gate.code).toBe(1);
    expect(gate.errors.map((r) => (r as { consumerVersion?: string }).consumerVersion).sort()).toContain('1.0.0');

    const contract = (version: string) => readFile(join(session.dir, `users-${version}`, 'openapi.json'), 'utf8');
    const action = await door.run({ number: 3, base: await contract('1.0.0'), revision: await contract('2.0.0') }, { service: 'users' });
    expect(action.code, action.stdout).toBe(1);
    // The annotation of the removal says which web it breaks; the miss of `emial` which web declares it.
    expect(action.stdout).toMatch(/^::error .*response property `name` was removed.*%0ABreaks: web \(GET \/users\/\{id\}\) \(in version 1\.0\.0\)%0A/m);
    expect(action.stdout).toMatch(/^::error title=web%3A field-missing::.*`emial`.* \(in version 1\.1\.0\)$/m);
    const { comment } = action;
    expect(comment).toMatch(/response property `name` was removed[^|]*\(in version 1\.0\.0\)/);
    expect(comment).toMatch(/`emial`[^|]* \(in version 1\.1\.0\)/);
    expect(comment).not.toMatch(/response property `name` was removed[^|]*\(in version 1\.1\.0\)/);
  });
});
