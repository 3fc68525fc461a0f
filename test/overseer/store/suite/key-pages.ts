// Store suite: the listings the API pages (services, environments, tokens by name, webhooks by id, a service's versions
// in version order) read one page from the store, never the whole table, and every row when no page is asked.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { sha256 } from '../builders.js';
import { expectStoreError } from './assertions.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

export function describeKeyPages(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('listings a page at a time', () => {
    it('lists services, environments and tokens after a name, at most a limit, and all of them unasked', async () => {
      for (const name of [...NAMES].reverse()) {
        await store.upsertService({ name, owners: ['@acme'] });
        await store.createEnvironment(name);
        await store.createToken({ name, service: null, hash: sha256(name) });
      }
      const listings = {
        services: (page?: { after?: string; limit?: number }) => store.listServices(page),
        environments: (page?: { after?: string; limit?: number }) => store.listEnvironments(page),
        tokens: (page?: { after?: string; limit?: number }) => store.listTokens(page),
      };
      for (const list of Object.values(listings)) {
        expect((await list()).map((r) => r.name)).toEqual(NAMES);
        expect((await list({ limit: 2 })).map((r) => r.name)).toEqual(['alpha', 'bravo']);
        expect((await list({ after: 'bravo', limit: 2 })).map((r) => r.name)).toEqual(['charlie', 'delta']);
        // A name between two, as when the one a cursor named was deleted since: the page starts after its place.
        expect((await list({ after: 'd', limit: 2 })).map((r) => r.name)).toEqual(['delta', 'echo']);
        expect(await list({ after: 'echo', limit: 2 })).toEqual([]);
      }
    });

    it('lists webhooks after an id, at most a limit', async () => {
      const ids: number[] = [];
      for (const name of NAMES) ids.push((await store.createWebhook({ url: `https://hooks.example.com/${name}`, events: ['*'], secret: 's' })).id);
      expect((await store.listWebhooks()).map((w) => w.id)).toEqual(ids);
      expect((await store.listWebhooks({ limit: 2 })).map((w) => w.id)).toEqual(ids.slice(0, 2));
      expect((await store.listWebhooks({ after: ids[1], limit: 2 })).map((w) => w.id)).toEqual(ids.slice(2, 4));
      expect(await store.listWebhooks({ after: ids[4], limit: 2 })).toEqual([]);
    });

    it("pages a service's versions in version order, and a publication since reorders the pages after", async () => {
      await store.upsertService({ name: 'web', owners: ['@acme'] });
      for (const version of ['1.10.0', '1.9.0', '2.0.0', '1.2.0']) await store.publishVersion({ service: 'web', version, branch: 'main' });
      const first = await store.listVersionPage('web', { limit: 2 });
      expect(first).toMatchObject({ start: 0, total: 4 });
      expect(first.versions.map((v) => [v.version, v.branches])).toEqual([
        ['1.2.0', ['main']],
        ['1.9.0', ['main']],
      ]);
      const second = await store.listVersionPage('web', { after: { version: '1.9.0', index: 1 }, limit: 2 });
      expect(second).toMatchObject({ start: 2, total: 4 });
      expect(second.versions.map((v) => v.version)).toEqual(['1.10.0', '2.0.0']);
      // 1.5.0 comes before 1.9.0: the page after 1.9.0 starts at its new place.
      await store.publishVersion({ service: 'web', version: '1.5.0' });
      const moved = await store.listVersionPage('web', { after: { version: '1.9.0', index: 1 }, limit: 5 });
      expect(moved).toMatchObject({ start: 3, total: 5 });
      expect(moved.versions.map((v) => v.version)).toEqual(['1.10.0', '2.0.0']);
      // A version that is not semver puts every one in publish order.
      await store.publishVersion({ service: 'web', version: 'abc123' });
      expect((await store.listVersionPage('web', { limit: 10 })).versions.map((v) => v.version)).toEqual([
        '1.10.0',
        '1.9.0',
        '2.0.0',
        '1.2.0',
        '1.5.0',
        'abc123',
      ]);
      expect((await store.listVersionPage('web', { limit: 10 })).versions).toEqual(await store.listVersions('web'));
      await expectStoreError(store.listVersionPage('nobody', { limit: 10 }), 'ERR_SERVICE_UNKNOWN');
    });

    it("pages a service's versions from a place in the order (the dashboard's newest first), none past the end", async () => {
      await store.upsertService({ name: 'web', owners: ['@acme'] });
      for (const version of ['1.10.0', '1.9.0', '2.0.0', '1.2.0']) await store.publishVersion({ service: 'web', version });
      const newest = await store.listVersionPage('web', { start: 2, limit: 2 });
      expect([newest.start, newest.total, newest.versions.map((v) => v.version)]).toEqual([2, 4, ['1.10.0', '2.0.0']]);
      expect((await store.listVersionPage('web', { start: 3, limit: 5 })).versions.map((v) => v.version)).toEqual(['2.0.0']);
      expect(await store.listVersionPage('web', { start: 9, limit: 2 })).toEqual({ versions: [], start: 4, total: 4 });
      // Counted back from the newest; from the oldest when that is further back than there are versions.
      expect((await store.listVersionPage('web', { start: -3, limit: 2 })).versions.map((v) => v.version)).toEqual(['1.9.0', '1.10.0']);
      expect(await store.listVersionPage('web', { start: -9, limit: 1 })).toMatchObject({ start: 0, total: 4 });
      expect(await store.listVersionNames('web')).toEqual(['1.2.0', '1.9.0', '1.10.0', '2.0.0']);
      await store.publishVersion({ service: 'web', version: '1.3.0' });
      expect(await store.listVersionNames('web')).toEqual(['1.2.0', '1.3.0', '1.9.0', '1.10.0', '2.0.0']);
      await expectStoreError(store.listVersionNames('nobody'), 'ERR_SERVICE_UNKNOWN');
    });
  });
}
