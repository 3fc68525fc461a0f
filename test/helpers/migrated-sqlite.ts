// A new registry file that is already migrated, for the harnesses that open a fresh SQLite store for every test.
// Migrating a file (a transaction and a sync for each of the store's migrations) took most of a store's opening, about
// 90 ms of waiting on the disk each time; a copy of a file the migrations made once per test process is the same file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';

let migrated: Promise<Buffer> | undefined;

async function migrate(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-migrated-'));
  try {
    const file = join(dir, 'registry.db');
    // Closing the last connection folds the write-ahead log into the file: its bytes are the whole database.
    await openSqliteStore(file).close();
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes at `file` (which must not exist yet) the database a new store's migrations make. */
export async function writeMigratedSqlite(file: string): Promise<void> {
  migrated ??= migrate();
  await writeFile(file, await migrated, { flag: 'wx' });
}
