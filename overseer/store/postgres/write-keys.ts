// The write keys on PostgreSQL: read and kept inside the write's own transaction, under the lock its writers share.

import { type KeptWrite, keyReused, readRemembered, type WriteKey, type WriteKeyOptions, writeKeyBounds, writeKeyCutoff } from '../write-keys.js';
import type { Transaction } from './db.js';

/** One store's keys, shared by the writes that take one (a deployment, its end, a token). */
export type WriteKeyMemory = ReturnType<typeof rememberWrites>;

/** Keys and the answers they were given (store/write-keys.ts); times are the database's unless a clock is given. */
export function rememberWrites(options?: WriteKeyOptions) {
  const { kept, clock } = writeKeyBounds(options);
  const timeOf = async (tx: Transaction) => clock?.() ?? (await tx.now());
  return {
    /** The answer remembered for the key, read under the write's lock: the first sending's answer is committed by then. */
    async read<T>(tx: Transaction, key: WriteKey | undefined): Promise<T | undefined> {
      if (key === undefined) return undefined;
      const sql = 'SELECT fingerprint, answer::text AS answer, created_at AS "createdAt" FROM write_keys WHERE key = $1';
      const [row] = await tx.query<KeptWrite>(sql, [key.scoped]);
      return readRemembered<T>(key, row, await timeOf(tx));
    },
    /** Remembers the key with its answer (or what is to be told of it, `remembered`) in the write's transaction. */
    async keep<T>(tx: Transaction, key: WriteKey | undefined, answer: T, remembered: unknown = answer): Promise<T> {
      if (key === undefined) return answer;
      const time = await timeOf(tx);
      await tx.execute('DELETE FROM write_keys WHERE created_at < $1', [writeKeyCutoff(time)]);
      // Taken meanwhile by a write under another lock (another service's): the same key for two writes, refused as reuse.
      const sql = 'INSERT INTO write_keys (key, fingerprint, answer, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING';
      const inserted = await tx.execute(sql, [key.scoped, key.fingerprint, JSON.stringify(remembered), time]);
      if (inserted === 0) throw keyReused(key.key);
      await tx.execute('DELETE FROM write_keys WHERE id <= (SELECT max(id) FROM write_keys) - $1', [kept]);
      return answer;
    },
  };
}
