// `node dist/bench/report-parity.js DIR [BEFORE]`: the built CLI's JSON report of every real pair, written to DIR;
// with BEFORE (DIR of an earlier build), the pairs whose report or exit code changed. Work on the engine's speed
// must leave every one byte-identical: this is the check, run before and after.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, runNode } from './child.js';
import { CORPUS_HINT, corpusDir, type Pair, readManifest } from './manifest.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const USAGE = `usage: node dist/bench/report-parity.js DIR [BEFORE]
  corpus: ${CORPUS_HINT}`;
const TIMEOUT_MS = 300_000;

/** One file per pair, named by api and both dates: api names repeat. */
function reportName(pair: Pair): string {
  const stem = (file: string) => basename(file, extname(file));
  return `${pair.api}_${stem(pair.oldFile)}_${stem(pair.newFile)}.json`;
}

/** The exit code first, then the report: a change of either is a change of what a user sees. */
async function writeReport(pair: Pair, dir: string): Promise<void> {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const run = await runNode([bin, 'diff', pair.oldFile, pair.newFile, '--format', 'json'], TIMEOUT_MS);
  const failed = run.code !== 0 && run.code !== 1;
  const text = `exit ${run.code}\n${failed ? describeFailure(run, TIMEOUT_MS) : run.stdout}`;
  writeFileSync(join(dir, reportName(pair)), text);
}

/** Names of the pairs whose file in `dir` differs from (or is missing in) `before`. */
function changedReports(pairs: Pair[], dir: string, before: string): string[] {
  return pairs.map(reportName).filter((name) => !existsSync(join(before, name)) || !readFileSync(join(dir, name)).equals(readFileSync(join(before, name))));
}

async function main(argv: string[]): Promise<number> {
  const [dirArg, beforeArg, ...extra] = argv;
  if (dirArg === '--help' || dirArg === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Any other option is a typo, not a folder to fill with 18 reports.
  if (!dirArg || dirArg.startsWith('-') || beforeArg?.startsWith('-') || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const pairs = readManifest(corpusDir(process.env, root));
  const dir = resolve(dirArg);
  mkdirSync(dir, { recursive: true });
  for (const [i, pair] of pairs.entries()) {
    process.stderr.write(`[${i + 1}/${pairs.length}] ${pair.label}\n`);
    await writeReport(pair, dir);
  }
  if (beforeArg === undefined) return 0;
  const changed = changedReports(pairs, dir, resolve(beforeArg));
  process.stdout.write(changed.length === 0 ? `all ${pairs.length} reports identical\n` : `changed:\n${changed.join('\n')}\n`);
  return changed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`report-parity failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
