// The gate sends stored contracts to the worker pool by hash: its verdicts must still point into the stored text, even
// after the pool has parsed another text with the same hash (a JSON copy of a stored YAML contract, sent to check).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { USERS_V1, USERS_V2_BREAKING, usersV1AsJson } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';
import { deployAll, seedRegistry } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await seedRegistry(h);
  await deployAll(h, 'production');
  await h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING });
});
afterEach(() => h.close());

async function canIDeploy(): Promise<Verdict> {
  const res = await h.send('GET', '/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production');
  expect(res.statusCode).toBe(200);
  return res.json();
}

const EMAIL_LINE = USERS_V1.split('\n').indexOf('        email: { type: string }') + 1;

describe('can-i-deploy with contracts parsed in the pool', () => {
  it('points the removed field at its line in the stored YAML, before and after the pool parses a JSON copy of it', async () => {
    const first = await canIDeploy();
    const removal = first.reasons.find((r) => r.code === 'breaks-consumer')?.changes?.[0];
    expect(removal).toMatchObject({ operation: 'GET /users/{id}', line: EMAIL_LINE });

    // Same canonical JSON, so the same hash as users-service 1.0.0, but every line of it on line 1.
    const check = await h.send('POST', '/v1/check', { service: 'users-service', environment: 'production', contract: usersV1AsJson() });
    expect(check.statusCode).toBe(200);
    expect(check.json().deployable).toBe(true);

    expect(await canIDeploy()).toEqual(first);
  });
});
