// Counts of observed calls waiting for a store that refuses writes (another process holds SQLite's write lock): kept
// to retry up to OVERSEER_MAX_UNWRITTEN_CALLS, the oldest dropped past it, counted and told once, the rest written later.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Aggregator, createAggregator } from '../../overseer/observe/aggregator.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { ObservedCallInput, Store } from '../../overseer/store/store.js';

const call = (consumer: string): ObservedCallInput => ({
  consumer,
  provider: 'users',
  operation: 'GET /users',
  environment: 'production',
  count: 1,
  firstSeen: '2026-01-10T10:00:00.000Z',
  lastSeen: '2026-01-10T10:00:00.000Z',
});

describe('observed calls the store will not take', () => {
  let dir: string;
  let store: Store;
  let lock: Database.Database;
  let aggregator: Aggregator | undefined;
  const told: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-unwritten-'));
    store = openSqliteStore(join(dir, 'registry.db'), { busyTimeoutMs: 20 });
    lock = new Database(join(dir, 'registry.db'));
    told.length = 0;
  });
  afterEach(async () => {
    if (lock.inTransaction) lock.exec('ROLLBACK');
    lock.close();
    await aggregator?.stop().catch(() => {});
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the newest counts up to the bound, drops the oldest, tells of the failure and the drop once, and writes the rest later', async () => {
    aggregator = createAggregator({
      store,
      flushMs: 60_000,
      maxUnwritten: 2,
      onError: () => told.push('failed'),
      onDropped: (dropped) => told.push(`dropped ${dropped}`),
    });
    lock.exec('BEGIN IMMEDIATE');
    aggregator.add([call('oldest')]);
    await expect(aggregator.flush()).rejects.toThrow();
    aggregator.add([call('second'), call('third')]);
    await expect(aggregator.flush()).rejects.toThrow();
    aggregator.add([call('fourth')]);
    await expect(aggregator.flush()).rejects.toThrow();
    expect(aggregator.pending).toBe(2);
    expect(aggregator.losses).toEqual({ dropped: 2, refused: 0 });
    expect(told).toEqual(['failed', 'dropped 1']);

    lock.exec('COMMIT');
    await aggregator.flush();
    expect((await store.listObservedCalls()).map((c) => c.consumer)).toEqual(['fourth', 'third']);
    expect(aggregator.pending).toBe(0);
  });

  it('counts the calls of callers the store refused past maxConsumers', async () => {
    aggregator = createAggregator({ store, flushMs: 60_000, maxConsumers: 1 });
    aggregator.add([call('a'), call('b')]);
    await aggregator.flush();
    expect(aggregator.losses).toEqual({ dropped: 0, refused: 1 });
    expect((await store.listObservedCalls()).map((c) => c.consumer)).toEqual(['a']);
  });
});
