// The registry bench at several sizes (a section pair per size) and the test-suite step's section, as docs/BENCHMARKS.md shows them.
import { describe, expect, it } from 'vitest';
import { parseRegistryBenchArgs } from '../../bench/registry-args.js';
import { dashboardMarkers, registryMarkers, spliceMarkedSection } from '../../bench/registry-report.js';
import { readVitestSummary, renderTestSuiteSection, TEST_SUITE_MARKERS, type TestSuiteRun } from '../../bench/test-suite-report.js';

const parse = (...argv: string[]) => parseRegistryBenchArgs(argv, {}, '/repo');

describe('npm run bench:registry --services', () => {
  it('measures 500 and 5,000 services when no size is given', () => {
    expect(parse().sizes).toEqual([500, 5000]);
  });

  it('takes one size or a list, smallest first, each once', () => {
    expect(parse('--services', '800').sizes).toEqual([800]);
    expect(parse('--services', '60, 40,60').sizes).toEqual([40, 60]);
  });

  it('refuses a size too small to seed the hubs, or a list with a hole in it', () => {
    expect(() => parse('--services', '40,10')).toThrow('--services must be a whole number of at least 20, got "10"');
    expect(() => parse('--services', '500,')).toThrow('--services must be a whole number of at least 20, got ""');
  });
});

describe('npm run bench:registry --usage', () => {
  it("runs the registry with that gate policy, else the registry's own default", () => {
    expect(parse('--usage', 'declared').options.usage).toBe('declared');
    expect(parse().options.usage).toBeUndefined();
    expect(() => parse('--usage', 'traces')).toThrow('--usage must be one of declared, observed, both, got "traces"');
  });
});

describe('npm run bench:registry --store', () => {
  it('measures SQLite alone unless asked, and both stores in a fixed order', () => {
    expect(parse().stores).toEqual(['sqlite']);
    expect(parse('--store', 'postgres').stores).toEqual(['postgres']);
    expect(parse('--store', 'postgres, sqlite').stores).toEqual(['sqlite', 'postgres']);
    expect(() => parse('--store', 'mysql')).toThrow('--store takes sqlite, postgres or both as sqlite,postgres, got "mysql"');
  });

  it('writes into docs/BENCHMARKS.md unless --docs names another page', () => {
    expect(parse().options.docs).toBe('/repo/docs/BENCHMARKS.md');
    expect(parse('--docs', '/tmp/b.md').options.docs).toBe('/tmp/b.md');
  });
});

describe('one section pair per size in docs/BENCHMARKS.md', () => {
  const doc = [
    '# Benchmarks',
    registryMarkers(500, 'sqlite').start,
    'old 500',
    registryMarkers(500, 'sqlite').end,
    registryMarkers(5000, 'sqlite').start,
    'old 5000',
    registryMarkers(5000, 'sqlite').end,
    '',
  ].join('\n');

  it('replaces the sections of the size measured and keeps the other size as it was', () => {
    const section = `${registryMarkers(5000, 'sqlite').start}\nnew 5000\n${registryMarkers(5000, 'sqlite').end}`;
    const next = spliceMarkedSection(doc, registryMarkers(5000, 'sqlite'), section);
    expect(next).toContain('old 500');
    expect(next).toContain('new 5000');
    expect(next).not.toContain('old 5000');
  });

  it("puts a store's first section after the other store's of the same size, and keeps SQLite's marker names", () => {
    expect(registryMarkers(5000, 'sqlite').start).toBe('<!-- registry:5000:start -->');
    const section = `${registryMarkers(500, 'postgres').start}\non PostgreSQL\n${registryMarkers(500, 'postgres').end}`;
    const next = spliceMarkedSection(doc, registryMarkers(500, 'postgres'), section, registryMarkers(500, 'sqlite'));
    expect(next).toBe(doc.replace(`old 500\n${registryMarkers(500, 'sqlite').end}`, `old 500\n${registryMarkers(500, 'sqlite').end}\n\n${section}`));
  });

  it('appends the sections of a size the file does not have yet', () => {
    const section = `${dashboardMarkers(60, 'sqlite').start}\npages at 60\n${dashboardMarkers(60, 'sqlite').end}`;
    expect(spliceMarkedSection(doc, dashboardMarkers(60, 'sqlite'), section)).toBe(`${doc.trimEnd()}\n\n${section}\n`);
  });
});

const VITEST_TAIL = `
 ✓ |unit| test/contracts/diff.test.ts (12 tests) 40ms

\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[32m176 passed\u001b[39m\u001b[22m\u001b[90m (176)\u001b[39m
\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m2101 passed\u001b[39m\u001b[22m\u001b[90m (2101)\u001b[39m
\u001b[2m   Start at \u001b[22m 00:10:02
\u001b[2m   Duration \u001b[22m 241.53s\u001b[2m (transform 9.1s, setup 0ms, collect 40s, tests 600s)\u001b[22m
`;

describe('the test-suite step of npm run bench', () => {
  it("reads vitest's closing summary, colours or not", () => {
    expect(readVitestSummary(VITEST_TAIL)).toEqual({ files: '176 passed (176)', tests: '2101 passed (2101)', vitestS: 241.53 });
    expect(readVitestSummary('npm error code 2\n')).toEqual({ files: null, tests: null, vitestS: null });
  });

  const run: TestSuiteRun = {
    machine: 'AMD EPYC, 2 cores, 24 GB memory',
    node: 'v20.20.2',
    date: '2026-12-04T00:10:00Z',
    loadBefore: 1.5,
    loadAfter: 2.25,
    wallS: 272.4,
    cpuS: 431.2,
    exitCode: 0,
    summary: readVitestSummary(VITEST_TAIL),
  };

  it('writes the wall time beside the 5-minute target, between its markers', () => {
    const section = renderTestSuiteSection(run);
    expect(section.startsWith(TEST_SUITE_MARKERS.start)).toBe(true);
    expect(section.endsWith(TEST_SUITE_MARKERS.end)).toBe(true);
    expect(section).toContain(
      '| `npm test` (build, then every test) | **4 min 32 s** | 4 min 02 s | 7 min 11 s | 176 passed (176) | 2101 passed (2101) | passed |',
    );
    expect(section).toContain('load average 1.50 at start, 2.25 at the end');
    expect(section).toContain('within 5 min 00 s on two cores: **met**');
  });

  it('says the target is not met when the suite fails, however fast', () => {
    const section = renderTestSuiteSection({ ...run, exitCode: 1 });
    expect(section).toContain('| **failed** (exit 1) |');
    expect(section).toContain('**not met**');
    expect(renderTestSuiteSection({ ...run, wallS: 301 })).toContain('**5 min 01 s**');
    expect(renderTestSuiteSection({ ...run, cpuS: null })).toContain('| 4 min 02 s | — | 176 passed (176) |');
  });

  it('keeps a failed count in its cell: vitest separates the counts with a bar', () => {
    const failed = readVitestSummary(' Test Files  1 failed | 175 passed (176)\n      Tests  1 failed | 2100 passed (2101)\n   Duration  241.53s\n');
    expect(failed.files).toBe('1 failed | 175 passed (176)');
    expect(renderTestSuiteSection({ ...run, exitCode: 1, summary: failed })).toContain(
      '| 1 failed \\| 175 passed (176) | 1 failed \\| 2100 passed (2101) | **failed** (exit 1) |',
    );
  });
});
