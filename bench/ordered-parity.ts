// `node dist/bench/ordered-parity.js --build ROOT OUT [BEFORE]`: a build's JSON report of every ordered pair of files
// that sit in one folder (the real corpus's versions of an api, the fixture folders), hashed, one line per pair; with
// BEFORE (an earlier OUT), the pairs whose report differs. Work on the engine's speed must change none of them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { answeredHelp } from './args.js';
import { CORPUS_HINT, corpusDir } from './manifest.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const USAGE = `usage: node dist/bench/ordered-parity.js --build ROOT OUT [BEFORE]
  ROOT: a checkout holding dist/ (main's: /work/main); OUT: the hashes written; BEFORE: hashes of another build to
  compare with. Pairs: every ordered pair of versions of each real api (corpus: ${CORPUS_HINT}) and of files in each
  folder of test/fixtures/oasdiff/data, test/fixtures/heldout and test/fixtures/rules`;
const FIXTURES = ['test/fixtures/oasdiff/data', 'test/fixtures/heldout', 'test/fixtures/rules'];
const SPEC = new Set(['.json', '.yaml', '.yml']);
// Written once per run, so that no sunset date moves a report between two runs on different days.
const TODAY = '2026-12-01';

/** The contract files of each folder below `dir` (data files such as expectations.json fail to load and count as such). */
function folders(dir: string, out: string[][] = []): string[][] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) folders(path, out);
    else if (SPEC.has(extname(name))) files.push(path);
  }
  if (files.length > 1) out.push(files);
  return out;
}

async function main(argv: string[]): Promise<number> {
  if (answeredHelp(argv, USAGE)) return 0;
  const [flag, buildArg, outArg, beforeArg, ...extra] = argv;
  if (flag !== '--build' || !buildArg || !outArg || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const engine = await import(pathToFileURL(join(resolve(buildArg), 'dist/contracts/index.js')).href);
  const groups = [...folders(corpusDir(process.env, root)), ...FIXTURES.flatMap((dir) => folders(join(root, dir)))];
  const lines: string[] = [];
  for (const files of groups) {
    // Each file read once: diffing never writes into a loaded contract.
    const loaded = new Map<string, unknown>();
    for (const file of files) loaded.set(file, await engine.loadContract(file, {}).catch((err: Error) => err));
    for (const a of files)
      for (const b of files) if (a !== b) lines.push(`${relative(root, a)} -> ${relative(root, b)}\t${reportHash(engine, loaded.get(a), loaded.get(b))}`);
  }
  writeFileSync(outArg, `${lines.join('\n')}\n`);
  process.stderr.write(`${lines.length} ordered pairs\n`);
  if (beforeArg === undefined) return 0;
  const before = new Set(readFileSync(beforeArg, 'utf8').split('\n'));
  const changed = lines.filter((line) => !before.has(line));
  process.stdout.write(changed.length === 0 ? `all ${lines.length} reports identical\n` : `changed:\n${changed.join('\n')}\n`);
  return changed.length === 0 ? 0 : 1;
}

/** The report's hash, or the error's words where a file does not load or the diff throws. */
function reportHash(engine: any, base: unknown, revision: unknown): string {
  if (base instanceof Error || revision instanceof Error) return 'unloaded';
  let text: string;
  try {
    const diff = engine.diffContracts(base, revision, { today: TODAY });
    text = JSON.stringify(engine.judgeDiff({ diff, base: { file: 'base' }, revision: { file: 'revision' }, failOn: 'breaking' }));
  } catch (err) {
    text = `threw ${(err as Error).message}`;
  }
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ordered-parity failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
