// Long work says where it is on standard error, and short work says nothing: the clock is the test's, so a run "takes"
// as long as the test says, and what the user reads is asserted line by line.

import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere, startRegistryHere } from '../e2e/in-process.js';
import { traceExport } from '../helpers/otlp.js';

let dir: string;
/** A clock on which every reading is `step` ms after the one before: each step of the work looks that slow. */
const slowClock = (step: number) => {
  let at = 0;
  return () => (at += step);
};
const cli = (args: string[], options: { now?: () => number; stderrIsTTY?: boolean } = {}) => runCliHere(args, { cwd: dir, ...options });
const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-progress-'));
  await copyFile(join(REPO_ROOT, 'test/fixtures/observe/users.v1.yaml'), join(dir, 'users.v1.yaml'));
  await writeFile(join(dir, 'traces.jsonl'), `${JSON.stringify(traceExport([call, call]))}\n${JSON.stringify(traceExport([call]))}\n`);
  const registry = await startRegistryHere(join(dir, 'registry.db'));
  try {
    const env = { OVERSEER_URL: registry.url };
    expect((await runCliHere(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'], { env })).code).toBe(0);
    expect((await runCliHere(['environment', 'create', 'production'], { env })).code).toBe(0);
  } finally {
    await registry.stop();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('observe --traces', () => {
  const observe = ['observe', '--traces', 'traces.jsonl', '--contract', 'users-service=users.v1.yaml'];

  it('prints nothing beside its report when the file is read quickly', async () => {
    const quick = await cli(observe);
    expect(quick).toMatchObject({ code: 0, stderr: '' });
    expect(quick.stdout).toMatch(/^Calls in traces\.jsonl:\n {2}web-app -> users-service GET \/users\/\{userId\} in production: 3 calls,/);
  });

  it('says how much of the file it has read when the reading is slow, and the report is the same', async () => {
    const { size } = await stat(join(dir, 'traces.jsonl'));
    const slow = await cli(observe, { now: slowClock(5000) });
    expect(slow.code).toBe(0);
    expect(slow.stderr).toBe(`observe: reading traces.jsonl: ${(size / 1024).toFixed(1)} kB of ${(size / 1024).toFixed(1)} kB (99%), 0 spans\n`);
    expect(slow.stdout).toBe((await cli(observe)).stdout);
  });

  it('rewrites one line on a terminal and clears it before the report', async () => {
    const slow = await cli(observe, { now: slowClock(5000), stderrIsTTY: true });
    expect(slow.stderr).toMatch(/^\r(observe: reading traces\.jsonl: [^\n]+)\x1b\[K\r\x1b\[K$/);
  });
});

describe('export and import', () => {
  it('say how many records and bytes they have read when slow, and nothing when quick', async () => {
    const quick = await cli(['export', '--db', 'registry.db', '--out', 'quick.jsonl']);
    expect(quick).toMatchObject({ code: 0, stderr: '', stdout: 'exported 4 records from the SQLite file registry.db to quick.jsonl\n' });
    const slow = await cli(['export', '--db', 'registry.db', '--out', 'backup.jsonl'], { now: slowClock(5000) });
    expect(slow.stdout).toBe('exported 4 records from the SQLite file registry.db to backup.jsonl\n');
    const exported = slow.stderr.split('\n').filter(Boolean);
    expect(exported).toHaveLength(7);
    expect(exported[0]).toMatch(/^export: 0 records read from the SQLite file registry\.db, 0\.\d kB$/);
    // Four records: the end and checksum lines after them are not counted as more.
    expect(exported.slice(4)).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/^export: 4 records read from the SQLite file registry\.db, \d+\.\d kB$/)),
    );

    const imported = await cli(['import', 'backup.jsonl', '--db', 'restored.db'], { now: slowClock(5000) });
    expect(imported.code, imported.stderr).toBe(0);
    // Read twice: checked whole, then written, each reading saying where it is.
    const [checked, written] = [imported.stderr.split('\n').filter(Boolean).slice(0, 7), imported.stderr.split('\n').filter(Boolean).slice(7)];
    expect(checked[0]).toMatch(/^import: checking backup\.jsonl: 1 line, 0\.\d kB of \d+\.\d kB \(\d+%\)$/);
    expect(checked[6]).toMatch(/^import: checking backup\.jsonl: 7 lines, \d+\.\d kB of \d+\.\d kB \(99%\)$/);
    expect(written).toHaveLength(7);
    expect(written[0]).toMatch(/^import: writing backup\.jsonl into the SQLite file restored\.db: 1 line, 0\.\d kB of \d+\.\d kB \(\d+%\)$/);
    expect(written[6]).toMatch(/^import: writing backup\.jsonl into the SQLite file restored\.db: 7 lines, \d+\.\d kB of \d+\.\d kB \(99%\)$/);
  });
});
