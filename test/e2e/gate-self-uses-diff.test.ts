// A service that calls its own API: can-i-deploy refuses a version whose calls to itself its own contract does not
// answer, and only notices (`self-use-rollout`) a change that fails the old version's calls while both run. `diff
// --consumers` with the service's own manifest among the consumers blocked on both, so the offline answer refused what
// the gate lets through. Both doors now give one answer: the rule is the gate's (README, "Can I deploy?").

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const counted = (type: string) => ({
  get: {
    responses: {
      '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { count: { type } } } } } },
    },
  },
});
const contract = (paths: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const ok = { get: { responses: { '200': { description: 'ok' } } } };
const SELF_USE = '  users:\n    - operation: GET /users/export\n      response: [count]';

const session = useRegistry({ name: 'gate-self-uses-diff', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const folder = (version: string) => join(session.dir, `users-${version}`);
const diffOffline = (from: string, to: string) =>
  session.cli(
    'diff',
    join(folder(from), 'openapi.json'),
    join(folder(to), 'openapi.json'),
    '--service',
    'users',
    '--consumers',
    join(folder(to), 'overseer.yaml'),
  );

describe("a service's own calls of its API, offline and at the gate", () => {
  it('a change its old calls fail while both run is a notice in both, and a call its new contract lacks blocks in both', async () => {
    await publish('users', '1.0.0', { contract: contract({ '/users': ok, '/users/export': counted('integer') }), consumes: SELF_USE });
    await deploy('users', '1.0.0');

    // 2.0.0 makes `count` a string and still reads it: its own calls are answered; 1.0.0's fail while both run.
    await publish('users', '2.0.0', { contract: contract({ '/users': ok, '/users/export': counted('string') }), consumes: SELF_USE });
    const gate = await verdictOf('users', '2.0.0');
    expect(gate.code, JSON.stringify(gate.verdict)).toBe(0);
    expect((gate.verdict.notices as { code: string }[]).map((n) => n.code)).toEqual(['self-use-rollout']);
    const offline = await diffOffline('1.0.0', '2.0.0');
    expect(offline.code, offline.stdout).toBe(0);
    expect(offline.stdout).toContain('What blocks, by consumer\n  Nothing: no consumer is broken.');
    expect(offline.stdout).toMatch(
      /self-use-rollout: users calls its own API, and the calls the base's version makes fail when they land on the revision's while both run \(a rolling deploy, a canary\): GET \/users\/export: type of response property `count` changed from integer to string\. Not blocking, as can-i-deploy does not refuse it/,
    );

    // 3.0.0 drops /users/export and still calls it: every such call fails once it runs, refused at the gate and offline.
    await publish('users', '3.0.0', { contract: contract({ '/users': ok }), consumes: SELF_USE });
    const refused = await verdictOf('users', '3.0.0');
    expect(refused.code).toBe(1);
    expect(refused.errors.map((r) => [r.code, r.consumer])).toEqual([['operation-missing', 'users']]);
    const blocked = await diffOffline('1.0.0', '3.0.0');
    expect(blocked.code, blocked.stdout).toBe(1);
    expect(blocked.stdout).toContain(
      'What blocks, by consumer\n  users  owners: @acme/team\n    GET /users/export: path /users/export (GET) was removed without being deprecated first',
    );
  });
});
