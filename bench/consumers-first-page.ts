// What the first page of a hub's consumers costs the registry's loop when each consumer declares many uses: 2,000
// consumers of 300 uses each (~20 MB of declaration text), one page of 1,000 uses asked for, with /healthz asked from
// a thread meanwhile. A fresh registry per run, so that no listing is kept. Builds alternate in one run (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/consumers-first-page.js [--runs 5] [--bin dist/cli/bin.js ...]

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { loopCpuMs } from './page-visits.js';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

const CONSUMERS = 2000;
const USES = 300;

// Services through the store, then versions and declarations straight to the file.
async function seed(db: string): Promise<void> {
  const names = Array.from({ length: CONSUMERS }, (_, i) => `consumer-${String(i).padStart(4, '0')}`);
  const store = openSqliteStore(db);
  for (const name of ['users', ...names]) await store.upsertService({ name, owners: ['@acme'] });
  await store.close();
  const sqlite = new Database(db);
  const version = sqlite.prepare(
    "INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, '1.0.0', NULL, NULL, NULL, NULL, ?)",
  );
  const uses = sqlite.prepare("INSERT INTO declarations (service, version, provider, uses) VALUES (?, '1.0.0', 'users', ?)");
  const text = JSON.stringify(Array.from({ length: USES }, (_, i) => ({ operation: `GET /users/{id}/part-${i}`, response: ['id', 'name', 'email'] })));
  sqlite.transaction(() => {
    for (const name of names) {
      version.run(name, new Date(Date.UTC(2026, 0, 1)).toISOString());
      uses.run(name, text);
    }
  })();
  sqlite.close();
}

type Sample = { askMs: number; healthzMaxMs: number; loopMs: number };

async function measure(bin: string, db: string): Promise<Sample & { body: string }> {
  const serve = await startServeChild(bin, ['--db', db]);
  try {
    // A first page of another provider warms the route up; the page measured is the first of users'.
    await (await fetch(`${serve.url}/v1/services/consumer-0000/consumers`)).text();
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const started = performance.now();
    const loopBefore = loopCpuMs(serve.pid);
    const body = await (await fetch(`${serve.url}/v1/services/users/consumers`)).text();
    const askMs = performance.now() - started;
    const durations = sortedDurations(await poll.stop());
    // The /healthz asks are counted in both builds alike: a few hundred microseconds each.
    const loopMs = loopCpuMs(serve.pid) - loopBefore;
    return { askMs: Math.round(askMs), healthzMaxMs: Math.round(durations.at(-1) ?? 0), loopMs: Math.round(loopMs), body };
  } finally {
    await serve.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, bin: { type: 'string', multiple: true } } });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const samples = new Map<string, Sample[]>(bins.map((bin) => [bin, []]));
  const bodies = new Set<string>();
  const dir = await mkdtemp(join(tmpdir(), 'overseer-consumers-first-page-'));
  try {
    const runs = Number(values.runs);
    for (let i = 1; i <= runs; i++) {
      for (const bin of bins) {
        const db = join(dir, `registry-${i}-${bins.indexOf(bin)}.db`);
        await seed(db);
        const { body, ...sample } = await measure(bin, db);
        samples.get(bin)!.push(sample);
        bodies.add(body);
      }
      process.stderr.write(`[consumers-first-page] run ${i}/${runs}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    process.stdout.write(
      `${bin}: median ${median(all.map((s) => s.askMs))} ms for the first page of users' consumers (${CONSUMERS} consumers of ${USES} uses each), ` +
        `${median(all.map((s) => s.loopMs))} ms of main-thread CPU meanwhile; median of the longest /healthz wait ${median(all.map((s) => s.healthzMaxMs))} ms ` +
        `(all, ask/loop/healthz: ${all.map((s) => `${s.askMs}/${s.loopMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
  // Every build and run answered the same page, byte for byte.
  process.stdout.write(`distinct answers: ${bodies.size}\n`);
}

await main();
