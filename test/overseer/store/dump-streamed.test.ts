// Import reads a dump twice and never holds it: a first reading checks it, a second one writes it. What that must keep:
// a dump edited out of export order still imports (and its references are still checked), and a file that changes
// between the two readings is refused with nothing written, on SQLite and PostgreSQL alike.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DumpSource, exportStore, importDump } from '../../../overseer/store/dump.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { collect, readEverything, sealDump, seedRegistry } from './dump-seed.js';

const cluster = usePostgres();

describe('dump: an import read twice, never held', () => {
  let dir: string;
  const opened: Store[] = [];
  const openSqlite = (name: string) => {
    const store = openSqliteStore(join(dir, name));
    opened.push(store);
    return store;
  };
  const targets = async () => [openSqlite('target.db'), await openPostgresStore(await cluster().createDatabase()).then((s) => (opened.push(s), s))];
  let source: Store;
  let dump: string[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-dump-streamed-'));
    source = openSqlite('source.db');
    await seedRegistry(source);
    dump = await collect(exportStore(source));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** The dump with the lines of `kind` moved to just before the end line: after every kind that refers to them. */
  const moveToEnd = (lines: readonly string[], kind: string) => {
    const body = lines.slice(1, -2);
    const moved = body.filter((l) => JSON.parse(l).kind === kind);
    return sealDump([lines[0], ...body.filter((l) => JSON.parse(l).kind !== kind), ...moved, lines.at(-2)!]);
  };

  it('imports a dump edited out of export order, services last, the same registry as one in order', async () => {
    const reordered = moveToEnd(dump, 'service');
    expect(JSON.parse(reordered.at(-3)!).kind).toBe('service');
    for (const target of await targets()) {
      await importDump(reordered, target);
      expect(await readEverything(target)).toEqual(await readEverything(source));
    }
  });

  it('refuses a dump out of export order whose record names one no line holds, and writes nothing', async () => {
    const dangling = moveToEnd(
      dump.map((l) => (l.includes('"kind":"deployment"') && l.includes('"id":1,') ? l.replace('"version":"1.0.0"', '"version":"9.9.9"') : l)),
      'service',
    );
    const target = openSqlite('target.db');
    await expect(importDump(dangling, target)).rejects.toThrow(/line \d+ \(deployment 1\): version 9\.9\.9 of users-service is not in the dump before it/);
    expect(await target.listServices()).toEqual([]);
  });

  it('refuses a dump that changed between its check and its write, and leaves the store empty', async () => {
    // The second reading gives a verdict asked by someone else, sealed again: each reading is whole and well formed.
    const edited = sealDump(dump.map((l) => (l.includes('"kind":"verdict"') ? l.replace('"askedBy":"', '"askedBy":"x') : l)));
    expect(edited).not.toEqual(dump);
    for (const target of await targets()) {
      let readings = 0;
      const changing: DumpSource = () => {
        readings += 1;
        return (async function* () {
          yield* readings === 1 ? dump : edited;
        })();
      };
      await expect(importDump(changing, target)).rejects.toThrow(
        'the dump changed while it was imported (its lines no longer give the SHA-256 they gave when checked): nothing was imported',
      );
      expect(readings).toBe(2);
      expect(await target.listServices()).toEqual([]);
      expect(await target.listVerdicts()).toEqual([]);
      // Not left half written: the unchanged dump imports whole.
      await importDump(dump, target);
      expect(await readEverything(target)).toEqual(await readEverything(source));
    }
  });
});
