// How much event-loop time each dashboard page costs, measured directly: the app runs in this process on a copy of a
// seeded registry (dashboard-stalls.ts seeds it), and the main thread's busy time (eventLoopUtilization) is read around
// each request, so work done in the worker threads is not counted. Run one build, then the other, on the same file.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../overseer/app.js';
import { parseConfig } from '../overseer/config.js';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { buildPublishBody, nameBenchService } from './registry-seed.js';
import { median } from './stats.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, runs: { type: 'string', default: '5' }, services: { type: 'string', default: '5000' }, only: { type: 'string' } },
  });
  if (!values.db) throw new Error('--db FILE: a registry seeded by dashboard-stalls.js');
  const dir = mkdtempSync(join(tmpdir(), 'overseer-loop-time-'));
  const db = join(dir, 'registry.db');
  copyFileSync(values.db, db);
  const config = parseConfig({ db }, {});
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store });
  await app.ready();
  const hub = nameBenchService(0);
  let fresh = 0;
  const publish = async () => {
    const i = 50 + fresh++;
    const body = buildPublishBody(i, `9.${fresh}.0`, Number(values.services));
    const res = await app.inject({ method: 'POST', url: `/v1/services/${nameBenchService(i)}/versions`, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`publish: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  let deployed = 0;
  // Production runs 1.0.0 of every service: one of them goes to 1.1.0 and back, a deployment each time.
  const deploy = async () => {
    const version = deployed++ % 2 === 0 ? '1.1.0' : '1.0.0';
    const payload = { service: nameBenchService(3), version, environment: 'production' };
    const res = await app.inject({ method: 'POST', url: '/v1/deployments', payload });
    if (res.statusCode >= 300) throw new Error(`deploy: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  const targets: { label: string; path: () => string; before?: () => Promise<void> }[] = [
    { label: 'services /', path: () => '/' },
    { label: 'services /?q=svc-01', path: () => '/?q=svc-01' },
    { label: 'services /?blocked=1', path: () => '/?blocked=1' },
    { label: 'graph by owner /graph', path: () => '/graph' },
    { label: 'graph /graph?environment=production', path: () => '/graph?environment=production' },
    { label: 'hub 2 hops', path: () => `/graph?service=${hub}&hops=2` },
    { label: 'unseen service, 2 hops', path: () => `/graph?service=${nameBenchService(100 + fresh++ * 7)}&hops=2` },
    { label: 'environments /environments', path: () => '/environments' },
    { label: 'hub service page', path: () => `/services/${hub}` },
    { label: 'hub service diff', path: () => `/services/${hub}?from=1.0.0&to=1.1.0` },
    { label: 'audit /audit', path: () => '/audit' },
    { label: 'hub 2 hops after a publication', path: () => `/graph?service=${hub}&hops=2`, before: publish },
    { label: 'services / after a publication', path: () => '/', before: publish },
    { label: 'environments after a publication', path: () => '/environments', before: publish },
    { label: 'hub service page after a publication', path: () => `/services/${hub}`, before: publish },
    { label: 'hub 2 hops after a deployment', path: () => `/graph?service=${hub}&hops=2`, before: deploy },
    { label: 'services / after a deployment', path: () => '/', before: deploy },
    { label: 'environments after a deployment', path: () => '/environments', before: deploy },
    { label: 'hub service page after a deployment', path: () => `/services/${hub}`, before: deploy },
    { label: 'production graph after a deployment', path: () => '/graph?environment=production', before: deploy },
  ];
  const chosen = targets.filter((x) => values.only === undefined || x.label.includes(values.only));
  // Every page once, unmeasured: the JIT and the caches warm up outside the figures.
  for (const t of chosen) await app.inject(t.path());
  const rows: string[] = [];
  try {
    for (const t of chosen) {
      const loop: number[] = [];
      const wall: number[] = [];
      let cpu = 0;
      let bytes = 0;
      let status = 0;
      for (let run = 0; run < Number(values.runs); run++) {
        await t.before?.();
        const path = t.path();
        const started = performance.now();
        const before = performance.eventLoopUtilization();
        const cpuBefore = readMainThreadCpu();
        const res = await app.inject(path);
        loop.push(performance.eventLoopUtilization(before).active);
        cpu += readMainThreadCpu() - cpuBefore;
        wall.push(performance.now() - started);
        bytes = res.rawPayload.byteLength;
        status = res.statusCode;
      }
      const cpuMean = Number.isNaN(cpu) ? 'n/a' : (cpu / Number(values.runs)).toFixed(1);
      rows.push(`| ${t.label} | ${median(loop)?.toFixed(1)} | ${cpuMean} | ${median(wall)?.toFixed(0)} | ${(bytes / 1024).toFixed(0)} | ${status} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    process.stdout.write(
      `| page | event-loop ms (median) | main-thread CPU ms (mean) | wall ms (median) | KB | status |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
    );
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The main thread's CPU time so far, in ms (Linux: /proc, in 10 ms ticks; NaN elsewhere). On a loaded machine a busy
 * event loop's wall time counts the time other processes held the core; its CPU time does not. Meant as a mean over runs.
 */
function readMainThreadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of the line (11 and 12 after the command name).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`dashboard-loop-time failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
