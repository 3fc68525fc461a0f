// Test projects split by what they need: `unit` is pure (no server, browser or database: `npm run test:unit`) and
// runs on a thread; every other file is `integration`, and those that use PostgreSQL or Chromium share one cluster
// or one browser per run, started by a global setup only when such a file is in the run. No file times anything: a
// test that the event loop stays free reads CPU time (test/helpers/loop-cpu.ts), which a loaded machine does not
// inflate, so those files run beside the others instead of last and alone.
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const UNIT = ['test/contracts/**/*.test.ts', 'test/architecture.test.ts', 'test/bench/**/*.test.ts'];
// The projects `vitest run` was asked for (`--project unit` or `--project=unit`): none means all of them.
const askedProjects = process.argv.flatMap((arg, i) => (arg === '--project' ? [process.argv[i + 1]] : arg.startsWith('--project=') ? [arg.slice(10)] : []));
const UNIT_THREADS = askedProjects.length > 0 && askedProjects.every((name) => name === 'unit') ? 2 : 1;

// The slowest files, slowest first (ranked by `npx vitest run --reporter=json`, each spawning servers, CLIs or a
// database): started first, they run beside the many short files instead of keeping one fork busy after the
// other has finished. vitest orders by the durations of the previous run, but a fresh clone has none and would
// start them by file size, the crash loop among the last. A file missing here only starts later. Ranked by the
// durations of a whole run at load 2 (the integration files, then the unit files, which have a thread of their own).
const SLOWEST = [
  'test/reliability/crash.test.ts',
  'test/e2e/registry.test.ts',
  'test/overseer/replicas.test.ts',
  'test/e2e/registry-bench-postgres.test.ts',
  'test/hostile/strangers-share.test.ts',
  'test/hostile/strangers-address-share.test.ts',
  'test/overseer/store/postgres.test.ts',
  'test/e2e/dashboard.test.ts',
  'test/e2e/dashboard-reading.test.ts',
  'test/hostile/worker-pool-heals.test.ts',
  'test/hostile/trickled-answers.test.ts',
  'test/e2e/observe-shutdown.test.ts',
  'test/hostile/hostile-queries.test.ts',
  'test/hostile/memory-bound-process.test.ts',
  'test/action/main.test.ts',
  'test/overseer/old-replica.test.ts',
  'test/e2e/upgrade-from-older.test.ts',
  'test/hostile/work-lanes.test.ts',
  'test/hostile/work-timeout.test.ts',
  'test/hostile/refused-before-read.test.ts',
  'test/e2e/gate.test.ts',
  'test/e2e/hunt-registry-transport.test.ts',
  'test/hostile/slow-requests.test.ts',
  'test/bench/server-cpu.test.ts',
  'test/contracts/engine.property.test.ts',
  'test/contracts/rules/mutation.property.test.ts',
  'test/contracts/load/yes-no-validators.test.ts',
  'test/contracts/impact.property.test.ts',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const at = SLOWEST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return at === -1 ? SLOWEST.length : at;
    };
    // Stable: the rest keep vitest's order (failed first, then longest last time, else largest).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    // Generous: with two files at a time, a test that spawns servers and CLIs waits on a machine that is twice as
    // busy, and a file's setup may start a registry and publish through half a dozen CLI processes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // FC_SEED and FC_PATH replay the property case a failure printed (CONTRIBUTING.md, "A property failed").
    setupFiles: ['test/helpers/property-replay.ts'],
    // A test that ran no expect (a loop over a list that came back empty, a branch or callback never taken) fails
    // instead of passing silently: what it was written to check was never checked.
    expect: { requireAssertions: true },
    sequence: { sequencer: SlowestFirst },
    // vitest's default for `vitest run` is one worker fewer than the cores: one file at a time on two cores. The
    // integration files wait on processes they spawned (servers, the CLI, Chromium), so two forks overlap that
    // waiting; the pure unit files run on one thread beside them (the two pools run side by side). Threads are
    // used by `unit` alone, whose files mock nothing and set no globals: one thread keeps its loaded modules from
    // file to file instead of starting a fresh thread and re-importing the engine for each (90 s -> 32 s alone).
    // The forks keep theirs too (isolate: false): a fresh process per file cost each file a node start and a new
    // import of fastify, pg, the engine and the routes, about a third of the suite's CPU time. No test mocks a
    // module or changes process.env or globals, and each closes what it opened (CONTRIBUTING.md says why it must).
    // vitest runs each project's files in forks of their own, a project's files finishing before the next begins:
    // hence one project for every file that shares the forks (separate PostgreSQL and browser projects left one
    // fork idle at the end of each while the other ran its last file).
    // `npm run test:unit` runs the unit project alone: no forks beside it, so it takes both cores (two threads).
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false }, threads: { maxThreads: UNIT_THREADS, minThreads: 1, isolate: false } },
    projects: [
      // Pure tests share nothing that a worker thread could leak: threads start faster than processes.
      { extends: true, test: { name: 'unit', include: UNIT, pool: 'threads' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          globalSetup: ['test/helpers/global-shared.ts'],
        },
      },
    ],
  },
});
