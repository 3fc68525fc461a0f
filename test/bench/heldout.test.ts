// The held-out measure (openapi-diff's test pairs), run in-process on our engine: the counts must be
// the ones docs/ACCURACY.md records, so a regression (or an unrecorded gain) is seen; and every
// written disagreement must still name a pair the engine judges against upstream's verdict.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISAGREEMENTS } from '../../bench/heldout-notes.js';
import { countsLine, readCountsLine, renderAccuracy } from '../../bench/heldout-report.js';
import { countOf, heldoutDirOf, type PairResult, readPairs, runHeldout } from '../../bench/heldout-run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = heldoutDirOf(root);
const doc = readFileSync(new URL('../../docs/ACCURACY.md', import.meta.url), 'utf8');

describe('held-out accuracy (test/fixtures/heldout/openapi-diff)', () => {
  let results: PairResult[];
  beforeAll(async () => {
    results = await runHeldout(dir, { peers: false });
  });

  it('measures what docs/ACCURACY.md records (run `npm run heldout` after an engine change)', () => {
    expect(results.filter((r) => r.ours.error).map((r) => `${r.pair.id}: ${r.ours.error}`)).toEqual([]);
    expect(countOf(results, (r) => r.ours)).toEqual(readCountsLine(doc));
  });

  it('keeps a written reason only for pairs where our verdict still differs from upstream', () => {
    const differing = results.filter((r) => (r.pair.expected === 'breaking') !== r.ours.breaking.length > 0).map((r) => r.pair.id);
    expect(Object.keys(DISAGREEMENTS).filter((id) => !differing.includes(id))).toEqual([]);
  });

  it('names an upstream test and method for every pair, and vendors both files', () => {
    const pairs = readPairs(dir);
    expect(pairs.length).toBeGreaterThan(80);
    for (const p of pairs) {
      expect(p.test).toMatch(/^core\/src\/test\/java\/.+Test\.java$/);
      expect(() => readFileSync(`${dir}/${p.base}`) && readFileSync(`${dir}/${p.revision}`)).not.toThrow();
    }
  });

  it('renders a miss with our finding ids and the reason we disagree', () => {
    const [pair] = readPairs(dir).filter((p) => p.id === 'SchemaBCTest.requestFormatIncreased');
    const out = renderAccuracy(
      [
        {
          pair,
          ours: { breaking: [], warning: ['some-rule'] },
          peers: { 'api-smart-diff': { breaking: [], warning: [] }, 'openapi-diff': { breaking: ['x'], warning: [] } },
        },
      ],
      true,
    );
    expect(out).toContain('| `SchemaBCTest.requestFormatIncreased` | breaking | warning only | some-rule (warning) | we disagree: int32 to int64');
    expect(out).toContain('| openapi-diff (npm) | n/a | 1/1 (100.0%) | 0/0 (-) |');
    expect(readCountsLine(out)).toEqual({ incompatible: 1, flagged: 1, breaking: 0, compatible: 0, falsePositives: 0 });
    expect(countsLine({ incompatible: 1, flagged: 1, breaking: 0, compatible: 0, falsePositives: 0 })).toMatch(/^<!-- heldout-counts /);
  });
});
