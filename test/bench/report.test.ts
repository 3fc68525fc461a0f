// The arithmetic behind docs/BENCHMARKS.md: medians, speed-ups and number formats, so a regenerated page says what was measured.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/args.js';
import { renderEngineSection, spliceSection } from '../../bench/docs-section.js';
import { type Pair, parseManifest } from '../../bench/manifest.js';
import {
  type BenchMeta,
  describeSpeedup,
  escapeCell,
  formatBytes,
  formatMs,
  formatRatio,
  formatRatioTable,
  formatResultsTable,
  formatStripeLine,
  type PairResult,
  SECTION_END,
  SECTION_START,
} from '../../bench/report.js';
import { median, type Sample, speedup, summarise, type ToolSummary } from '../../bench/stats.js';
import { readCliReport, readRunnerLine, stripDir } from '../../bench/tools.js';

const pair = (api: string, label = `${api} a → b`): Pair => ({
  api,
  label,
  oldFile: `/c/${api}/a.yaml`,
  newFile: `/c/${api}/b.yaml`,
  oldVersion: '3.0.0',
  newVersion: '3.0.0',
  oldBytes: 3_728_028,
  newBytes: 4_055_096,
  sizeClass: 'large',
});

const summary = (over: Partial<ToolSummary>): ToolSummary => ({
  runs: 3,
  okRuns: 3,
  wallMs: 100,
  parseMs: 40,
  diffMs: 50,
  totalMs: 90,
  maxRssMB: 80,
  breaking: 2,
  findings: 5,
  ...over,
});

const sample = (over: Partial<Sample>): Sample => ({
  ok: true,
  wallMs: 100,
  parseMs: 1,
  diffMs: 2,
  totalMs: 3,
  maxRssMB: 50,
  breaking: 1,
  findings: 4,
  ...over,
});

describe('median', () => {
  it.each([
    ['empty', [], null],
    ['one', [7], 7],
    ['odd, unsorted', [9, 1, 5], 5],
    ['even: mean of the middle two', [4, 1, 3, 2], 2.5],
  ] as const)('%s', (_name, values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('speedup', () => {
  it('is peer time over our time', () => expect(speedup(300, 100)).toBe(3));
  it('is null when either side is missing or ours is zero', () => {
    expect(speedup(null, 100)).toBeNull();
    expect(speedup(100, undefined)).toBeNull();
    expect(speedup(100, 0)).toBeNull();
  });
});

describe('summarise', () => {
  it('takes medians over successful runs only and keeps the first error', () => {
    const s = summarise([
      sample({ wallMs: 100 }),
      sample({ ok: false, error: 'timeout after 120 s', wallMs: 120_000, parseMs: null, diffMs: null, totalMs: null }),
      sample({ wallMs: 300, note: 'Swagger 2.0 unsupported' }),
    ]);
    expect(s).toMatchObject({ runs: 3, okRuns: 2, wallMs: 200, breaking: 1, error: 'timeout after 120 s', note: 'Swagger 2.0 unsupported' });
  });
  it('gives nulls when every run failed', () => {
    const s = summarise([sample({ ok: false, error: 'boom', parseMs: null })]);
    expect(s).toMatchObject({ okRuns: 0, wallMs: null, parseMs: null, error: 'boom' });
  });
});

describe('number formats', () => {
  it.each([
    [null, '—'],
    [3.456, '3.5'],
    [12.6, '13'],
    [17947.2, '17,947'],
  ] as const)('formatMs(%s)', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
  it.each([
    [1421, '1.4 KB'],
    [17_471, '17 KB'],
    [3_728_028, '3.7 MB'],
  ] as const)('formatBytes(%s)', (b, text) => {
    expect(formatBytes(b)).toBe(text);
  });
  it.each([
    [null, '—'],
    [0.25, '0.25×'],
    [4.26, '4.3×'],
    [44.2, '44×'],
  ] as const)('formatRatio(%s)', (r, text) => {
    expect(formatRatio(r)).toBe(text);
  });
  it('says slower rather than a fraction', () => {
    expect(describeSpeedup(12)).toBe('12× faster');
    expect(describeSpeedup(0.5)).toBe('2.0× slower');
    expect(describeSpeedup(null)).toBe('no ratio');
  });
  it('escapes table cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b c');
    expect(escapeCell('x'.repeat(10), 5)).toBe('xxxx…');
  });
});

const results: PairResult[] = [
  { pair: pair('stripe'), tools: { ours: summary({ wallMs: 400, totalMs: 300 }), 'api-smart-diff': summary({ wallMs: 16_000, totalMs: 15_000 }) } },
  {
    pair: pair('box'),
    tools: { ours: summary({ wallMs: 200 }), 'api-smart-diff': summary({ okRuns: 0, wallMs: null, totalMs: null, error: 'exit 134: FATAL ERROR: heap' }) },
  },
  { pair: pair('tiny'), tools: { ours: summary({ wallMs: 100, totalMs: 10 }), 'api-smart-diff': summary({ wallMs: 200, totalMs: 20 }) } },
];

describe('formatResultsTable', () => {
  const table = formatResultsTable(results, ['ours', 'api-smart-diff']);
  const rows = table.split('\n');
  it('has a header, a separator and one row per pair and tool', () => expect(rows).toHaveLength(2 + 3 * 2));
  it('names the pair and its sizes on the first row of its group only', () => {
    expect(rows[2]).toContain('| **stripe a → b** | 3.7 MB → 4.1 MB | ours | 400 |');
    expect(rows[3]).toMatch(/^\| {2}\| {2}\| api-smart-diff \| 16,000 \|/);
  });
  it('marks a tool that never succeeded, with its error', () => {
    expect(rows[5]).toContain('| **failed** |');
    expect(rows[5]).toContain('| 0/3 | exit 134: FATAL ERROR: heap |');
  });
});

describe('formatRatioTable', () => {
  it('gives per-pair ratios and the median over pairs that have both sides', () => {
    const rows = formatRatioTable(results, ['ours', 'api-smart-diff']).split('\n');
    expect(rows[0]).toBe('| Pair | vs api-smart-diff (whole) | vs api-smart-diff (in-process) |');
    expect(rows[2]).toBe('| stripe a → b | 40× | 50× |');
    expect(rows[3]).toBe('| box a → b | — | — |');
    expect(rows[5]).toBe('| **median** | **21×** | **26×** |');
  });
  it('is empty without ours or without a peer', () => {
    expect(formatRatioTable(results, ['api-smart-diff'])).toBe('');
    expect(formatRatioTable(results, ['ours'])).toBe('');
  });
});

describe('formatStripeLine', () => {
  it('states the speedup', () => {
    expect(formatStripeLine(results)).toContain('ours 400 ms vs 16,000 ms whole process, **40× faster**');
  });
  it('says why there is no ratio', () => {
    expect(formatStripeLine(results.slice(1))).toBe('Stripe: not in this run.');
    const failed: PairResult[] = [
      { pair: pair('stripe'), tools: { ours: summary({}), 'api-smart-diff': summary({ okRuns: 0, error: 'timeout after 120 s' }) } },
    ];
    expect(formatStripeLine(failed)).toContain('api-smart-diff failed (timeout after 120 s)');
  });
});

describe('spliceSection', () => {
  const section = `${SECTION_START}\nnew\n${SECTION_END}`;
  it('creates the file with a title', () => expect(spliceSection(null, section)).toBe(`# Benchmarks\n\n${section}\n`));
  it('appends when there are no markers', () => expect(spliceSection('# B\n\nintro\n', section)).toBe(`# B\n\nintro\n\n${section}\n`));
  it('replaces only what is between the markers', () => {
    const existing = `# B\n\nintro\n\n${SECTION_START}\nold\n${SECTION_END}\n\n## Registry load\n\nkept\n`;
    expect(spliceSection(existing, section)).toBe(`# B\n\nintro\n\n${section}\n\n## Registry load\n\nkept\n`);
  });
  it('round-trips a rendered section', () => {
    const meta: BenchMeta = {
      cpuModel: 'CPU',
      cores: 2,
      memoryGB: 24,
      node: 'v20',
      platform: 'linux',
      loadAverage: 0.5,
      date: '2026-01-01T00:00:00Z',
      command: 'npm run bench',
      runs: 3,
      timeoutS: 120,
      toolVersions: { ours: '0.1.0' },
    };
    const rendered = renderEngineSection(meta, results, ['ours', 'api-smart-diff']);
    expect(rendered.startsWith(SECTION_START) && rendered.endsWith(SECTION_END)).toBe(true);
    expect(rendered).toContain('CPU, 2 cores, 24 GB memory');
    const once = spliceSection(null, rendered);
    expect(spliceSection(once, rendered)).toBe(once);
  });
});

describe('parseManifest', () => {
  it('reads columns by name and splits mixed versions', () => {
    const text =
      'api\told_file\tnew_file\topenapi_version\told_bytes\tnew_bytes\tsize_class\n' +
      'openai\topenai/2025-04-29.yaml\topenai/2026-05-13.yaml\t3.0.0->3.1.0\t10\t20\tlarge\n';
    expect(parseManifest(text, '/corpus')).toEqual([
      {
        api: 'openai',
        oldFile: '/corpus/openai/2025-04-29.yaml',
        newFile: '/corpus/openai/2026-05-13.yaml',
        oldVersion: '3.0.0',
        newVersion: '3.1.0',
        oldBytes: 10,
        newBytes: 20,
        sizeClass: 'large',
        label: 'openai 2025-04-29 → 2026-05-13',
      },
    ]);
  });
});

describe('parseBenchArgs', () => {
  it('has defaults and an overridable corpus', () => {
    expect(parseBenchArgs([], {}, '/repo')).toEqual({
      runs: 3,
      timeoutMs: 120_000,
      only: null,
      tools: ['ours', 'openapi-diff', 'api-smart-diff'],
      corpusDir: '/shared/corpus/real',
    });
    expect(parseBenchArgs([], { OVERSEER_CORPUS: '/x' }, '/repo').corpusDir).toBe('/x');
  });
  it('reads lists and numbers', () => {
    const o = parseBenchArgs(['--only', 'stripe,box', '--runs', '1', '--tools', 'ours,api-smart-diff', '--timeout', '5'], {}, '/r');
    expect(o).toMatchObject({ only: ['stripe', 'box'], runs: 1, tools: ['ours', 'api-smart-diff'], timeoutMs: 5000 });
  });
  it('rejects unknown tools and bad numbers', () => {
    expect(() => parseBenchArgs(['--tools', 'oasdiff'], {}, '/r')).toThrow(/unknown tool/);
    expect(() => parseBenchArgs(['--runs', '0'], {}, '/r')).toThrow(/--runs/);
  });
});

describe('reading children', () => {
  it('takes the last JSON line of a runner, whatever a library printed before', () => {
    expect(readRunnerLine('noise\n{"ok":true,"breaking":1}\n')).toMatchObject({ ok: true, breaking: 1 });
    expect(readRunnerLine('no json here')).toBeNull();
  });
  it('accepts only a CLI report with changes and a summary', () => {
    expect(readCliReport('{"changes":[],"summary":{"breaking":0}}')).not.toBeNull();
    expect(readCliReport('{"changes":[]}')).toBeNull();
    expect(readCliReport('Error: x')).toBeNull();
  });
  it('strips the corpus folder from error messages', () => {
    expect(stripDir('errors in "/c/real/box/a.json": x', '/c/real')).toBe('errors in "box/a.json": x');
  });
});
