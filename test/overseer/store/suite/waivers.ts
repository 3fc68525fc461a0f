// Store suite: the waivers published with a version, and what a verdict records of them.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { makeContract, makeVerdict, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

const USERS = makeContract(['/users/{id}']);
const EMAIL = {
  rule: 'response-optional-property-removed',
  operation: 'GET /users/{id}',
  consumer: 'checkout-web',
  field: 'email',
  reason: 'the receipt stops showing it',
  expires: '2999-12-31',
  file: 'waivers.yaml',
  line: 1,
};
const ANY = { rule: 'api-path-removed-without-deprecation', operation: '*', reason: 'a planned removal', expires: '2026-01-31', file: 'waivers.yaml', line: 7 };

export function describeWaivers(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('waivers of a version', () => {
    beforeEach(async () => {
      await seed(store).service('users-service').done();
    });

    it('keeps them with the version, file and line included, and reads them back from every verb', async () => {
      const created = await store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS, waivers: [EMAIL, ANY] });
      expect(created.version.waivers).toEqual([EMAIL, ANY]);
      expect((await store.getVersion('users-service', '2.0.0'))?.waivers).toEqual([EMAIL, ANY]);
      expect((await store.listVersions('users-service'))[0].waivers).toEqual([EMAIL, ANY]);
      expect((await store.latestVersion('users-service'))?.waivers).toEqual([EMAIL, ANY]);
      expect((await store.listAllVersions())[0].waivers).toEqual([EMAIL, ANY]);

      // None, or an empty file: the version reads back without the field.
      await store.publishVersion({ service: 'users-service', version: '2.0.1', contract: USERS, waivers: [] });
      await store.publishVersion({ service: 'users-service', version: '2.0.2', contract: USERS });
      for (const version of ['2.0.1', '2.0.2']) expect(await store.getVersion('users-service', version)).not.toHaveProperty('waivers');
    });

    it('counts them as content: the same waivers again are unchanged (wherever written), others are a conflict', async () => {
      await store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS, waivers: [EMAIL] });
      const moved = await store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS, waivers: [{ ...EMAIL, line: 12 }] });
      expect(moved.status).toBe('unchanged');
      expect(moved.version.waivers).toEqual([EMAIL]);
      const other = await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS, waivers: [EMAIL, ANY] }),
        'ERR_VERSION_CONFLICT',
      );
      expect(other.message).toContain('already published with other waivers');
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS }), 'ERR_VERSION_CONFLICT');
    });

    it('refuses malformed waivers and writes nothing', async () => {
      const bad = [{ ...EMAIL, expires: 'next year' }];
      const error = await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '2.0.0', contract: USERS, waivers: bad }),
        'ERR_VERSION_INVALID',
      );
      expect(error.message).toContain('waiver 1: expires must be a date YYYY-MM-DD');
      await expectStoreError(store.publishVersion({ service: 'users-service', version: '2.0.0', waivers: [{ ...ANY, line: 0 }] }), 'ERR_VERSION_INVALID');
      expect(await store.getVersion('users-service', '2.0.0')).toBeUndefined();
    });
  });

  // Verdicts are kept whether or not the service exists: no seeding.
  describe('waivers in the verdict audit', () => {
    it('records what a verdict waived and its notices, and nothing of the kind for a verdict without waivers', async () => {
      const change = { id: EMAIL.rule, level: 'warning' as const, operation: EMAIL.operation, location: '/x', side: 'base' as const, message: 'm' };
      const waived = [
        { consumer: 'checkout-web', consumerVersion: '1.0.0', change: { ...change, target: { kind: 'response' as const, field: 'email' } }, waiver: EMAIL },
      ];
      const notices = [{ code: 'waiver-expired', message: 'expired', file: 'waivers.yaml', line: 7 }];
      const recorded = await store.recordVerdict({ ...makeVerdict('users-service', '2.0.0', 'production', true), waived, notices }, 'ci');
      expect(recorded).toMatchObject({ waived, notices });
      expect(await store.getVerdict(recorded.id)).toMatchObject({ waived, notices });
      const plain = await store.recordVerdict(makeVerdict('users-service', '2.0.1', 'production', true), 'ci');
      const [newest, older] = await store.listVerdicts();
      expect(older).toMatchObject({ waived, notices });
      expect(newest.id).toBe(plain.id);
      expect(newest).not.toHaveProperty('waived');
      expect(newest).not.toHaveProperty('notices');
    });
  });
}
