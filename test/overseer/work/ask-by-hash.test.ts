// The one way the event loop asks the pool about stored contracts (overseer/work/ask-by-hash.ts): by hash, then with
// the stored texts when a thread lacks them; a thread that parsed a contract is asked by hash alone, and no text is read.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppWorkPool } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import type { Store } from '../../../overseer/store/store.js';
import { askByHash } from '../../../overseer/work/ask-by-hash.js';
import type { WorkPool } from '../../../overseer/work/pool.js';
import { makeContract, seed } from '../store/builders.js';
import { openTempSqlite } from '../store/temp-sqlite.js';
import { countingStore } from '../ui/counting-store.js';

let pool: WorkPool;
let store: Store;
let cleanup: () => Promise<void>;
const calls = new Map<string, number>();
const contract = makeContract(['/users', '/orders']);

beforeAll(async () => {
  pool = createAppWorkPool({ ...parseConfig({ db: ':memory:' }, {}), workThreads: 1 });
  const handle = await openTempSqlite();
  cleanup = handle.cleanup;
  await seed(handle.store).service('users').publish('users', '1.0.0', { contract }).done();
  store = countingStore(handle.store, calls);
});
afterAll(async () => {
  await pool.close();
  await cleanup();
});

const names = (hash: string) =>
  askByHash(
    store,
    () => [hash],
    (texts) => pool.markContract({ refs: ['get /orders', 'get /nowhere'], contract: { hash, ...(texts?.has(hash) && { text: texts.get(hash)! }) } }),
  );

describe('asking the pool by hash', () => {
  it('sends the stored text to a thread that lacks it, then asks by hash alone', async () => {
    calls.clear();
    const first = await names(contract.hash);
    expect(first).toEqual({ read: true, names: { 'get /orders': { label: 'GET /orders' } } });
    expect(calls.get('readContractTexts')).toBe(1);
    calls.clear();
    expect(await names(contract.hash)).toEqual(first);
    expect(calls.get('readContractTexts') ?? 0).toBe(0);
  });

  it('asks again with no text for a contract gone from the store, and the asker says what that means', async () => {
    const gone = 'f'.repeat(64);
    const seen: (string | undefined)[] = [];
    const answer = await askByHash(
      store,
      () => [gone],
      async (texts) => {
        seen.push(texts === undefined ? 'by hash' : texts.has(gone) ? 'with text' : 'without text');
        return texts === undefined ? pool.markContract({ refs: [], contract: { hash: gone } }) : 'nothing to mark';
      },
    );
    expect([seen, answer]).toEqual([['by hash', 'without text'], 'nothing to mark']);
  });

  it('fails loudly when the pool still lacks what it was sent', async () => {
    const lacking = askByHash(
      store,
      () => [contract.hash],
      async () => ({ missing: [contract.hash] }),
    );
    await expect(lacking).rejects.toThrow(`the worker pool lacks what it was sent: ${contract.hash}`);
  });
});
