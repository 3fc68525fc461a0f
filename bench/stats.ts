// Pure maths over measured runs: medians, summaries per tool, speed ratios.
import type { RunnerResult } from './runner-io.js';

/** One run of one tool on one pair, as the parent sees it. */
export interface Sample extends Omit<RunnerResult, 'maxRssMB'> {
  /** Whole child process, spawn to exit. */
  wallMs: number;
  maxRssMB: number | null;
}

/** Medians over the successful runs of one tool on one pair. */
export interface ToolSummary {
  runs: number;
  okRuns: number;
  wallMs: number | null;
  parseMs: number | null;
  diffMs: number | null;
  totalMs: number | null;
  maxRssMB: number | null;
  breaking: number | null;
  findings: number | null;
  /** The first error seen, if any run failed. */
  error?: string;
  note?: string;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How many times longer the peer took than ours: above 1 means ours is faster. */
export function speedup(peerMs: number | null | undefined, oursMs: number | null | undefined): number | null {
  if (peerMs == null || oursMs == null || oursMs <= 0) return null;
  return peerMs / oursMs;
}

type NumericKey = 'wallMs' | 'parseMs' | 'diffMs' | 'totalMs' | 'maxRssMB' | 'breaking' | 'findings';

function medianOf(samples: readonly Sample[], key: NumericKey): number | null {
  return median(samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number'));
}

export function summarise(samples: readonly Sample[]): ToolSummary {
  const ok = samples.filter((s) => s.ok);
  const failed = samples.find((s) => !s.ok);
  const note = samples.find((s) => s.note)?.note;
  return {
    runs: samples.length,
    okRuns: ok.length,
    wallMs: medianOf(ok, 'wallMs'),
    parseMs: medianOf(ok, 'parseMs'),
    diffMs: medianOf(ok, 'diffMs'),
    totalMs: medianOf(ok, 'totalMs'),
    maxRssMB: medianOf(ok, 'maxRssMB'),
    breaking: medianOf(ok, 'breaking'),
    findings: medianOf(ok, 'findings'),
    ...(failed?.error ? { error: failed.error } : {}),
    ...(note ? { note } : {}),
  };
}
