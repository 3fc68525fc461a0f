// Pure markdown rendering of benchmark results, and the splice into docs/BENCHMARKS.md.
import type { ToolName } from './args.js';
import type { Pair } from './manifest.js';
import { median, speedup, type ToolSummary } from './stats.js';

export interface PairResult {
  pair: Pair;
  tools: Partial<Record<ToolName, ToolSummary>>;
}

export interface BenchMeta {
  cpuModel: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
  loadAverage: number;
  date: string;
  command: string;
  runs: number;
  timeoutS: number;
  toolVersions: Partial<Record<ToolName, string>>;
}

export const SECTION_START = '<!-- engine:start -->';
export const SECTION_END = '<!-- engine:end -->';
const NONE = '—';
const PEERS = ['openapi-diff', 'api-smart-diff'] as const;

const group = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function formatMs(ms: number | null | undefined): string {
  if (ms == null) return NONE;
  return ms < 10 ? ms.toFixed(1) : group(Math.round(ms));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return bytes >= 1e4 ? `${Math.round(bytes / 1e3)} KB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

export function formatRatio(ratio: number | null | undefined): string {
  if (ratio == null) return NONE;
  return `${ratio.toFixed(ratio >= 10 ? 0 : ratio >= 1 ? 1 : 2)}×`;
}

/** `12× faster` or `2.0× slower`, never a fraction of a speed. */
export function describeSpeedup(ratio: number | null | undefined): string {
  if (ratio == null) return 'no ratio';
  return ratio >= 1 ? `${formatRatio(ratio)} faster` : `${formatRatio(1 / ratio)} slower`;
}

const formatCount = (n: number | null | undefined): string => (n == null ? NONE : group(n));

export function escapeCell(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function toolRow(pairCell: string, sizeCell: string, tool: string, s: ToolSummary | undefined): string {
  if (!s) return `| ${pairCell} | ${sizeCell} | ${tool} | not run |  |  |  |  |  |  |  |`;
  const remark = [s.error, s.note].filter((x): x is string => Boolean(x)).join('; ');
  const cells = [
    pairCell,
    sizeCell,
    tool,
    s.okRuns === 0 ? '**failed**' : formatMs(s.wallMs),
    formatMs(s.parseMs),
    formatMs(s.diffMs),
    formatMs(s.totalMs),
    s.maxRssMB == null ? NONE : group(s.maxRssMB),
    formatCount(s.breaking),
    formatCount(s.findings),
    `${s.okRuns}/${s.runs}`,
    escapeCell(remark),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** One row per (pair, tool): medians over the successful runs. */
export function formatResultsTable(results: readonly PairResult[], tools: readonly ToolName[]): string {
  const lines = [
    '| Pair | Size old → new | Tool | Whole ms | Parse ms | Diff ms | In-process ms | Peak RSS MB | Breaking | Findings | OK runs | Error / note |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | --- |',
  ];
  for (const { pair, tools: byTool } of results) {
    tools.forEach((tool, i) => {
      const first = i === 0;
      const size = `${formatBytes(pair.oldBytes)} → ${formatBytes(pair.newBytes)}`;
      lines.push(toolRow(first ? `**${pair.label}**` : '', first ? size : '', tool, byTool[tool]));
    });
  }
  return lines.join('\n');
}

type RatioKind = 'wallMs' | 'totalMs';
const ratioOf = (r: PairResult, peer: ToolName, kind: RatioKind): number | null => speedup(r.tools[peer]?.[kind], r.tools.ours?.[kind]);

/** Peer time ÷ our time per pair, whole process and in-process, with the median over pairs. */
export function formatRatioTable(results: readonly PairResult[], tools: readonly ToolName[]): string {
  const peers = PEERS.filter((p) => tools.includes(p));
  if (!tools.includes('ours') || peers.length === 0) return '';
  const columns = peers.flatMap((p) => [`vs ${p} (whole)`, `vs ${p} (in-process)`]);
  const kinds: RatioKind[] = ['wallMs', 'totalMs'];
  const lines = [`| Pair | ${columns.join(' | ')} |`, `| --- |${' ---: |'.repeat(columns.length)}`];
  for (const r of results) {
    const cells = peers.flatMap((p) => kinds.map((k) => formatRatio(ratioOf(r, p, k))));
    lines.push(`| ${r.pair.label} | ${cells.join(' | ')} |`);
  }
  const medians = peers.flatMap((p) => kinds.map((k) => formatRatio(median(results.map((r) => ratioOf(r, p, k)).filter((x): x is number => x != null)))));
  lines.push(`| **median** | ${medians.map((m) => `**${m}**`).join(' | ')} |`);
  return lines.join('\n');
}

/** The headline: how ours compares with api-smart-diff on the largest YAML document. */
export function formatStripeLine(results: readonly PairResult[]): string {
  const r = results.find((x) => x.pair.api === 'stripe');
  if (!r) return 'Stripe: not in this run.';
  const ours = r.tools.ours;
  const peer = r.tools['api-smart-diff'];
  const head = `Stripe (${r.pair.label.replace(/^stripe /, '')}) vs api-smart-diff`;
  if (!ours || !peer) return `${head}: not measured (run both tools).`;
  const failed = [
    ['ours', ours],
    ['api-smart-diff', peer],
  ].filter(([, s]) => (s as ToolSummary).okRuns === 0);
  if (failed.length > 0) return `${head}: no ratio, ${failed.map(([n, s]) => `${n} failed (${(s as ToolSummary).error ?? '?'})`).join(', ')}.`;
  const whole = speedup(peer.wallMs, ours.wallMs);
  const inProcess = speedup(peer.totalMs, ours.totalMs);
  return (
    `${head}: ours ${formatMs(ours.wallMs)} ms vs ${formatMs(peer.wallMs)} ms whole process, ` +
    `**${describeSpeedup(whole)}** (in-process ${formatMs(ours.totalMs)} vs ${formatMs(peer.totalMs)} ms: ${describeSpeedup(inProcess)}).`
  );
}

/** What goes to stdout and into the docs alike. */
export function formatTables(results: readonly PairResult[], tools: readonly ToolName[]): string {
  const ratios = formatRatioTable(results, tools);
  return [
    formatResultsTable(results, tools),
    ratios ? `Speed ratios (peer time ÷ our time; above 1× ours is faster):\n\n${ratios}` : '',
    tools.includes('ours') && tools.includes('api-smart-diff') ? formatStripeLine(results) : '',
  ]
    .filter((s) => s.length > 0)
    .join('\n\n');
}
