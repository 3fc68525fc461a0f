// Test projects split by what they need: `unit` is pure (no server, browser or database: `npm run
// test:unit`), and the files that use PostgreSQL or Chromium share one cluster or one browser per run,
// started by a global setup only when such a file is in the run.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const UNIT = ['test/contracts/**/*.test.ts', 'test/architecture.test.ts', 'test/bench/**/*.test.ts'];

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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      // Pure tests share nothing that a worker thread could leak: threads start faster than processes.
      { extends: true, test: { name: 'unit', include: UNIT, pool: 'threads' } },
      { extends: true, test: { name: 'postgres', include: POSTGRES, exclude: BROWSER, globalSetup: ['test/helpers/global-postgres.ts'] } },
      { extends: true, test: { name: 'browser', include: BROWSER, globalSetup: ['test/helpers/global-chromium.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT, ...POSTGRES, ...BROWSER] },
      },
    ],
  },
});
