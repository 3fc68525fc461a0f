// The CLI writes a piped stdout with blocking writes (cli/bin.ts): a reader that lags gets the whole report, and one
// that stops reading early ends the run as a closed pipe always did, with the verdict's exit code and nothing on stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

// Far more than a pipe holds (64 KB on Linux), so the writer must wait for its reader.
const OPERATIONS = 3000;
const ARGS = ['diff', 'base.json', 'revision.json', '--format', 'json'];

interface Piped {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI with a pipe for stdout, read only after `lagMs`, and to the end or up to `stopAfter` bytes. */
function runPiped(cwd: string, lagMs: number, stopAfter = Number.POSITIVE_INFINITY): Promise<Piped> {
  const child = spawn(process.execPath, [BIN, ...ARGS], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  let read = 0;
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const closed = new Promise<Piped>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
  void sleep(lagMs).then(() =>
    child.stdout.on('data', (b: Buffer) => {
      chunks.push(b);
      read += b.length;
      if (read >= stopAfter) child.stdout.destroy();
    }),
  );
  return closed;
}

describe('overseer diff --format json to a piped stdout', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'overseer-piped-output-'));
  beforeAll(() => {
    assertBuilt();
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < OPERATIONS; i++) paths[`/items/${i}`] = { get: { operationId: `op${i}`, responses: { '200': { description: 'ok' } } } };
    const doc = (p: Record<string, unknown>) => JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1.0.0' }, paths: p });
    writeFileSync(path.join(dir, 'base.json'), doc(paths));
    writeFileSync(path.join(dir, 'revision.json'), doc({}));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a reader that starts late the whole report, byte for byte', async () => {
    const here = await runCliHere(ARGS, { cwd: dir });
    const piped = await runPiped(dir, 300);
    expect(Buffer.byteLength(here.stdout)).toBeGreaterThan(8 * 65536);
    expect(piped.code).toBe(1);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.toString('utf8')).toBe(here.stdout);
    const report = JSON.parse(piped.stdout.toString('utf8')) as { changes: { operation?: string }[] };
    expect(report.changes.filter((c) => c.operation?.startsWith('GET /items/'))).toHaveLength(OPERATIONS);
  });

  it('ends quietly with the verdict when the reader stops early, as `| head` does', async () => {
    const piped = await runPiped(dir, 0, 1000);
    expect(piped.code).toBe(1);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.length).toBeGreaterThanOrEqual(1000);
    expect(piped.stdout.toString('utf8').startsWith('{\n  "changes": [')).toBe(true);
  });
});
