// Store suite: a repository is the first service's to name it; the admin gives it to another or shares it (a monorepo).

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

export function describeRepositoryHolders(current: () => Store): void {
  let store: Store;
  const describe_ = (name: string, repository?: string) => store.upsertService({ name, owners: ['@acme'], ...(repository !== undefined && { repository }) });

  describe('a repository held by the services that name it', () => {
    beforeEach(async () => {
      store = current();
      await seed(store).service('users-service').service('squatter').service('orders-service').done();
    });

    it('refuses a repository another service names, in any spelling GitHub reads as it, and tells the way', async () => {
      await describe_('users-service', 'acme/users');
      for (const spelling of ['acme/users', 'Acme/Users', 'https://github.com/acme/users.git', 'git@github.com:acme/users.git']) {
        const refused = await expectStoreError(describe_('squatter', spelling), 'ERR_REPOSITORY_TAKEN');
        expect(refused.message).toContain("repository acme/users is users-service's");
        expect(refused.message).toContain('overseer claim repository acme/users --service squatter --share');
      }
      expect((await store.getService('squatter'))?.repository).toBeUndefined();
      // A name that only contains the other's is another repository.
      expect((await describe_('squatter', 'acme/users-legacy')).status).toBe('updated');
      // The holder keeps it through any respelling, and a new service may not take it either.
      expect((await describe_('users-service', 'https://github.com/Acme/users')).status).toBe('updated');
      await expectStoreError(describe_('newcomer', 'acme/users'), 'ERR_REPOSITORY_TAKEN');
      expect(await store.getService('newcomer')).toBeUndefined();
    });

    it('frees a repository its holder stops naming', async () => {
      await describe_('users-service', 'acme/users');
      await describe_('users-service', 'acme/users-v2');
      expect((await describe_('squatter', 'acme/users')).status).toBe('updated');
    });

    it("moves a squatted repository to the admin's choice, and the squatter cannot name it again", async () => {
      await describe_('squatter', 'acme/users');
      const moved = await store.moveClaim({ kind: 'repository', name: 'acme/users', to: 'users-service' });
      expect(moved).toMatchObject({ kind: 'repository', name: 'acme/users', to: 'users-service', from: 'squatter', status: 'moved' });
      expect((await store.getService('users-service'))?.repository).toBe('acme/users');
      expect((await store.getService('squatter'))?.repository).toBeUndefined();
      await expectStoreError(describe_('squatter', 'acme/users'), 'ERR_REPOSITORY_TAKEN');
      expect((await describe_('users-service', 'acme/users')).service.repository).toBe('acme/users');
      expect(await store.moveClaim({ kind: 'repository', name: 'Acme/Users', to: 'users-service' })).toMatchObject({ status: 'unchanged' });
    });

    it('shares a repository between the services of a monorepo, which keep it through their publications', async () => {
      await describe_('users-service', 'acme/platform');
      await expectStoreError(describe_('orders-service', 'acme/platform'), 'ERR_REPOSITORY_TAKEN');
      const shared = await store.moveClaim({ kind: 'repository', name: 'acme/platform', to: 'orders-service', share: true });
      expect(shared).toMatchObject({ from: 'users-service', to: 'orders-service', status: 'shared' });
      expect((await describe_('orders-service', 'https://github.com/acme/platform')).status).toBe('updated');
      expect((await store.getService('users-service'))?.repository).toBe('acme/platform');
      expect(await store.moveClaim({ kind: 'repository', name: 'acme/platform', to: 'orders-service', share: true })).toMatchObject({
        status: 'unchanged',
      });
      await expectStoreError(describe_('squatter', 'acme/platform'), 'ERR_REPOSITORY_TAKEN');
    });

    it('refuses what is not a repository, and a service that does not exist', async () => {
      await expectStoreError(store.moveClaim({ kind: 'repository', name: 'not a repository', to: 'users-service' }), 'ERR_SERVICE_INVALID');
      await expectStoreError(store.moveClaim({ kind: 'repository', name: 'acme/users', to: 'nobody' }), 'ERR_SERVICE_UNKNOWN');
    });
  });
}
