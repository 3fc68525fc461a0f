// What a consumers listing costs the event loop when the provider's contract is not in the registry's cache: before,
// the loop received the whole parsed contract from a worker to name each use (~20-30 ms on Stripe); now a worker names
// them by the contract's hash and the loop receives the page. Two providers with Stripe's contract alternate under a
// cache of one entry (OVERSEER_CONTRACT_CACHE=1: builds before round 26 read it; later ones ignore it, with a warning at
// start, since their loop keeps no parsed contract), so every ask misses it. Builds alternate in one run; the registry
// process's CPU (the loop's, the workers being processes of their own) per listing, medians.
// By hand, never in tests: npm run build && node dist/bench/consumers-by-hash.js [--runs 3] [--asks 20] [--bin A --bin B]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpus } from './manifest.js';
import { startBenchServer } from './registry-server.js';
import { readProcessCpuMs } from './server-cpu.js';
import { median } from './stats.js';

const ADMIN = 'admin-token-for-the-consumers-by-hash-bench';
const PROVIDERS = ['stripe-a', 'stripe-b'];

async function seed(url: string, contract: string): Promise<void> {
  const send = async (method: string, path: string, body: unknown) => {
    const answer = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
  };
  for (const name of [...PROVIDERS, 'shop']) await send('PUT', `/v1/services/${name}`, { owners: ['@acme'] });
  for (const name of PROVIDERS) await send('POST', `/v1/services/${name}/versions`, { version: '1.0.0', contract: `x-bench: ${name}\n${contract}` });
  const paths = [...contract.matchAll(/^ {2}(\/[^:\s]+):$/gm)].map((m) => m[1]!).slice(0, 200);
  const uses = paths.map((path) => ({ operation: `GET ${path}` }));
  await send('POST', '/v1/services/shop/versions', { version: '1.0.0', declarations: PROVIDERS.map((provider) => ({ consumer: 'shop', provider, uses })) });
}

/** The registry's CPU per listing, asks alternating between the providers. */
async function measure(bin: string, contract: string, asks: number): Promise<number> {
  const server = await startBenchServer({ OVERSEER_ADMIN_TOKEN: ADMIN, OVERSEER_CONTRACT_CACHE: '1' }, bin);
  try {
    await seed(server.url, contract);
    // Each worker's first parse of each contract is not what is measured: the asks after it are.
    for (let i = 0; i < 8; i++) await (await fetch(`${server.url}/v1/services/${PROVIDERS[i % 2]}/consumers`)).arrayBuffer();
    const before = readProcessCpuMs(server.pid) ?? 0;
    for (let i = 0; i < asks; i++) {
      const answer = await fetch(`${server.url}/v1/services/${PROVIDERS[i % 2]}/consumers`);
      const body = (await answer.json()) as { namedBy?: string };
      if (body.namedBy !== '1.0.0') throw new Error(`the listing was not named by the contract: ${JSON.stringify(body).slice(0, 200)}`);
    }
    return ((readProcessCpuMs(server.pid) ?? 0) - before) / asks;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      asks: { type: 'string', default: '20' },
      bin: { type: 'string', multiple: true },
      corpus: { type: 'string', default: defaultCorpus() },
    },
  });
  const contract = readFileSync(join(values.corpus!, 'stripe/2023-08-09.yaml'), 'utf8');
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const samples = new Map<string, number[]>(bins.map((bin) => [bin, []]));
  for (let i = 1; i <= Number(values.runs); i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bin, contract, Number(values.asks)));
    process.stderr.write(`[consumers-by-hash] run ${i}/${values.runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    process.stdout.write(
      `${bin}: median ${(median(all) ?? 0).toFixed(1)} ms of the registry's CPU a listing (all: ${all.map((ms) => ms.toFixed(1)).join(' ')})\n`,
    );
  }
}

await main();
