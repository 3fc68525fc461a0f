// A dump is checked whole before anything is written: one character changed in any line, the records' as well as the
// contracts' (which carry hashes of their own), is refused, and the store it was imported into stays empty.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportStore, importDump } from '../../../overseer/store/dump.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { collect, seedRegistry } from './dump-seed.js';

/** `line` with one character in its middle replaced by another of the same kind, so that it still reads as JSON mostly. */
function changeOne(line: string): string {
  const at = Math.floor(line.length / 2);
  const ch = line[at]!;
  const other = /[0-8]/.test(ch) ? String(Number(ch) + 1) : ch === '9' ? '0' : ch === 'a' ? 'b' : /[a-z]/i.test(ch) ? 'a' : ch === ' ' ? '_' : ch;
  const changed = line.slice(0, at) + (other === ch ? (ch === 'x' ? 'y' : 'x') : other) + line.slice(at + 1);
  return changed;
}

describe('a dump changed after export', () => {
  let dir: string;
  const opened: Store[] = [];
  const open = (name: string) => {
    const store = openSqliteStore(join(dir, name));
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-dump-checksum-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused whichever line the changed character is in, and nothing is imported', async () => {
    const source = open('source.db');
    await seedRegistry(source);
    const dump = await collect(exportStore(source));
    expect(JSON.parse(dump.at(-1)!)).toEqual({ kind: 'checksum', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const target = open('target.db');
    const accepted: string[] = [];
    for (let i = 0; i < dump.length; i++) {
      const changed = dump.map((line, j) => (j === i ? changeOne(line) : line));
      const refused = await importDump(changed, target).then(
        () => undefined,
        (error: { code?: string; message: string }) => error,
      );
      if (refused?.code !== 'ERR_DUMP_INVALID') accepted.push(`line ${i + 1} (${JSON.parse(dump[i]!).kind}): ${refused?.message ?? 'imported'}`);
    }
    expect(accepted).toEqual([]);
    expect(await target.listServices()).toEqual([]);
    // The untouched dump imports: the refusals were the changes'.
    await importDump(dump, target);
    expect((await target.listServices()).map((s) => s.name)).toEqual((await source.listServices()).map((s) => s.name));
  });

  it('says the checksum does not match when the changed line still reads as a record, naming the first line that reads wrong otherwise', async () => {
    const source = open('source.db');
    await seedRegistry(source);
    const dump = await collect(exportStore(source));
    const deployment = dump.findIndex((line) => line.includes('"kind":"deployment"'));
    const target = open('target.db');
    // A deployment recorded a day earlier: a line that reads as well as the one exported.
    const earlier = dump.map((line, i) =>
      i === deployment ? line.replace(/"deployedAt":"(\d{4}-\d\d-)(\d\d)/, (_, ym, d) => `"deployedAt":"${ym}${String(Number(d) - 1).padStart(2, '0')}`) : line,
    );
    expect(earlier[deployment]).not.toBe(dump[deployment]);
    await expect(importDump(earlier, target)).rejects.toThrow(
      `line ${dump.length}: the dump's lines do not give the SHA-256 its checksum line holds: a byte changed since "overseer export" wrote it (a damaged disk or copy, or an edit); nothing was imported: restore another copy, or export again`,
    );
    const broken = dump.map((line, i) => (i === deployment ? line.replace('"kind":"deployment"', '"kind":"deploymenT"') : line));
    await expect(importDump(broken, target)).rejects.toThrow(`(the first line that reads wrong: line ${deployment + 1}`);
    // Cut after its end line: the checksum line is missing.
    await expect(importDump(dump.slice(0, -1), target)).rejects.toThrow(
      `the dump has no checksum line after its end line (line ${dump.length - 1}): it was cut short; export it again`,
    );
    expect(await target.listServices()).toEqual([]);
  });
});
