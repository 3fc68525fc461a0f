// Entry of `npm run heldout`: runs every held-out suite (other projects' test pairs, never used to build the
// engine) through our engine and the npm peers, prints the result and writes docs/ACCURACY.md. Exit 0 when it ran, 2 when not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBenchCommand } from './command.js';
import { renderAccuracy } from './heldout-report.js';
import { heldoutDirOf, runHeldout, SUITES } from './heldout-run.js';

runBenchCommand({
  name: 'heldout',
  usage: `usage: npm run heldout -- [--no-peers] [--no-write]
  runs each suite of test/fixtures/heldout/ through the engine (and api-smart-diff, openapi-diff),
  prints docs/ACCURACY.md and writes it unless --no-write`,
  options: { 'no-peers': { type: 'boolean' }, 'no-write': { type: 'boolean' } },
  async run(values, root) {
    const withPeers = values['no-peers'] !== true;
    const suites = [];
    for (const suite of SUITES) suites.push({ suite, results: await runHeldout(heldoutDirOf(root, suite), { peers: withPeers }) });
    const doc = renderAccuracy(suites, withPeers);
    process.stdout.write(doc);
    if (values['no-write'] !== true) writeFileSync(join(root, 'docs/ACCURACY.md'), doc);
    return 0;
  },
});
