// The Optic held-out pairs are produced by running Optic's vendored tests (bench/heldout-optic.ts): the committed
// documents and expectations must be exactly what that run yields, so no pair is hand-edited or stale.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractOptic, opticExpectations } from '../../bench/heldout-optic.js';

const dir = fileURLToPath(new URL('../../test/fixtures/heldout/optic/', import.meta.url));

const filesUnder = (sub: string): string[] =>
  readdirSync(join(dir, sub), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length))
    .sort();

describe('held-out suite test/fixtures/heldout/optic', () => {
  it('holds the documents and verdicts that running the vendored tests yields', async () => {
    const extract = await extractOptic(dir);
    expect(readFileSync(join(dir, 'expectations.json'), 'utf8')).toBe(opticExpectations(extract));
    expect(filesUnder('pairs')).toEqual([...extract.documents.keys()].sort());
    for (const [path, text] of extract.documents) expect(readFileSync(join(dir, path), 'utf8'), path).toBe(text);
  });

  it('leaves out only the tests of Optic’s configuration, and says so', async () => {
    const { pairs, leftOut } = await extractOptic(dir);
    expect(pairs.length).toBe(50);
    expect(leftOut.every((l) => l.includes('fromOpticConfig') || l.includes('ruleset configuration'))).toBe(true);
    expect(leftOut).toHaveLength(6);
  });
});
