// Odd but honest contracts through `overseer diff` are answered as any other: a byte order mark, colons and quotes
// inside JSON strings, $refs to files beside the contract, a chain of 10,000 $refs, keys of 200,000 spaces.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHonestInputs } from './diff-inputs.js';
import { diffInProcess, expectBoundedWork } from './diff-runs.js';

let tmp = '';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'overseer-honest-'));
  await generateHonestInputs(tmp);
}, 60_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('overseer diff answers odd but honest contracts normally', () => {
  it('reads UTF-8 with a byte order mark, YAML and JSON, with lines unchanged', async () => {
    for (const [base, revision] of [
      ['ok.yaml', 'bom.yaml'],
      ['ok.json', 'bom.json'],
    ]) {
      const r = await diffInProcess([base, revision]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // The BOM sits on line 1 and moves nothing: `name` is still reported on line 22.
    const r = await diffInProcess(['bom.yaml', path.join(tmp, 'no-name.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    const removed = (JSON.parse(r.stdout).changes as { id: string; location: string; line: number }[]).find(
      (c) => c.id === 'response-optional-property-removed',
    );
    expect(removed).toMatchObject({ location: '/components/schemas/Pet/properties/name', line: 22 });
  });

  it('does not take colons and escaped quotes inside JSON strings for keys', async () => {
    const r = await diffInProcess(['keys-in-strings.json', 'keys-in-strings.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('follows $refs to files beside the contract when allowed', async () => {
    const r = await diffInProcess(['external/ext-ok.yaml', 'external/ext-ok.yaml', '--allow-external-refs']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('follows a chain of 10,000 $refs to its end, and finds the change there', async () => {
    const r = await diffInProcess([path.join(tmp, 'chain-base.yaml'), path.join(tmp, 'chain-revision.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const [change] = JSON.parse(r.stdout).changes as { id: string; location: string; line: number }[];
    expect(change).toMatchObject({ id: 'response-body-type-changed', location: '/components/schemas/S10000', line: 10_014 });
    expectBoundedWork(r);
  });

  it('finds lines quickly in a document with 200,000-character keys of spaces', async () => {
    // The line scanner once matched keys with a regex that backtracked quadratically on spaces.
    const r = await diffInProcess([path.join(tmp, 'spaces.yaml'), path.join(tmp, 'spaces.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/spaces\.yaml:8/);
    expectBoundedWork(r);
  });
});
