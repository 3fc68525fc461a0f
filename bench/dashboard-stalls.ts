// How long each dashboard page holds the registry's event loop: /healthz is polled every 5 ms from a thread of its own
// while one page is fetched, and the slowest answer is the longest stall the page caused (issue 19, the security
// standard). The registry is seeded once into a file that later runs reuse (`--db`), so two builds (`--bin`) can be
// compared in turn on the same data.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pollHealthz } from './poll-healthz.js';
import { timePage } from './registry-pages.js';
import { buildPublishBody, createJsonCaller, nameBenchService, seedBenchRegistry } from './registry-seed.js';
import { median } from './stats.js';

const say = (text: string) => process.stderr.write(text);

interface Stall {
  status: number;
  serverMs: number | null;
  /** The slowest /healthz answer while the page was fetched. */
  stallMs: number;
}

/** `overseer serve` of the build at `bin` on `db`; resolves with its URL once it listens. */
async function serve(bin: string, db: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db], {
    env: { PATH: process.env.PATH ?? '', OVERSEER_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the registry exited with ${code}: ${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fetches `path` once while a worker thread asks /healthz every 5 ms (poll-healthz.ts). */
async function measureStall(url: string, path: string): Promise<Stall> {
  const poll = pollHealthz(url, 5);
  // The poller's first asks open its connection: the page is asked once they are answered.
  await poll.ready;
  const started = performance.timeOrigin + performance.now();
  const page = await timePage(url, path);
  const ended = performance.timeOrigin + performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const { asks } = await poll.stop();
  // An ask that was waiting at any moment of the page's request.
  const during = asks.filter(([start, ms]) => start < ended && start + ms > started).map(([, ms]) => ms);
  return { status: page.status, serverMs: page.serverMs, stallMs: Math.max(0, ...during) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      services: { type: 'string', default: '5000' },
      db: { type: 'string' },
      bin: { type: 'string', default: fileURLToPath(new URL('../cli/bin.js', import.meta.url)) },
      runs: { type: 'string', default: '3' },
    },
  });
  const count = Number(values.services);
  const dir = mkdtempSync(join(tmpdir(), 'overseer-stalls-'));
  const db = join(dir, 'registry.db');
  if (values.db && existsSync(values.db)) copyFileSync(values.db, db);
  const server = await serve(values.bin!, db);
  try {
    if (!values.db || !existsSync(values.db)) {
      say(`seeding ${count} services ...\n`);
      await seedBenchRegistry(server.url, count);
      if (values.db) {
        await server.stop();
        copyFileSync(db, values.db);
        say(`seeded into ${values.db}: run again to measure\n`);
        return;
      }
    }
    const hub = nameBenchService(0);
    const call = createJsonCaller(server.url);
    let fresh = 0;
    // A service never asked about before, at a given number of hops: nothing of it can be in a cache.
    const unseen = (hops: number) => `/graph?service=${nameBenchService(100 + fresh++ * 7)}&hops=${hops}`;
    const targets: { label: string; path: () => string; before?: () => Promise<void> }[] = [
      { label: 'services /', path: () => '/' },
      { label: 'services /?blocked=1', path: () => '/?blocked=1' },
      { label: 'graph by owner /graph', path: () => '/graph' },
      { label: 'graph /graph?environment=production', path: () => '/graph?environment=production' },
      { label: 'hub 2 hops, warm', path: () => `/graph?service=${hub}&hops=2` },
      { label: 'unseen service, 2 hops', path: () => unseen(2) },
      { label: 'unseen service, 5 hops', path: () => unseen(5) },
      { label: 'environments /environments', path: () => '/environments' },
      { label: 'hub service page', path: () => `/services/${hub}` },
      { label: 'hub migrations', path: () => `/services/${hub}/migrations` },
      { label: 'audit /audit', path: () => '/audit' },
      {
        label: 'hub 2 hops after a publication',
        path: () => `/graph?service=${hub}&hops=2`,
        before: async () => {
          const i = 50 + fresh++;
          await call('POST', `/v1/services/${nameBenchService(i)}/versions`, buildPublishBody(i, `9.${fresh}.0`, count));
        },
      },
      {
        label: 'production graph after a deployment',
        path: () => '/graph?environment=production',
        before: async () => {
          await call('POST', '/v1/deployments', { service: nameBenchService(3), version: fresh++ % 2 === 0 ? '1.1.0' : '1.0.0', environment: 'production' });
        },
      },
    ];
    // Every page once, unmeasured: the JIT and the workers' parsed contracts warm up outside the figures.
    for (const t of targets) await timePage(server.url, t.path());
    const rows: string[] = [];
    for (const t of targets) {
      const samples: Stall[] = [];
      for (let run = 0; run < Number(values.runs); run++) {
        await t.before?.();
        samples.push(await measureStall(server.url, t.path()));
      }
      const server_ = median(samples.map((s) => s.serverMs ?? Number.NaN));
      const stall = median(samples.map((s) => s.stallMs));
      const statuses = [...new Set(samples.map((s) => s.status))].join(',');
      rows.push(`| ${t.label} | ${server_?.toFixed(0)} | ${stall?.toFixed(0)} | ${Math.max(...samples.map((s) => s.stallMs)).toFixed(0)} | ${statuses} |`);
      say(`${rows.at(-1)}\n`);
    }
    process.stdout.write(
      `| page | server ms (median) | longest /healthz ms (median) | longest (max) | status |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    say(`dashboard-stalls failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
