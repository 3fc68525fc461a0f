// One registry process per SQLite file: a lock file beside it names the holder, so a second `serve` refuses to start.
// SQLite's own locks serialise writes but would let two registries (two outboxes, two caches) share a file unnoticed.

import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { StoreError } from '../errors.js';

export interface SqliteLock {
  /** Records where the holder listens, for the message a second process prints. */
  describe(url: string): void;
  release(): void;
}

interface Holder {
  pid: number;
  url?: string;
  since: string;
}

export function lockSqliteFile(file: string): SqliteLock {
  const lockFile = `${file}.lock`;
  const mine: Holder = { pid: process.pid, since: new Date().toISOString() };
  // Two attempts: the second after removing a lock whose process is gone (a registry killed with SIGKILL).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, JSON.stringify(mine));
      closeSync(fd);
      return {
        describe: (url) => writeFileSync(lockFile, JSON.stringify({ ...mine, url })),
        release: () => rmSync(lockFile, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (holder && isAlive(holder.pid)) throw busy(file, holder);
      rmSync(lockFile, { force: true });
    }
  }
  throw new StoreError('ERR_STORE_LOCKED', `${file} is being locked by another process starting at the same time; try again`);
}

function readHolder(lockFile: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, since: String(parsed.since ?? ''), ...(typeof parsed.url === 'string' && { url: parsed.url }) }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(file: string, holder: Holder): StoreError {
  const where = holder.url ? ` at ${holder.url}` : '';
  return new StoreError(
    'ERR_STORE_LOCKED',
    `${file} is already served by process ${holder.pid}${where} (since ${holder.since}): one registry per SQLite file; ` +
      'stop that one, or run several on PostgreSQL (--database-url)',
    { pid: holder.pid },
  );
}
