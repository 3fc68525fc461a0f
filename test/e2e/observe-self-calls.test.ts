// A service seen in traces calling its own API (a worker calling its public front) was judged by neither side of the
// gate, where the same use declared under `consumes:` is (test/e2e/gate-self-uses.test.ts): a candidate that drops an
// operation the live version was seen calling of itself got a plain yes. Now the observed self-call is judged as the
// declared one: while both versions run, the live one's calls that land on the candidate fail, which the yes says
// (`self-use-rollout`), naming it as seen in traces; `check --against` says the same.

import { beforeAll, describe, expect, it } from 'vitest';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-observe-self-calls-');
const { cli } = session;

beforeAll(async () => {
  await publishUsersRemoval(session);
}, 120_000);

const ask = (...more: string[]) => cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', ...more);

describe('a live version seen calling its own API', () => {
  it('is not judged until seen; then the yes names the calls the candidate fails while both run', async () => {
    const quiet = await ask('--format', 'json');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout).notices ?? []).toEqual([]);

    await session.postCalls([
      {
        consumer: 'users-service',
        consumerVersion: '1.0.0',
        environment: 'production',
        provider: 'users-service',
        method: 'GET',
        url: 'https://users.internal/api/users/42',
      },
    ]);
    const told = await ask('--format', 'json');
    expect(told.code, told.stderr).toBe(0);
    const all = JSON.parse(told.stdout).notices as { code: string; message: string }[];
    // That the service does not declare the call is said as before (undeclared-call); the rollout is said beside it.
    expect(all.map((n) => n.code).sort()).toEqual(['self-use-rollout', 'undeclared-call']);
    const notices = all.filter((n) => n.code === 'self-use-rollout');
    expect(notices[0]!.message).toMatch(
      /^users-service 1\.0\.0, live in production, and users-service 2\.0\.0 answer each other's calls while both run .*the calls 1\.0\.0 makes fail when they land on 2\.0\.0: GET \/users\/\{userId\}/,
    );
    expect(notices[0]!.message).toMatch(/1\.0\.0's calls of users-service seen in traces \(last seen \d{4}-\d\d-\d\dT/);

    const text = await ask();
    expect(text.stdout).toContain("notice: users-service 1.0.0, live in production, and users-service 2.0.0 answer each other's calls");

    // check of the same contract says the same: the Action reads it from there.
    const checked = await cli('check', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--against', 'production', '--format', 'json');
    expect(checked.code, checked.stderr).toBe(0);
    const checkedNotices = JSON.parse(checked.stdout).notices as { code: string; message: string }[];
    expect(checkedNotices.find((n) => n.code === 'self-use-rollout')?.message).toBe(notices[0]!.message.replace(/2\.0\.0/g, 'candidate'));
  });
});
