// How each tool is run once on one pair, in fresh child processes, as a Sample.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ToolName } from './args.js';
import { type ChildOutcome, describeFailure, runNode } from './child.js';
import type { Pair } from './manifest.js';
import type { RunnerResult } from './runner-io.js';
import type { Sample } from './stats.js';

export interface ToolContext {
  /** The repository root, where dist/ lives. */
  root: string;
  /** Stripped from error messages, which otherwise spend a table cell on absolute paths. */
  corpusDir: string;
  timeoutMs: number;
}

const benchDir = (ctx: ToolContext): string => join(ctx.root, 'dist', 'bench');

/** `Validation errors in "/abs/corpus/x/a.yaml"` -> `Validation errors in "x/a.yaml"`. */
export function stripDir(text: string, dir: string): string {
  return text.split(join(dir, '/')).join('');
}

function failed(outcome: ChildOutcome, error: string): Sample {
  const none = { parseMs: null, diffMs: null, totalMs: null, maxRssMB: null, breaking: null, findings: null };
  return { ok: false, error, wallMs: outcome.wallMs, ...none };
}

/** The runner's JSON line is its last line starting with `{`: libraries may print before it. */
export function readRunnerLine(stdout: string): RunnerResult | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.trimStart().startsWith('{'));
  if (!line) return null;
  try {
    return JSON.parse(line) as RunnerResult;
  } catch {
    return null;
  }
}

async function runRunner(script: string, args: string[], ctx: ToolContext): Promise<Sample> {
  const outcome = await runNode([join(benchDir(ctx), script), ...args], ctx.timeoutMs);
  const result = outcome.timedOut ? null : readRunnerLine(outcome.stdout);
  if (!result) return failed(outcome, stripDir(describeFailure(outcome, ctx.timeoutMs), ctx.corpusDir));
  const error = result.error === undefined ? {} : { error: stripDir(result.error, ctx.corpusDir) };
  return { ...result, ...error, wallMs: outcome.wallMs };
}

interface CliSummary {
  changes: unknown[];
  summary: { breaking: number };
}

/** The CLI's JSON report, or null if stdout is not one. */
export function readCliReport(stdout: string): CliSummary | null {
  try {
    const report = JSON.parse(stdout) as Partial<CliSummary>;
    return Array.isArray(report.changes) && typeof report.summary?.breaking === 'number' ? (report as CliSummary) : null;
  } catch {
    return null;
  }
}

function describeCliFailure(cli: ChildOutcome, bin: string, timeoutMs: number): string {
  if (!existsSync(bin)) return `${bin} is not built`;
  const exitedNormally = !cli.timedOut && (cli.code === 0 || cli.code === 1);
  const reason = describeFailure(cli, timeoutMs);
  // Node exits 1 on an uncaught exception too: without a report, exit 1 is a crash, not findings.
  return exitedNormally ? `${reason} (stdout is not the JSON report)` : reason;
}

/** Ours: the real CLI for the whole-process numbers, then the engine runner for the phases. */
async function runOurs(pair: Pair, ctx: ToolContext): Promise<Sample> {
  const bin = join(ctx.root, 'dist', 'cli', 'bin.js');
  const probe = pathToFileURL(join(benchDir(ctx), 'rss-probe.js')).href;
  const cli = await runNode(['--import', probe, bin, 'diff', pair.oldFile, pair.newFile, '--format', 'json'], ctx.timeoutMs);
  const report = cli.code === 0 || cli.code === 1 ? readCliReport(cli.stdout) : null;
  if (cli.timedOut || !report) return failed(cli, stripDir(describeCliFailure(cli, bin, ctx.timeoutMs), ctx.corpusDir));
  const rss = readRunnerLine(cli.fd3)?.maxRssMB ?? null;
  const engine = await runRunner('engine-runner.js', [pair.oldFile, pair.newFile], ctx);
  return {
    ok: true,
    wallMs: cli.wallMs,
    parseMs: engine.ok ? engine.parseMs : null,
    diffMs: engine.ok ? engine.diffMs : null,
    totalMs: engine.ok ? engine.totalMs : null,
    maxRssMB: rss,
    breaking: report.summary.breaking,
    findings: report.changes.length,
    ...(engine.ok ? {} : { note: `engine runner: ${engine.error ?? 'failed'}` }),
  };
}

export function runToolOnce(tool: ToolName, pair: Pair, ctx: ToolContext): Promise<Sample> {
  const files = [pair.oldFile, pair.newFile];
  switch (tool) {
    case 'ours':
      return runOurs(pair, ctx);
    case 'openapi-diff':
      return runRunner('openapi-diff-runner.js', [...files, pair.oldVersion, pair.newVersion], ctx);
    case 'api-smart-diff':
      return runRunner('api-smart-diff-runner.js', [...files, pair.oldVersion, pair.newVersion], ctx);
  }
}
