// Entry of `npm run conformance`: runs oasdiff's fixture corpus through our engine and prints the
// pass rate per family and overall; `--failures` lists every failing case with its reason,
// `--json` prints one object for machines. Exit code 0 when it ran, 2 when it could not.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDirOf, hasCorpus } from './conformance-corpus.js';
import { renderJson, renderText } from './conformance-report.js';
import { runCorpus } from './conformance-run.js';

const USAGE = `usage: npm run conformance -- [--failures] [--json] [--only oasdiff-001,oasdiff-002] [--today YYYY-MM-DD]
  corpus: $OVERSEER_OASDIFF_CORPUS, else test/fixtures/oasdiff (vendored from oasdiff)`;

async function main(argv: string[]): Promise<number> {
  const root = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
  let values: { failures?: boolean; json?: boolean; only?: string; today?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { failures: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' }, today: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    process.stderr.write(`--today must be YYYY-MM-DD, got "${values.today}"\n`);
    return 2;
  }
  const dir = corpusDirOf(root, process.env);
  if (!hasCorpus(dir)) {
    process.stderr.write(`no MANIFEST.tsv and RULES.tsv in ${dir} (set OVERSEER_OASDIFF_CORPUS)\n${USAGE}\n`);
    return 2;
  }
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const run = await runCorpus(dir, { today: values.today, only });
  process.stdout.write(values.json ? renderJson(run) : renderText(run, values.failures === true));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`conformance: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
