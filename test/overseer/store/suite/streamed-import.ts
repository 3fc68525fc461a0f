// Store suite: an import reads its records as they come and writes them in batches, all in one transaction: records
// past many batches all arrive, and a failure in any batch (of the records' source, or of the database) undoes them all.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoreRecord } from '../../../../overseer/store/store.js';

const AT = '2026-01-01T00:00:00.000Z';
/** More than the batch of either store (SQLite 1,000 records, PostgreSQL 2,000): the failure comes in a later batch. */
const MANY = 4500;

function verdict(id: number): StoreRecord {
  return {
    kind: 'verdict',
    ...{ id, service: 'web-app', version: `1.0.${id}`, environment: 'production', askedBy: 'ci' },
    ...{ deployable: true, reasons: [], askedAt: AT, count: 1, lastAskedAt: AT },
  };
}

/** A service, then verdicts 1 to `count`, given one at a time as a dump's second reading gives them; then `last`. */
async function* streamed(count: number, last?: () => StoreRecord): AsyncGenerator<StoreRecord> {
  yield { kind: 'service', name: 'web-app', owners: ['@acme/web'], createdAt: AT, updatedAt: AT };
  for (let id = 1; id <= count; id++) {
    // A turn of the event loop between records, as a file read gives them.
    if (id % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield verdict(id);
  }
  if (last) yield last();
}

export function describeStreamedImport(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('an import streamed in batches', () => {
    it('writes every record of a source read one record at a time, past several batches', async () => {
      expect(await store.importRecords(streamed(MANY), { deployment: 0, verdict: MANY + 10, webhook: 0, notification: 0 })).toBe(true);
      const ids = (await store.listVerdicts({ limit: 10 })).map((v) => v.id);
      expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => MANY - i));
      expect((await store.listServices()).map((s) => s.name)).toEqual(['web-app']);
      // The marks are set once the last batch is in: the next verdict goes on past them.
      const next = await store.recordVerdict(
        { service: 'web-app', version: '2.0.0', environment: 'production', decision: 'deployable', deployable: true, reasons: [] },
        'ci',
      );
      expect(next.id).toBe(MANY + 11);
    });

    it('undoes every batch written when the source fails midway, and takes an import afterwards', async () => {
      const failing = streamed(MANY, () => {
        throw new Error('the dump changed while it was imported');
      });
      await expect(store.importRecords(failing)).rejects.toThrow('the dump changed while it was imported');
      expect(await store.listVerdicts({ limit: 1 })).toEqual([]);
      expect(await store.listServices()).toEqual([]);
      // Not left in the transaction, nor counted as holding a registry.
      expect(await store.importRecords(streamed(3))).toBe(true);
      expect((await store.listVerdicts()).map((v) => v.id)).toEqual([3, 2, 1]);
    });

    it('undoes every batch written when the database refuses a record in a later batch', async () => {
      // A second verdict 1, after the first batches went in.
      await expect(store.importRecords(streamed(MANY, () => verdict(1)))).rejects.toThrow();
      expect(await store.listVerdicts({ limit: 1 })).toEqual([]);
      expect(await store.listServices()).toEqual([]);
    });

    it('reads nothing of the source and writes nothing into a store that holds a registry', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      let read = 0;
      const counted = (async function* () {
        for await (const record of streamed(3)) {
          read += 1;
          yield record;
        }
      })();
      expect(await store.importRecords(counted)).toBe(false);
      expect(read).toBe(0);
      expect((await store.listServices()).map((s) => s.name)).toEqual(['users-service']);
    });
  });
}
