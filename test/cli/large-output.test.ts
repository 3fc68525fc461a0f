// A large report is written in slices (cli/text-slices.ts): what reaches a pipe must be the report to the byte, with
// every character whole, wherever a slice ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SLICE_CHARS, textSlices } from '../../cli/text-slices.js';
import { assertBuilt, BIN } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

describe('textSlices', () => {
  it('cuts at the size, but never between the halves of a surrogate pair', () => {
    const text = `${'a'.repeat(99)}😀${'b'.repeat(150)}`;
    const slices = textSlices(text, 100);
    expect(slices.join('')).toBe(text);
    expect(slices.map((s) => s.length)).toEqual([99, 100, 52]);
    expect(slices.every((s) => !isHigh(s.charCodeAt(s.length - 1)))).toBe(true);
    expect(textSlices('short', 100)).toEqual(['short']);
  });
});

describe('overseer diff --format json through a pipe', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'overseer-large-output-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a report of many slices byte for byte, characters outside the BMP whole', async () => {
    assertBuilt();
    // 600 operations on paths written in emoji, all removed: a report of many slices, dense with surrogate pairs.
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 600; i++) {
      paths[`/😀🚀😀🚀/${i}`] = { get: { operationId: `op${i}`, responses: { '200': { description: 'ok' } } } };
    }
    const doc = (p: Record<string, unknown>) => JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1.0.0' }, paths: p });
    writeFileSync(path.join(dir, 'base.json'), doc(paths));
    writeFileSync(path.join(dir, 'revision.json'), doc({}));
    const args = ['diff', 'base.json', 'revision.json', '--format', 'json'];

    const here = await runCliHere(args, { cwd: dir });
    const piped = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const text = piped.stdout.toString('utf8');

    expect(piped.status).toBe(1);
    expect(here.stdout.length).toBeGreaterThan(SLICE_CHARS * 10);
    // Not a test of nothing: some slice would have ended on the first half of a pair.
    const cuts = Array.from({ length: Math.floor(here.stdout.length / SLICE_CHARS) }, (_, k) => (k + 1) * SLICE_CHARS);
    expect(cuts.some((at) => isHigh(here.stdout.charCodeAt(at - 1)))).toBe(true);
    expect(text).toBe(here.stdout);
    expect(text).not.toContain('\ufffd');
    const report = JSON.parse(text) as { changes: { operation?: string }[] };
    expect(report.changes.filter((c) => c.operation?.startsWith('GET /😀🚀😀🚀/'))).toHaveLength(600);
    expect(report.changes.map((c) => c.operation)).toContain('GET /😀🚀😀🚀/599');
  });
});
