// `node dist/bench/ask-after-write.js [--services 5000] [--rounds 30] [--bin A --bin B]`: a hub's can-i-deploy asked
// right after a publication and a deployment, the busy registry's usual case, against the same ask on a quiet one. What
// the gate keeps per use generation is read again after every write, so a read added there shows here and nowhere else.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPublishBody, createJsonCaller, nameBenchService, seedBenchRegistry } from './registry-seed.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

interface Sample {
  quiet: number[];
  afterWrite: number[];
}

async function measure(bin: string, services: number, rounds: number): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-ask-after-write-'));
  const serve = await startServeChild(bin, ['--db', join(dir, 'registry.db')]);
  try {
    const seeded = await seedBenchRegistry(serve.url, services);
    const call = createJsonCaller(serve.url);
    const question = `${serve.url}/v1/can-i-deploy?service=${seeded.hubs[0]}&version=1.1.0&environment=production`;
    const ask = async () => {
      const started = performance.now();
      const answer = await fetch(question);
      await answer.arrayBuffer();
      if (!answer.ok) throw new Error(`can-i-deploy answered ${answer.status}`);
      return performance.now() - started;
    };
    const sample: Sample = { quiet: [], afterWrite: [] };
    for (let i = 0; i < rounds; i++) {
      sample.quiet.push(await ask());
      // A leaf's new version, published and deployed: the writes a registry of many services sees all day.
      const leaf = services - 1 - i;
      const version = `9.0.${i}`;
      await call('POST', `/v1/services/${nameBenchService(leaf)}/versions`, buildPublishBody(leaf, version, services));
      await call('POST', '/v1/deployments', { service: nameBenchService(leaf), version, environment: 'production' });
      sample.afterWrite.push(await ask());
    }
    return sample;
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '30' },
    bin: { type: 'string', multiple: true },
  },
});
const bins = (values.bin as string[] | undefined)?.map((bin) => resolve(bin)) ?? [resolve('dist/cli/bin.js')];
const services = Number(values.services);
const rounds = Number(values.rounds);
const ms = (values: number[]) => `${Math.round(median(values) ?? 0)} ms (max ${Math.round(Math.max(...values))})`;
for (const bin of bins) {
  process.stderr.write(`[ask-after-write] ${bin}: seeding ${services} services, then ${rounds} rounds\n`);
  const { quiet, afterWrite } = await measure(bin, services, rounds);
  process.stdout.write(`${bin}: a hub's can-i-deploy, median ${ms(quiet)} on a quiet registry, ${ms(afterWrite)} right after a write\n`);
}
