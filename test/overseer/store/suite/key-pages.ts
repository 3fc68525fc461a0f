// Store suite: the listings the API pages by key (services, environments, tokens by name, webhooks by id) read one
// page from the store, never the whole table, and every row when no page is asked.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { sha256 } from '../builders.js';

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
  });
}
