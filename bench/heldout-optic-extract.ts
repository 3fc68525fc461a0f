// Entry of `node dist/bench/heldout-optic-extract.js`: rewrites test/fixtures/heldout/optic/pairs/ and its
// expectations.json from the vendored Optic tests (bench/heldout-optic.ts), after those files change.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runBenchCommand } from './command.js';
import { extractOptic, opticExpectations } from './heldout-optic.js';

runBenchCommand({
  name: 'heldout-optic-extract',
  usage: `usage: node dist/bench/heldout-optic-extract.js
  runs test/fixtures/heldout/optic/upstream/*.test.ts.txt with a stand-in for jest and Optic's ruleset, writes each
  test's before/after documents under pairs/ and the verdict its assertions require to expectations.json`,
  options: {},
  async run(_values, root) {
    const dir = join(root, 'test/fixtures/heldout/optic');
    const extract = await extractOptic(dir);
    rmSync(join(dir, 'pairs'), { recursive: true, force: true });
    for (const [path, text] of extract.documents) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(join(dir, 'expectations.json'), opticExpectations(extract));
    process.stdout.write(
      `${extract.pairs.length} pairs, ${extract.leftOut.length} tests left out\n${extract.leftOut.map((l) => `  left out: ${l}\n`).join('')}`,
    );
    return 0;
  },
});
