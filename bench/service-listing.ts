// What one anonymous GET /v1/services costs the registry's loop when 20,000 services are registered: the answer's size
// and time, with /healthz asked from a thread meanwhile. Builds alternate in one run (`--bin A --bin B`): a build
// without paging sends every service in that one answer.
// By hand, never in tests: npm run build && node dist/bench/service-listing.js [--runs 5] [--services 20000] [--bin dist/cli/bin.js ...]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

interface Sample {
  askMs: number;
  bytes: number;
  healthzMaxMs: number;
}

// Written to the file before the registry starts: 20,000 PUTs over HTTP would be most of the run.
async function seed(db: string, count: number): Promise<void> {
  const store = openSqliteStore(db);
  for (let i = 0; i < count; i++) {
    await store.upsertService({ name: `service-${String(i).padStart(6, '0')}`, owners: ['@acme/platform', '@acme/payments'], repository: 'acme/monorepo' });
  }
  await store.close();
}

async function measure(bin: string, count: number): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-service-listing-'));
  const db = join(dir, 'registry.db');
  await seed(db, count);
  const serve = await startServeChild(bin, ['--db', db]);
  try {
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const asks: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const bytes = (await (await fetch(`${serve.url}/v1/services`)).arrayBuffer()).byteLength;
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
    options: { runs: { type: 'string', default: '5' }, services: { type: 'string', default: '20000' }, bin: { type: 'string', multiple: true } },
  });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const count = Number(values.services);
  const samples = new Map<string, Sample[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bin, count));
    process.stderr.write(`[service-listing] run ${i}/${runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    const ask = median(all.map((s) => s.askMs)) ?? 0;
    const health = median(all.map((s) => s.healthzMaxMs)) ?? 0;
    process.stdout.write(
      `${bin}: ${all[0]!.bytes} bytes; median ${ask} ms for GET /v1/services of ${count} services; median of the longest /healthz wait ${health} ms (all: ${all.map((s) => `${s.askMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
}

await main();
