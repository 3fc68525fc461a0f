// Publications at once: each version stored once; the same content is told unchanged, a different one a conflict.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USERS_V1, USERS_V1_1_SAFE } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
});
afterEach(() => h.close());

const publish = (version: string, contract: string) => h.send('POST', '/v1/services/users-service/versions', { version, contract });

describe('concurrent publishes', () => {
  it('stores 20 different versions published at once, each once', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => `1.${i}.0`);
    const results = await Promise.all(versions.map((v, i) => publish(v, i % 2 === 0 ? USERS_V1 : USERS_V1_1_SAFE)));
    expect(results.map((r) => r.statusCode)).toEqual(versions.map(() => 201));
    const stored = (await h.send('GET', '/v1/services/users-service/versions')).json().versions;
    expect(stored.map((v: { version: string }) => v.version).sort()).toEqual([...versions].sort());
    // Content-addressed: two contracts for twenty versions.
    expect(new Set(stored.map((v: { contractHash: string }) => v.contractHash)).size).toBe(2);
  });

  it('stores one version published 20 times at once: one 201, the rest 200', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => publish('2.0.0', USERS_V1)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect((await h.send('GET', '/v1/services/users-service/versions')).json().versions).toHaveLength(1);
  });

  it('gives only 409s to the publishers whose content lost the race for one version', async () => {
    const contents = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? USERS_V1 : USERS_V1_1_SAFE));
    const results = await Promise.all(contents.map((c) => publish('3.0.0', c)));
    const winner = results.find((r) => r.statusCode === 201);
    expect(winner).toBeDefined();
    const winningHash = winner!.json().version.contractHash;
    for (const [i, res] of results.entries()) {
      expect([200, 201, 409]).toContain(res.statusCode);
      if (res.statusCode === 409) expect(res.json().code).toBe('ERR_VERSION_CONFLICT');
      // Same content as the winner: accepted; other content: conflict, never anything else.
      const sameAsWinner = contents[i] === contents[results.indexOf(winner!)];
      expect(res.statusCode === 409).toBe(!sameAsWinner);
    }
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(10);
    expect((await h.store.getVersion('users-service', '3.0.0'))?.contractHash).toBe(winningHash);
  });
});
