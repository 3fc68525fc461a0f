// Store suite: the migration watch, which remembers who used each deprecated part so that a part's last user going
// away is reported once per time it happens, with its notifications in the same transaction.

import { beforeEach, describe, expect, it } from 'vitest';
import type { MigrationFreed, MigrationWatchInput, NotificationInput, Store } from '../../../../overseer/store/store.js';

const EMAIL = 'GET /users/{id} response email';
const LIMIT = 'GET /users parameter limit';

const found = (parts: Record<string, string[]>, environment = 'production'): MigrationWatchInput => ({
  provider: 'users-service',
  environment,
  parts: Object.entries(parts).map(([key, users]) => ({ key, users })),
});

const announce = (freed: MigrationFreed[]): NotificationInput[] =>
  freed.map((f) => ({ key: `ready/${f.environment}/${f.key}/${f.usedSince}`, event: 'deprecation.ready', channel: 'webhook', target: '#1', payload: f }));

export function describeMigrationWatch(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('migration watch', () => {
    it('reports a part once when its last user goes away, and not a part that was never used', async () => {
      expect(await store.watchMigrations(found({ [EMAIL]: ['web-app', 'admin-app'], [LIMIT]: [] }), announce)).toEqual([]);
      expect(await store.watchMigrations(found({ [EMAIL]: ['web-app'], [LIMIT]: [] }), announce)).toEqual([]);
      const freed = await store.watchMigrations(found({ [EMAIL]: [], [LIMIT]: [] }), announce);
      expect(freed).toEqual([{ provider: 'users-service', environment: 'production', key: EMAIL, formerUsers: ['web-app'], usedSince: expect.any(String) }]);
      expect(await store.watchMigrations(found({ [EMAIL]: [], [LIMIT]: [] }), announce)).toEqual([]);
      expect((await store.listNotifications()).map((n) => n.event)).toEqual(['deprecation.ready']);
      expect((await store.listMigrationWatch()).map((r) => [r.key, r.users, r.usedSince])).toEqual([
        [LIMIT, [], null],
        [EMAIL, [], null],
      ]);
    });

    it('reports a part again when it is used again and freed again, under a key of its own', async () => {
      await store.watchMigrations(found({ [EMAIL]: ['web-app'] }), announce);
      const first = await store.watchMigrations(found({ [EMAIL]: [] }), announce);
      await store.watchMigrations(found({ [EMAIL]: ['admin-app'] }), announce);
      const second = await store.watchMigrations(found({ [EMAIL]: [] }), announce);
      expect(second.map((f) => f.formerUsers)).toEqual([['admin-app']]);
      expect(second[0].usedSince).not.toBe(first[0].usedSince);
      expect(await store.listNotifications()).toHaveLength(2);
    });

    it('keeps environments apart and forgets parts no longer deprecated there', async () => {
      await store.watchMigrations(found({ [EMAIL]: ['web-app'] }, 'staging'));
      await store.watchMigrations(found({ [EMAIL]: ['web-app'] }, 'production'));
      expect(await store.watchMigrations(found({ [EMAIL]: [] }, 'staging'))).toHaveLength(1);
      expect(await store.watchMigrations(found({}, 'production'))).toEqual([]);
      expect(await store.listMigrationWatch({ environment: 'production' })).toEqual([]);
      expect((await store.listMigrationWatch({ provider: 'users-service' })).map((r) => `${r.environment} ${r.key}`)).toEqual([`staging ${EMAIL}`]);
    });

    it('keeps neither the new state nor notifications when building them fails', async () => {
      await store.watchMigrations(found({ [EMAIL]: ['web-app'] }));
      const boom = () => {
        throw new Error('outbox failed');
      };
      await expect(store.watchMigrations(found({ [EMAIL]: [] }), boom)).rejects.toThrow('outbox failed');
      expect((await store.listMigrationWatch()).map((r) => r.users)).toEqual([['web-app']]);
      expect(await store.watchMigrations(found({ [EMAIL]: [] }))).toHaveLength(1);
    });
  });
}
