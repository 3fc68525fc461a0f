// Test projects split by what they need: `unit` is pure (no server, browser or database: `npm run
// test:unit`), and the files that use PostgreSQL or Chromium share one cluster or one browser per run,
// started by a global setup only when such a file is in the run. Files that bound how long work takes run
// last and alone (`timed`), so that the rest of the suite cannot slow what they time.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const UNIT = ['test/contracts/**/*.test.ts', 'test/architecture.test.ts', 'test/bench/**/*.test.ts'];
// They bound how long work may take (/healthz while the server parses, `overseer diff` on hostile input): only
// the machine may compete with them, not a second file of the suite.
const TIMED = ['test/hostile/server-load.test.ts', 'test/hostile/cli.test.ts'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(file);
    return e.name.endsWith('.test.ts') ? [file] : [];
  });
}

// Read from the files, so a new test that starts PostgreSQL or Chromium joins its project by itself.
const filesCalling = (call: string) => testFiles('test').filter((f) => !f.startsWith('test/contracts/') && readFileSync(f, 'utf8').includes(call));
const POSTGRES = filesCalling('startPostgres(');
const BROWSER = filesCalling('launchChromium(');

export default defineConfig({
  test: {
    // Generous: with two files at a time, a test that spawns servers and CLIs waits on a machine that is twice as
    // busy, and a file's setup may start a registry and publish through half a dozen CLI processes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default for `vitest run` is one worker fewer than the cores: one file at a time on two cores. The
    // integration files wait on processes they spawned (servers, the CLI, Chromium), so two forks overlap that
    // waiting; the pure unit files run on one thread beside them (the two pools run side by side). Threads are
    // used by `unit` alone, whose files mock nothing and set no globals: one thread keeps its loaded modules from
    // file to file instead of starting a fresh thread and re-importing the engine for each (90 s -> 32 s alone).
    // The forks keep theirs too (isolate: false): a fresh process per file cost each file a node start and a new
    // import of fastify, pg, the engine and the routes, about a third of the suite's CPU time. No test mocks a
    // module or changes process.env or globals, and each closes what it opened (CONTRIBUTING.md says why it must).
    // vitest then runs each project's files in forks of their own: a project's files finish before the next begins.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false }, threads: { maxThreads: 1, minThreads: 1, isolate: false } },
    projects: [
      // Pure tests share nothing that a worker thread could leak: threads start faster than processes.
      { extends: true, test: { name: 'unit', include: UNIT, pool: 'threads' } },
      { extends: true, test: { name: 'postgres', include: POSTGRES, exclude: [...BROWSER, ...TIMED], globalSetup: ['test/helpers/global-postgres.ts'] } },
      { extends: true, test: { name: 'browser', include: BROWSER, exclude: TIMED, globalSetup: ['test/helpers/global-chromium.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT, ...POSTGRES, ...BROWSER, ...TIMED] },
      },
      // A later group starts once every earlier one has finished; one fork runs its files one after another.
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 }, poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
