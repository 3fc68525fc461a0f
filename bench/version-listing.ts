// What one anonymous GET of a service's first page of versions costs the registry's loop when the service has 10,000
// (a CI job publishing every commit), with /healthz asked from a thread meanwhile. Builds alternate in one run
// (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/version-listing.js [--runs 5] [--versions 10000] [--bin dist/cli/bin.js ...]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

interface Sample {
  askMs: number;
  bytes: number;
  healthzMaxMs: number;
}

// Rows written straight to the file (publishing 10,000 versions one by one would be most of the run), then one
// publication through the store, which brings the service's latest version up to date.
async function seed(db: string, count: number): Promise<void> {
  const store = openSqliteStore(db);
  await store.upsertService({ name: 'web', owners: ['@acme/web'] });
  await store.close();
  const sqlite = new Database(db);
  const insert = sqlite.prepare(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, ?, ?, ?, NULL, NULL, ?)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(
        'web',
        `1.${Math.floor(i / 100)}.${i % 100}`,
        i.toString(16).padStart(40, '0'),
        'ci',
        new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      );
    }
  })();
  sqlite.close();
  const again = openSqliteStore(db);
  await again.publishVersion({ service: 'web', version: '2.0.0', branch: 'main' });
  await again.close();
}

async function measure(bin: string, count: number): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-version-listing-'));
  const db = join(dir, 'registry.db');
  await seed(db, count);
  const serve = await startServeChild(bin, ['--db', db]);
  try {
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const asks: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const bytes = (await (await fetch(`${serve.url}/v1/services/web/versions?limit=100`)).arrayBuffer()).byteLength;
      asks.push({ ms: performance.now() - started, bytes });
    }
    const durations = sortedDurations(await poll.stop());
    return { askMs: Math.round(median(asks.map((a) => a.ms)) ?? 0), bytes: asks[0]!.bytes, healthzMaxMs: Math.round(durations.at(-1) ?? 0) };
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, versions: { type: 'string', default: '10000' }, bin: { type: 'string', multiple: true } },
  });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const count = Number(values.versions);
  const samples = new Map<string, Sample[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bin, count));
    process.stderr.write(`[version-listing] run ${i}/${runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    const ask = median(all.map((s) => s.askMs)) ?? 0;
    const health = median(all.map((s) => s.healthzMaxMs)) ?? 0;
    process.stdout.write(
      `${bin}: ${all[0]!.bytes} bytes; median ${ask} ms for the first 100 of ${count + 1} versions; median of the longest /healthz wait ${health} ms (all: ${all.map((s) => `${s.askMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
}

await main();
