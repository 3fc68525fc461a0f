// Entry of `npm run conformance`: runs oasdiff's fixture corpus through our engine and prints the
// pass rate per family and overall; `--failures` lists every failing case with its reason,
// `--json` prints one object for machines. Exit code 0 when it ran, 2 when it could not.
import { runBenchCommand, UsageError } from './command.js';
import { corpusDirOf, hasCorpus } from './conformance-corpus.js';
import { renderJson, renderText } from './conformance-report.js';
import { runCorpus } from './conformance-run.js';

runBenchCommand({
  name: 'conformance',
  usage: `usage: npm run conformance -- [--failures] [--json] [--only oasdiff-001,oasdiff-002] [--today YYYY-MM-DD]
  corpus: $OVERSEER_OASDIFF_CORPUS, else test/fixtures/oasdiff (vendored from oasdiff)`,
  options: { failures: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' }, today: { type: 'string' } },
  async run(values, root) {
    if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new UsageError(`--today must be YYYY-MM-DD, got "${values.today}"`);
    const dir = corpusDirOf(root, process.env);
    if (!hasCorpus(dir)) throw new UsageError(`no MANIFEST.tsv and RULES.tsv in ${dir} (set OVERSEER_OASDIFF_CORPUS)`);
    const only = values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const run = await runCorpus(dir, { today: values.today, only });
    process.stdout.write(values.json ? renderJson(run) : renderText(run, values.failures === true));
    return 0;
  },
});
