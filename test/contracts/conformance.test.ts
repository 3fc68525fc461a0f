// The oasdiff conformance corpus, run in-process: the pass rate may not drop below the committed
// baseline (bench/conformance-baseline.json), and the judge itself is pinned on small cases.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CorpusCase, type CorpusRule, corpusDirOf, hasCorpus, readRules } from '../../bench/conformance-corpus.js';
import { type JudgedFinding, judgeCase } from '../../bench/conformance-judge.js';
import { CONFORMANCE_NOTES } from '../../bench/conformance-notes.js';
import { groupRules, renderRulesDoc } from '../../bench/conformance-rules-doc.js';
import { rateOf, runCorpus } from '../../bench/conformance-run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const baseline = JSON.parse(readFileSync(new URL('../../bench/conformance-baseline.json', import.meta.url), 'utf8')) as { passed: number; total: number };
const corpusDir = corpusDirOf(root, process.env);

const rules = new Map<string, CorpusRule>(
  [
    ['api-removed-without-deprecation', 'ERR', 'APIRemovedCheck'],
    ['api-removed-with-deprecation', 'INFO', 'APIRemovedCheck'],
    ['endpoint-added', 'INFO', 'APIAddedCheck'],
    ['request-parameter-sunset-parse', 'ERR', 'RequestParameterRemovedCheck'],
  ].map(([id, level, checkFunc]) => [id, { id, level: level as CorpusRule['level'], description: '', category: 'paths', checkFunc }]),
);

const aCase = (over: Partial<CorpusCase> = {}): CorpusCase => ({
  case: 'oasdiff-test',
  base: 'a.yaml',
  revision: 'b.yaml',
  expectedIds: [],
  absentIds: [],
  expectEmpty: false,
  checksRun: 'ALL',
  minLevel: 'INFO',
  exactSet: false,
  sourceTest: '',
  note: '',
  ...over,
});

const found = (id: string, level: JudgedFinding['level'], weight = 1): JudgedFinding => ({ id, level, weight });

describe('judgeCase', () => {
  const cases: { name: string; c: CorpusCase; findings: JudgedFinding[]; pass: boolean; reason?: RegExp }[] = [
    { name: 'expected id present', c: aCase({ expectedIds: ['endpoint-added'] }), findings: [found('endpoint-added', 'info')], pass: true },
    { name: 'expected id missing', c: aCase({ expectedIds: ['endpoint-added'] }), findings: [], pass: false, reason: /missing endpoint-added/ },
    {
      name: 'expected id below the level floor counts as missing, and says so',
      c: aCase({ expectedIds: ['endpoint-added'], minLevel: 'WARN' }),
      findings: [found('endpoint-added', 'info')],
      pass: false,
      reason: /reported at a lower level: endpoint-added=INFO/,
    },
    {
      name: 'absent id reported',
      c: aCase({ absentIds: ['endpoint-added'] }),
      findings: [found('endpoint-added', 'info')],
      pass: false,
      reason: /must be absent/,
    },
    {
      name: 'expect empty: info findings under a WARN floor do not count',
      c: aCase({ expectEmpty: true, minLevel: 'WARN' }),
      findings: [found('endpoint-added', 'info')],
      pass: true,
    },
    {
      name: 'expect empty: a breaking finding fails',
      c: aCase({ expectEmpty: true, minLevel: 'WARN' }),
      findings: [found('api-removed-without-deprecation', 'breaking')],
      pass: false,
    },
    {
      name: 'one check function: other ids are out of scope',
      c: aCase({ checksRun: 'APIRemovedCheck', expectedIds: ['api-removed-without-deprecation'], expectedCount: 1 }),
      findings: [found('api-removed-without-deprecation', 'breaking'), found('endpoint-added', 'info')],
      pass: true,
    },
    {
      name: 'one check function: an id the case names is in scope even when filed under another function',
      c: aCase({ checksRun: 'APISunsetChangedCheck', expectedIds: ['request-parameter-sunset-parse'], expectedCount: 1 }),
      findings: [found('request-parameter-sunset-parse', 'breaking')],
      pass: true,
    },
    {
      name: 'count: a finding shared by two operations counts twice',
      c: aCase({ expectedIds: ['endpoint-added'], expectedCount: 2 }),
      findings: [found('endpoint-added', 'info', 2)],
      pass: true,
    },
    {
      name: 'count mismatch',
      c: aCase({ expectedCount: 1 }),
      findings: [found('endpoint-added', 'info'), found('endpoint-added', 'info')],
      pass: false,
      reason: /expected 1 finding/,
    },
    {
      name: 'exact set without a count: an extra id fails',
      c: aCase({ exactSet: true, expectedIds: ['endpoint-added'] }),
      findings: [found('endpoint-added', 'info'), found('api-removed-with-deprecation', 'info')],
      pass: false,
      reason: /extra api-removed-with-deprecation/,
    },
  ];
  it.each(cases)('$name', ({ c, findings, pass, reason }) => {
    const verdict = judgeCase(c, findings, rules);
    expect(verdict.pass).toBe(pass);
    if (reason) expect(verdict.reasons.join('\n')).toMatch(reason);
  });
});

// The corpus is vendored (test/fixtures/oasdiff), so it runs everywhere; a missing copy is a failure.
describe('oasdiff corpus', () => {
  it('is present in the repository', () => {
    expect(hasCorpus(corpusDir), `no MANIFEST.tsv and RULES.tsv in ${corpusDir}`).toBe(true);
  });

  it(`passes at least the committed baseline (${baseline.passed}/${baseline.total})`, async () => {
    const run = await runCorpus(corpusDir);
    const rate = rateOf(run.results);
    const failing = run.results.filter((r) => !r.pass).map((r) => `${r.case.case}: ${r.reasons.join('; ')}`);
    expect(rate.total).toBe(baseline.total);
    expect(rate.passed, `failing cases:\n${failing.join('\n')}`).toBeGreaterThanOrEqual(baseline.passed);
    expect(
      run.results.filter((r) => r.error),
      'no case may fail to load or throw',
    ).toEqual([]);
    expect(run.undeclared, 'every id the engine reports is declared by a rule family').toEqual([]);
  });

  // A case we fail is either one we judge otherwise for a written reason or a miss; a note on a case that passes
  // is stale and would hide that the engine changed.
  it('says why of every case it fails, and of no case it passes (bench/conformance-notes.ts)', async () => {
    const run = await runCorpus(corpusDir);
    const failing = run.results.filter((r) => !r.pass).map((r) => r.case.case);
    expect(
      failing.filter((c) => !CONFORMANCE_NOTES[c]),
      'failing cases without a note',
    ).toEqual([]);
    expect(
      Object.keys(CONFORMANCE_NOTES).filter((c) => !failing.includes(c)),
      'notes on cases that pass',
    ).toEqual([]);
  });

  it('docs/RULES.md is current (regenerate: npm run docs:rules)', () => {
    const current = readFileSync(new URL('../../docs/RULES.md', import.meta.url), 'utf8');
    expect(current).toBe(renderRulesDoc(groupRules(), readRules(corpusDir)));
  });
});
