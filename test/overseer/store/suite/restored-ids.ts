// Store suite: a dump restored into a new store goes on past every id the source ever gave, so that an old link
// (a verdict in a Slack message, a webhook a queued delivery names) never opens a different row after a restore.

import { setTimeout as pause } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportStore, importDump } from '../../../../overseer/store/dump.js';
import type { Store } from '../../../../overseer/store/store.js';
import { makeVerdict, sha256 } from '../builders.js';
import { collect } from '../dump-seed.js';

export function describeRestoredIds(current: () => Store, another: () => Promise<Store>): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('ids after a restore', () => {
    it('gives a new verdict an id the pruned newest verdict never had', async () => {
      const older = await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', false), 'ci-web');
      const newest = await store.recordVerdict(makeVerdict('web-app', '1.0.1', 'production', true), 'ci-web');
      await pause(5);
      // Asked again: the older verdict is now the last asked, so pruning drops the newest one by id.
      const repeated = await store.recordVerdict(makeVerdict('web-app', '1.0.0', 'production', false), 'ci-web');
      expect(repeated).toMatchObject({ id: older.id, count: 2 });
      expect(await store.pruneVerdicts(repeated.lastAskedAt)).toBe(1);
      expect((await store.listVerdicts()).map((v) => v.id)).toEqual([older.id]);

      const restored = await another();
      await importDump(await collect(exportStore(store)), restored);
      const next = await restored.recordVerdict(makeVerdict('users-service', '2.0.0', 'staging', true), 'ci-users');
      expect(next.id).toBeGreaterThan(newest.id);
      // The source goes on the same way: both agree on the next id.
      expect((await store.recordVerdict(makeVerdict('users-service', '2.0.0', 'staging', true), 'ci-users')).id).toBe(next.id);
    });

    it('carries revoked tokens, so a restored registry still tells a revoked token from one never issued', async () => {
      await store.createToken({ name: 'ci', service: null, hash: sha256('first') });
      await store.revokeToken('ci', 'admin');
      const live = await store.createToken({ name: 'ci', service: null, hash: sha256('second') });
      await store.createToken({ name: 'gone', service: null, scope: 'ingest', hash: sha256('third') });
      await store.revokeToken('gone', 'root');

      const restored = await another();
      await importDump(await collect(exportStore(store)), restored);
      expect(await restored.listTokens()).toEqual([live]);
      expect(await restored.listRevokedTokens()).toEqual(await store.listRevokedTokens());
      expect((await restored.findTokenByHash(sha256('first')))?.revokedBy).toBe('admin');
      expect((await restored.revokeToken('gone', 'admin'))?.already).toBe(true);
      // A revoke after the restore is listed after the restored ones.
      await restored.revokeToken('ci', 'admin');
      expect((await restored.listRevokedTokens()).map((t) => t.hash)).toEqual([sha256('first'), sha256('third'), sha256('second')]);
    });

    it('gives a new webhook an id the deleted newest webhook never had', async () => {
      const kept = await store.createWebhook({ url: 'https://hooks.example.com/kept', events: ['*'], secret: 's1' });
      const deleted = await store.createWebhook({ url: 'https://hooks.example.com/gone', events: ['*'], secret: 's2' });
      expect(await store.deleteWebhook(deleted.id)).toBe(true);

      const restored = await another();
      await importDump(await collect(exportStore(store)), restored);
      expect((await restored.listWebhooks()).map((w) => w.id)).toEqual([kept.id]);
      const next = await restored.createWebhook({ url: 'https://hooks.example.com/new', events: ['*'], secret: 's3' });
      expect(next.id).toBeGreaterThan(deleted.id);
    });
  });
}
