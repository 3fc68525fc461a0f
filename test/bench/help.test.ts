// Every bench a user runs by hand answers --help with its usage and starts nothing: the test-suite step once took
// `--help` for a go and ran the whole `npm test` in its place.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT, runProcess } from '../e2e/cli-process.js';

const BENCHES = ['run', 'engine-phases', 'cli-phases', 'registry', 'test-suite', 'ordered-parity', 'observe-ingest', 'deploy-unmet'];
// No corpus, so a bench that went past its help would stop at once, and say so, rather than run.
const env = { OVERSEER_CORPUS: join(REPO_ROOT, 'no-corpus-here') };

beforeAll(() => assertBuilt());

describe('the bench commands', () => {
  for (const bench of BENCHES) {
    it(`${bench} --help prints its usage and exits 0`, async () => {
      const run = await runProcess(process.execPath, [join(REPO_ROOT, 'dist', 'bench', `${bench}.js`), '--help'], { env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^usage: /);
    });
  }

  it('test-suite refuses an argument it does not know, with its usage, instead of starting npm test', async () => {
    const run = await runProcess(process.execPath, [join(REPO_ROOT, 'dist', 'bench', 'test-suite.js'), '--runs', '3'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown argument --runs');
    expect(run.stderr).toContain('usage: node dist/bench/test-suite.js');
    expect(run.stderr).not.toContain('npm test, load average');
  });
});
