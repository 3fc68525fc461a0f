// The registry bench on PostgreSQL (`npm run bench:registry -- --store postgres`), run whole on a small world against
// the run's cluster: the sections it writes, beside SQLite's of the same size, which it must keep as they were.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/use-postgres.js';
import { assertBuilt, REPO_ROOT, runProcess } from './cli-process.js';

const cluster = usePostgres();
const SERVICES = 20;
// What a run on SQLite wrote earlier, and a section that follows it: both must come through untouched.
const SQLITE_SECTIONS = [
  `<!-- registry:${SERVICES}:start -->\n## Registry under load at ${SERVICES} services\n\nSQLite's figures\n<!-- registry:${SERVICES}:end -->`,
  `<!-- dashboard:${SERVICES}:start -->\n## Dashboard: page times at ${SERVICES} services\n\nSQLite's pages\n<!-- dashboard:${SERVICES}:end -->`,
].join('\n\n');
const AFTER = '## Test suite\n\nnot the registry';

let dir: string;
let docs: string;
let corpus: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-bench-pg-'));
  docs = join(dir, 'BENCHMARKS.md');
  await writeFile(docs, `# Benchmarks\n\n${SQLITE_SECTIONS}\n\n${AFTER}\n`);
  // The bench publishes Stripe's 4 MB contract; any real contract at that path stands in for it here.
  corpus = join(dir, 'corpus');
  await mkdir(join(corpus, 'stripe'), { recursive: true });
  await writeFile(join(corpus, 'stripe', '2023-08-09.yaml'), await readFile(join(REPO_ROOT, 'examples', 'users-service', 'openapi.yaml')));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run bench:registry -- --store postgres', () => {
  it('measures a registry on PostgreSQL and writes its own sections after SQLite’s of the same size, keeping them', async () => {
    const bench = await runProcess(
      process.execPath,
      [
        join(REPO_ROOT, 'dist', 'bench', 'registry.js'),
        ...['--store', 'postgres', '--postgres-url', cluster().url, '--services', String(SERVICES), '--docs', docs],
        ...['--runs', '1', '--duration', '1', '--page-requests', '1'],
      ],
      { env: { OVERSEER_CORPUS: corpus } },
    );
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stderr).toContain('moving it to PostgreSQL (overseer export, then overseer import) ...');

    const written = await readFile(docs, 'utf8');
    const kept = `# Benchmarks\n\n${SQLITE_SECTIONS}\n\n<!-- registry-postgres:${SERVICES}:start -->`;
    expect(written.slice(0, kept.length)).toBe(kept);
    const tail = `<!-- dashboard-postgres:${SERVICES}:end -->\n\n${AFTER}\n`;
    expect(written.slice(-tail.length)).toBe(tail);

    const registry = between(written, `registry-postgres:${SERVICES}`);
    expect(registry).toContain(`## Registry under load at ${SERVICES} services on PostgreSQL`);
    expect(registry).toMatch(
      /- Server: the built `overseer serve --port 0` in its own process, on a new database of the server given by --postgres-url: PostgreSQL \d+\.\d+ \(fsync (on|off), .*synchronous_commit (on|off)/,
    );
    expect(registry).toMatch(
      /seeded through the HTTP API in [\d.]+ s on SQLite \(observed calls included\), then moved to PostgreSQL by `overseer export` and `overseer import`/,
    );
    expect(registry).toMatch(/- The answer measured: svc-0001's can-i-deploy of 1\.1\.0, asked once before the runs, is \*\*deployable\*\*/);
    // Every series (three kinds on 1 and 10 connections) answered without an error: the moved registry serves what the
    // seeded one did. The mixed run's 100 connections may be shed with 503 and are left out.
    const series = registry.split('\n').filter((line) => /^\| (can-i-deploy `|can-i-deploy of the hubs only|publish `)/.test(line));
    expect(series).toHaveLength(6);
    for (const row of series) expect(row).toMatch(/\| 0 \/ 0 \|$/);

    const dashboard = between(written, `dashboard-postgres:${SERVICES}`);
    expect(dashboard).toContain(`## Dashboard: page times at ${SERVICES} services on PostgreSQL`);
    const pages = dashboard.split('\n').filter((line) => /^\| .* `\/[^`]*` \|/.test(line));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(page).toMatch(/\| 200 \|$/);
  }, 300_000);
});

function between(text: string, key: string): string {
  const start = text.indexOf(`<!-- ${key}:start -->`);
  const end = text.indexOf(`<!-- ${key}:end -->`);
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return text.slice(start, end);
}
