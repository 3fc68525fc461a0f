// Entry of `npm run heldout`: runs openapi-diff's test pairs (never used to build the engine) through
// our engine and the npm peers, prints the result and writes docs/ACCURACY.md. Exit 0 when it ran, 2 when not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderAccuracy } from './heldout-report.js';
import { heldoutDirOf, runHeldout } from './heldout-run.js';

const USAGE = `usage: npm run heldout -- [--no-peers] [--no-write]
  runs test/fixtures/heldout/openapi-diff through the engine (and api-smart-diff, openapi-diff),
  prints docs/ACCURACY.md and writes it unless --no-write`;

async function main(argv: string[]): Promise<number> {
  const root = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
  let values: { 'no-peers'?: boolean; 'no-write'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'no-peers': { type: 'boolean' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean' } },
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
  const withPeers = values['no-peers'] !== true;
  const doc = renderAccuracy(await runHeldout(heldoutDirOf(root), { peers: withPeers }), withPeers);
  process.stdout.write(doc);
  if (values['no-write'] !== true) writeFileSync(join(root, 'docs/ACCURACY.md'), doc);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`heldout: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
