// The write keys on SQLite: read and kept inside the write's own transaction, so that a write and its key commit together.

import type Database from 'better-sqlite3';
import { type KeptWrite, readRemembered, type WriteKey, type WriteKeyOptions, writeKeyBounds, writeKeyCutoff } from '../write-keys.js';

/** One store's keys, shared by the writes that take one (a deployment, its end, a token). */
export type WriteKeyMemory = ReturnType<typeof rememberWrites>;

/** Keys and the answers they were given (store/write-keys.ts), for the writes that take a key. */
export function rememberWrites(db: Database.Database, now: () => string, options?: WriteKeyOptions) {
  const { kept, clock = now } = writeKeyBounds(options);
  const select = db.prepare<[string], KeptWrite>('SELECT fingerprint, answer, created_at AS createdAt FROM write_keys WHERE key = ?');
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO write_keys (key, fingerprint, answer, created_at) VALUES (?, ?, ?, ?)');
  // Both bounds at every keyed write, each one indexed range: the table never holds more than a day or the count.
  const forgetOld = db.prepare<[string]>('DELETE FROM write_keys WHERE created_at < ?');
  const forgetMany = db.prepare<[number]>('DELETE FROM write_keys WHERE id <= (SELECT max(id) FROM write_keys) - ?');
  return {
    read: <T>(key: WriteKey): T | undefined => readRemembered<T>(key, select.get(key.scoped), clock()),
    keep<T>(key: WriteKey | undefined, answer: T, remembered: unknown = answer): T {
      if (key === undefined) return answer;
      const time = clock();
      forgetOld.run(writeKeyCutoff(time));
      insert.run(key.scoped, key.fingerprint, JSON.stringify(remembered), time);
      forgetMany.run(kept);
      return answer;
    },
  };
}
