// What a start of `overseer serve` costs: the CPU time of the process from its launch to its first /healthz answer,
// mostly module loading. CPU, not wall time, since a shared machine's load stretches the one and hardly the other; two
// builds are measured alternately in one run (`--bin A --bin B`), so that whatever the machine does hits both alike.
// node dist/bench/serve-start.js [--runs 15] [--bin dist/cli/bin.js ...] [--database-url postgres://...]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServeChild } from './serve-child.js';
import { readProcessCpuMs } from './server-cpu.js';
import { median } from './stats.js';

/** Starts `bin serve` on a new SQLite file (or the URL), waits for /healthz, reads the process's CPU, stops it. */
async function measureStart(bin: string, databaseUrl: string | undefined): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-serve-start-'));
  const where = databaseUrl === undefined ? ['--db', join(dir, 'registry.db')] : ['--database-url', databaseUrl];
  const serve = await startServeChild(bin, where);
  try {
    const answer = await fetch(`${serve.url}/healthz`);
    if (answer.status !== 200) throw new Error(`/healthz answered ${answer.status}`);
    await answer.arrayBuffer();
    const cpu = readProcessCpuMs(serve.pid);
    if (cpu === null) throw new Error('no /proc reading: Linux only');
    return cpu;
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '15' }, bin: { type: 'string', multiple: true }, 'database-url': { type: 'string' } },
  });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const samples = new Map<string, number[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    // Alternated, so that a busy minute of the machine falls on every build alike.
    for (const bin of bins) samples.get(bin)!.push(await measureStart(bin, values['database-url']));
    process.stderr.write(`[serve-start] run ${i}/${runs}\n`);
  }
  const first = median(samples.get(bins[0]!)!) ?? 0;
  for (const bin of bins) {
    const cpu = median(samples.get(bin)!) ?? 0;
    const ratio = bin === bins[0] ? '' : `, ${(cpu / first).toFixed(2)}× the first`;
    process.stdout.write(`${bin}: median ${cpu} ms of CPU to the first /healthz over ${runs} starts${ratio} (all: ${samples.get(bin)!.join(' ')})\n`);
  }
}

await main();
