// Ctrl-C halfway through `overseer export --out FILE`: the process ends at once (exit 130), saying the dump was not
// written, and leaves neither the dump nor its half-written `.partial` beside it. A real process, since the signal is
// the subject. The half dump is a named pipe the test reads a little of and then stops: the export is then certainly
// in the middle of writing when the signal comes, however fast or slow the machine (the test's timeout ends a run
// that never removes it).

import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, BIN, collectOutput } from '../e2e/cli-process.js';
import { runCliHere, startRegistryHere } from '../e2e/in-process.js';

let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-interrupt-'));
  // A contract of some 400 KB: more than a pipe holds, so the export waits on its reader.
  const paths = Object.fromEntries(
    Array.from({ length: 2000 }, (_, i) => [`/items${i}`, { get: { responses: { '200': { description: `item ${i} of the catalogue` } } } }]),
  );
  await writeFile(join(dir, 'openapi.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 'big', version: '1.0.0' }, paths }));
  await writeFile(join(dir, 'overseer.yaml'), 'service: big-service\nowners: ["@acme/big"]\nprovides: ./openapi.json\n');
  const registry = await startRegistryHere(join(dir, 'registry.db'));
  try {
    const published = await runCliHere(['publish', '--version', '1.0.0'], { cwd: dir, env: { OVERSEER_URL: registry.url } });
    expect(published.code, published.stderr).toBe(0);
  } finally {
    await registry.stop();
  }
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

it('Ctrl-C during export --out leaves no dump and no half dump, and says so', async () => {
  const partial = join(dir, 'backup.jsonl.partial');
  execFileSync('mkfifo', [partial]);
  const child = spawn(process.execPath, [BIN, 'export', '--db', 'registry.db', '--out', 'backup.jsonl'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = collectOutput(child);
  // The first bytes of the dump: the export has opened its file and is writing the rest, which the pipe cannot take.
  const reader = createReadStream(partial);
  await new Promise<void>((resolve) => reader.once('data', () => resolve()));
  reader.pause();
  child.kill('SIGINT');
  // The half dump's name goes first; the process then ends once its blocked write returns, so the pipe is drained.
  while (existsSync(partial)) await new Promise((resolve) => setTimeout(resolve, 20));
  reader.resume();
  const { code, stdout, stderr } = await result;
  expect({ code, stdout, stderr }).toEqual({ code: 130, stdout: '', stderr: '\nexport interrupted: backup.jsonl was not written\n' });
  expect(existsSync(join(dir, 'backup.jsonl'))).toBe(false);
}, 60_000);
