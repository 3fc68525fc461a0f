// Entry of `npm run bench`: every corpus pair, every tool, fresh processes, medians.
// Tables go to stdout and into docs/BENCHMARKS.md; progress goes to stderr.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answeredHelp, type BenchOptions, parseBenchArgs, USAGE } from './args.js';
import { renderEngineSection, spliceSection } from './docs-section.js';
import { describeMachine } from './machine.js';
import { type Pair, readManifest } from './manifest.js';
import { formatTables, type PairResult } from './report.js';
import { formatStartup, measureStartup, pickStartupPair } from './startup.js';
import { type Sample, summarise } from './stats.js';
import { formatSwagger2Parity, measureSwagger2Parity, pickSwagger2Pair } from './swagger2-parity.js';
import { runToolOnce, type ToolContext } from './tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function selectPairs(options: BenchOptions): Pair[] {
  const pairs = readManifest(options.corpusDir);
  if (!options.only) return pairs;
  const missing = options.only.filter((api) => !pairs.some((p) => p.api === api));
  if (missing.length > 0) throw new Error(`--only: no pair for ${missing.join(', ')} in ${options.corpusDir}`);
  return pairs.filter((p) => options.only!.includes(p.api));
}

async function benchPair(pair: Pair, index: number, count: number, options: BenchOptions): Promise<PairResult> {
  const ctx: ToolContext = { root, corpusDir: options.corpusDir, timeoutMs: options.timeoutMs };
  const samples = new Map(options.tools.map((t) => [t, [] as Sample[]]));
  // Interleaved runs: a burst of load from elsewhere on the machine hits every tool alike.
  for (let run = 1; run <= options.runs; run++) {
    for (const tool of options.tools) {
      process.stderr.write(`[${index}/${count}] ${pair.label} ${tool} run ${run}/${options.runs} ... `);
      const sample = await runToolOnce(tool, pair, ctx);
      samples.get(tool)!.push(sample);
      process.stderr.write(sample.ok ? `${Math.round(sample.wallMs)} ms\n` : `FAILED: ${sample.error}\n`);
    }
  }
  return { pair, tools: Object.fromEntries([...samples].map(([t, s]) => [t, summarise(s)])) };
}

/** The startup row and the Swagger 2.0 comparison, when the selection holds a pair for them. */
async function measureGoals(pairs: Pair[], options: BenchOptions): Promise<string[]> {
  if (!options.tools.includes('ours')) return [];
  const out: string[] = [];
  const small = pickStartupPair(pairs);
  const startup = small ? await measureStartup(small, root, options.runs, options.timeoutMs) : null;
  if (startup) out.push(formatStartup(startup));
  const v2 = pickSwagger2Pair(pairs);
  const ctx: ToolContext = { root, corpusDir: options.corpusDir, timeoutMs: options.timeoutMs };
  const parity = v2 ? await measureSwagger2Parity(v2, ctx, options.runs) : null;
  if (parity) out.push(formatSwagger2Parity(parity));
  return out;
}

function commandLine(argv: string[]): string {
  return argv.length === 0 ? 'npm run bench' : `npm run bench -- ${argv.join(' ')}`;
}

async function main(argv: string[]): Promise<number> {
  if (answeredHelp(argv, USAGE)) return 0;
  let options: BenchOptions;
  let pairs: Pair[];
  try {
    options = parseBenchArgs(argv, process.env, root);
    if (!existsSync(join(options.corpusDir, 'MANIFEST.tsv'))) {
      throw new Error(`no MANIFEST.tsv in ${options.corpusDir} (set OVERSEER_CORPUS)`);
    }
    pairs = selectPairs(options);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  const meta = describeMachine(root, options.tools, options.runs, options.timeoutMs, commandLine(argv));
  const results: PairResult[] = [];
  for (const [i, pair] of pairs.entries()) results.push(await benchPair(pair, i + 1, pairs.length, options));

  const goals = await measureGoals(pairs, options);
  process.stdout.write(`${[formatTables(results, options.tools), ...goals].join('\n\n')}\n`);
  const docsFile = join(root, 'docs', 'BENCHMARKS.md');
  const existing = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : null;
  writeFileSync(docsFile, spliceSection(existing, renderEngineSection(meta, results, options.tools, goals)));
  process.stderr.write(`wrote ${docsFile}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
