// The one way the listing benches measure: a registry child per build on a seeded SQLite file, the listing asked five
// times while /healthz is asked from a thread, builds alternating in one run (`--bin A --bin B`) so both see one machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

interface ListingBench {
  /** The bench's file name, for progress lines. */
  name: string;
  /** The listing asked, relative to the registry's URL. */
  path: string;
  /** The option that sets how many rows are seeded (`services` for `--services`), and its default. */
  count: { option: string; default: number };
  seed(db: string, count: number): Promise<void>;
  /** Throws when an answer is not the listing the bench means to measure (a build that answers less is no faster). */
  check?(body: Buffer, count: number): void;
  /** What was asked, for the result line: `GET /v1/services of 20000 services`. */
  describe(count: number): string;
}

interface Sample {
  askMs: number;
  bytes: number;
  healthzMaxMs: number;
}

async function measure(bench: ListingBench, bin: string, count: number): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), `overseer-${bench.name}-`));
  const db = join(dir, 'registry.db');
  await bench.seed(db, count);
  const serve = await startServeChild(bin, ['--db', db]);
  try {
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const asks: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const body = Buffer.from(await (await fetch(`${serve.url}${bench.path}`)).arrayBuffer());
      asks.push({ ms: performance.now() - started, bytes: body.byteLength });
      bench.check?.(body, count);
    }
    const durations = sortedDurations(await poll.stop());
    return { askMs: Math.round(median(asks.map((a) => a.ms)) ?? 0), bytes: asks[0]!.bytes, healthzMaxMs: Math.round(durations.at(-1) ?? 0) };
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runListingBench(bench: ListingBench): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      [bench.count.option]: { type: 'string', default: String(bench.count.default) },
      bin: { type: 'string', multiple: true },
    },
  });
  const bins = (values.bin as string[] | undefined)?.map((bin) => resolve(bin)) ?? [resolve('dist/cli/bin.js')];
  const count = Number(values[bench.count.option]);
  const samples = new Map<string, Sample[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bench, bin, count));
    process.stderr.write(`[${bench.name}] run ${i}/${runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    const ask = median(all.map((s) => s.askMs)) ?? 0;
    const health = median(all.map((s) => s.healthzMaxMs)) ?? 0;
    process.stdout.write(
      `${bin}: ${all[0]!.bytes} bytes; median ${ask} ms for ${bench.describe(count)}; median of the longest /healthz wait ${health} ms (all: ${all.map((s) => `${s.askMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
}
