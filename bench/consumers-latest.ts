// What an anonymous GET /v1/services/users/consumers (no environment, no branch: every consumer's latest version)
// costs the registry's loop when 200 consumers have published 500 versions each, with /healthz asked from a thread
// meanwhile. Builds alternate in one run (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/consumers-latest.js [--runs 5] [--bin dist/cli/bin.js ...]
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

const CONSUMERS = 200;
const VERSIONS = 500;

// Rows written straight to the file, then one publication per consumer through the store (its latest version kept).
async function seed(db: string): Promise<void> {
  const names = Array.from({ length: CONSUMERS }, (_, i) => `consumer-${String(i).padStart(3, '0')}`);
  const store = openSqliteStore(db);
  for (const name of ['users', ...names]) await store.upsertService({ name, owners: ['@acme'] });
  await store.close();
  const sqlite = new Database(db);
  const version = sqlite.prepare(
    'INSERT INTO versions (service, version, commit_sha, published_by, contract_hash, waivers, created_at) VALUES (?, ?, NULL, NULL, NULL, NULL, ?)',
  );
  const uses = sqlite.prepare("INSERT INTO declarations (service, version, provider, uses) VALUES (?, ?, 'users', ?)");
  const text = JSON.stringify([{ operation: 'GET /users/{id}', response: ['id', 'name'] }]);
  sqlite.transaction(() => {
    for (const name of names) {
      for (let i = 0; i < VERSIONS; i++) {
        version.run(name, `1.${Math.floor(i / 100)}.${i % 100}`, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString());
        uses.run(name, `1.${Math.floor(i / 100)}.${i % 100}`, text);
      }
    }
  })();
  sqlite.close();
  const again = openSqliteStore(db);
  const declarations = [{ consumer: '', provider: 'users', uses: JSON.parse(text) }];
  for (const name of names) await again.publishVersion({ service: name, version: '2.0.0', declarations: [{ ...declarations[0]!, consumer: name }] });
  await again.close();
}

async function measure(bin: string): Promise<{ askMs: number; healthzMaxMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-consumers-latest-'));
  const db = join(dir, 'registry.db');
  await seed(db);
  const serve = await startServeChild(bin, ['--db', db]);
  try {
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const asks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const answer = (await (await fetch(`${serve.url}/v1/services/users/consumers`)).json()) as { consumers: unknown[] };
      asks.push(performance.now() - started);
      if (answer.consumers.length !== CONSUMERS) throw new Error(`listed ${answer.consumers.length} consumers, not ${CONSUMERS}`);
    }
    const durations = sortedDurations(await poll.stop());
    return { askMs: Math.round(median(asks) ?? 0), healthzMaxMs: Math.round(durations.at(-1) ?? 0) };
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, bin: { type: 'string', multiple: true } } });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const samples = new Map<string, { askMs: number; healthzMaxMs: number }[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bin));
    process.stderr.write(`[consumers-latest] run ${i}/${runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    process.stdout.write(
      `${bin}: median ${median(all.map((s) => s.askMs))} ms for the consumers of users (${CONSUMERS} consumers of ${VERSIONS + 1} versions each); ` +
        `median of the longest /healthz wait ${median(all.map((s) => s.healthzMaxMs))} ms (all: ${all.map((s) => `${s.askMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
}

await main();
