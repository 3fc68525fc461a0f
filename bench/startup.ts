// The "startup" row: what the CLI costs on the smallest pair beyond starting Node at all, measured
// beside bare `node -e ''` in the same run (interleaved), since a shared machine's load moves both.
import { join } from 'node:path';
import { runNode } from './child.js';
import type { Pair } from './manifest.js';
import { formatMs, formatRatio } from './report.js';
import { median } from './stats.js';

/** The goal of issue #19: a small pair costs at most this much more than starting Node. */
const STARTUP_BUDGET_MS = 150;
/** Fewer runs than this say nothing about a start-up cost of a few tens of milliseconds. */
const MIN_RUNS = 5;

interface StartupResult {
  pair: Pair;
  runs: number;
  bareNodeMs: number;
  cliMs: number;
}

/** The smallest pair of those selected, or null when none is small. */
export function pickStartupPair(pairs: readonly Pair[]): Pair | null {
  const small = pairs.filter((p) => p.sizeClass === 'small');
  return small.sort((a, b) => a.oldBytes + a.newBytes - (b.oldBytes + b.newBytes))[0] ?? null;
}

export async function measureStartup(pair: Pair, root: string, runs: number, timeoutMs: number): Promise<StartupResult | null> {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const bare: number[] = [];
  const cli: number[] = [];
  const count = Math.max(runs, MIN_RUNS);
  for (let i = 1; i <= count; i++) {
    process.stderr.write(`[startup] run ${i}/${count} ... `);
    const node = await runNode(['-e', ''], timeoutMs);
    const ours = await runNode([bin, 'diff', pair.oldFile, pair.newFile, '--format', 'json'], timeoutMs);
    if (node.code !== 0 || (ours.code !== 0 && ours.code !== 1)) {
      process.stderr.write('FAILED\n');
      return null;
    }
    bare.push(node.wallMs);
    cli.push(ours.wallMs);
    process.stderr.write(`node ${Math.round(node.wallMs)} ms, overseer ${Math.round(ours.wallMs)} ms\n`);
  }
  return { pair, runs: count, bareNodeMs: median(bare)!, cliMs: median(cli)! };
}

/** Pure: the startup table and whether the budget is met, for stdout and the docs alike. */
export function formatStartup(result: StartupResult): string {
  const over = result.cliMs - result.bareNodeMs;
  const verdict =
    over <= STARTUP_BUDGET_MS
      ? `within the ${STARTUP_BUDGET_MS} ms budget over bare Node`
      : `over the ${STARTUP_BUDGET_MS} ms budget by ${formatMs(over - STARTUP_BUDGET_MS)} ms`;
  return [
    `Startup (${result.pair.label}, median of ${result.runs} interleaved runs):`,
    '',
    '| Work | Whole ms | Over bare Node ms | × bare Node |',
    '| --- | ---: | ---: | ---: |',
    `| bare \`node -e ''\` | ${formatMs(result.bareNodeMs)} | 0 | 1.0× |`,
    `| \`overseer diff\` of the small pair | ${formatMs(result.cliMs)} | ${formatMs(over)} | ${formatRatio(result.cliMs / result.bareNodeMs)} |`,
    '',
    `The CLI costs ${formatMs(over)} ms more than starting Node: ${verdict}.`,
  ].join('\n');
}
