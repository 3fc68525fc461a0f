// The held-out measure (other projects' test pairs), run in-process on our engine: per suite, the counts
// must be the ones docs/ACCURACY.md records, so a regression (or an unrecorded gain) is seen; and every
// written disagreement must still name a pair the engine judges against upstream's verdict.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZURE_CS_DISAGREEMENTS } from '../../bench/heldout-azure-cs-notes.js';
import { AZURE_DISAGREEMENTS } from '../../bench/heldout-azure-notes.js';
import { COMPARATOR_DISAGREEMENTS } from '../../bench/heldout-comparator-notes.js';
import { FAMILIES } from '../../bench/heldout-families.js';
import { DISAGREEMENTS } from '../../bench/heldout-notes.js';
import { OPTIC_DISAGREEMENTS } from '../../bench/heldout-optic-notes.js';
import { QUBERSHIP_DISAGREEMENTS } from '../../bench/heldout-qubership-notes.js';
import { countsLine, readCountsLine, renderAccuracy } from '../../bench/heldout-report.js';
import { countOf, heldoutDirOf, meetsUpstream, type PairResult, readPairs, runHeldout, SUITES } from '../../bench/heldout-run.js';
import { SSC_DISAGREEMENTS } from '../../bench/heldout-ssc-notes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(new URL('../../docs/ACCURACY.md', import.meta.url), 'utf8');
const NOTES = {
  'openapi-diff': DISAGREEMENTS,
  'swagger-spec-compatibility': SSC_DISAGREEMENTS,
  optic: OPTIC_DISAGREEMENTS,
  'openapi-comparator': COMPARATOR_DISAGREEMENTS,
  'qubership-apihub': QUBERSHIP_DISAGREEMENTS,
  'azure-openapi-diff': AZURE_DISAGREEMENTS,
  'azure-openapi-diff-cs': AZURE_CS_DISAGREEMENTS,
};
// Where each suite's expectations come from upstream, and how many pairs it has at least.
const SOURCES = {
  'openapi-diff': { test: /^core\/src\/test\/java\/.+Test\.java$/, min: 80 },
  'swagger-spec-compatibility': { test: /^(docs\/source\/rules\/[A-Z0-9-]+\.rst|integration_tests\/.+_test\.py)$/, min: 12 },
  optic: { test: /^projects\/standard-rulesets\/src\/breaking-changes\/__tests__\/[a-z-]+\.test\.ts$/, min: 50 },
  'openapi-comparator': { test: /^src\/Criteo\.OpenApi\.Comparator\.UTest\/(Resource\/[a-z0-9_]+\/diff\.json|OpenApiEnumDirectionTests\.cs)$/, min: 34 },
  'qubership-apihub': {
    test: /^test\/compatibility-suites\/(schema\/(general|openapi-only)\/(request|response)-like|openapi\/templates\/(response-schema31|sibling-properties-schema\.template)|openapi\/operation-parameters\.test)\.ts$/,
    min: 75,
  },
  'azure-openapi-diff': { test: /^src\/test\/[A-Za-z]+Test\.ts$/, min: 11 },
  'azure-openapi-diff-cs': { test: /^openapi-diff\/src\/modeler\/AutoRest\.Swagger\.Tests\/SwaggerModelerCompareTests\.cs$/, min: 25 },
};

for (const suite of SUITES) {
  const dir = heldoutDirOf(root, suite);
  describe(`held-out accuracy (test/fixtures/heldout/${suite})`, () => {
    let results: PairResult[];
    beforeAll(async () => {
      results = await runHeldout(dir, { peers: false });
    });

    it('measures what docs/ACCURACY.md records (run `npm run heldout` after an engine change)', () => {
      expect(results.filter((r) => r.ours.error).map((r) => `${r.pair.id}: ${r.ours.error}`)).toEqual([]);
      expect(countOf(results, (r) => r.ours)).toEqual(readCountsLine(doc, suite));
    });

    it('keeps a written reason only for pairs where our verdict still differs from upstream', () => {
      const differing = results.filter((r) => !meetsUpstream(r.pair, r.ours)).map((r) => r.pair.id);
      expect(Object.keys(NOTES[suite]).filter((id) => !differing.includes(id))).toEqual([]);
    });

    it('names where upstream asserts every pair, and vendors both files', () => {
      const pairs = readPairs(dir);
      expect(pairs.length).toBeGreaterThanOrEqual(SOURCES[suite].min);
      for (const p of pairs) {
        expect(p.test).toMatch(SOURCES[suite].test);
        expect(() => readFileSync(`${dir}/${p.base}`) && readFileSync(`${dir}/${p.revision}`)).not.toThrow();
        if (p.template) expect(readFileSync(`${dir}/${p.template}`, 'utf8')).toMatch(/^\s*__SCHEMA__$/m);
      }
    });
  });
}

describe('held-out disagreements by family', () => {
  it('puts every pair of the notes files in exactly one family, and names no other', () => {
    const noted = Object.entries(NOTES).flatMap(([suite, notes]) => Object.keys(notes).map((id) => `${suite}: ${id}`));
    const grouped = FAMILIES.flatMap((f) => Object.entries(f.pairs).flatMap(([suite, ids]) => ids.map((id) => `${suite}: ${id}`)));
    expect([...grouped].sort()).toEqual([...noted].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it('shows each family in docs/ACCURACY.md with its pair count per suite', () => {
    const upRange = FAMILIES.find((f) => f.pairs.optic?.includes('range-changes: numeric range max increased'));
    expect(doc).toContain(
      `| ${upRange?.family} | openapi-diff 2, optic 4, openapi-comparator 3, azure-openapi-diff 1, azure-openapi-diff-cs 1 | compatible (upstream: breaking) |`,
    );
  });
});

describe('held-out report', () => {
  it('renders a miss with our finding ids and the reason we disagree, per suite', () => {
    const [pair] = readPairs(heldoutDirOf(root, 'openapi-diff')).filter((p) => p.id === 'SchemaBCTest.requestFormatIncreased');
    const out = renderAccuracy(
      [
        {
          suite: 'openapi-diff',
          results: [
            {
              pair,
              ours: { breaking: [], warning: ['some-rule'] },
              peers: { 'api-smart-diff': { breaking: [], warning: [] }, 'openapi-diff': { breaking: ['x'], warning: [] } },
            },
          ],
        },
        { suite: 'swagger-spec-compatibility', results: [] },
      ],
      true,
    );
    expect(out).toContain('| `SchemaBCTest.requestFormatIncreased` | breaking | warning only | some-rule (warning) | we disagree: int32 to int64');
    expect(out).toContain('| openapi-diff (npm) | n/a | 1/1 (100.0%) | 0/0 (-) |');
    expect(out).toContain('## swagger-spec-compatibility (Yelp, Python; Swagger 2.0)');
    expect(readCountsLine(out, 'openapi-diff')).toEqual({ incompatible: 1, flagged: 1, breaking: 0, compatible: 0, falsePositives: 0 });
    expect(readCountsLine(out, 'swagger-spec-compatibility')).toEqual({ incompatible: 0, flagged: 0, breaking: 0, compatible: 0, falsePositives: 0 });
    expect(countsLine('openapi-diff', { incompatible: 1, flagged: 1, breaking: 0, compatible: 0, falsePositives: 0 })).toMatch(
      /^<!-- heldout-counts openapi-diff /,
    );
  });

  it('counts a risky pair as incompatible, met by a warning and missed when nothing is flagged', () => {
    const [risky] = readPairs(heldoutDirOf(root, 'qubership-apihub')).filter((p) => p.expected === 'risky');
    const none = { breaking: [], warning: [] };
    const peers = { 'api-smart-diff': none, 'openapi-diff': none };
    const warned: PairResult = { pair: risky, ours: { breaking: [], warning: ['response-body-enum-value-added'] }, peers };
    const silent: PairResult = { pair: risky, ours: none, peers };
    expect(countOf([warned], (r) => r.ours)).toEqual({ incompatible: 1, flagged: 1, breaking: 1, compatible: 0, falsePositives: 0 });
    expect(countOf([silent], (r) => r.ours)).toEqual({ incompatible: 1, flagged: 0, breaking: 0, compatible: 0, falsePositives: 0 });
    const out = renderAccuracy([{ suite: 'qubership-apihub', results: [warned, silent] }], false);
    expect(out).toContain(`| \`${risky.id}\` | risky | not flagged | none | miss |`);
    expect(out).not.toContain('| risky | warning only |');
  });
});
