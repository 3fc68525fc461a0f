// What listing a consumer of 100,000 uses costs the registry's loop: the whole listing read as a client reads it (every
// page, where the build pages), with /healthz asked from a thread meanwhile. Builds alternate in one run (`--bin A --bin B`).
// By hand, never in tests: npm run build && node dist/bench/consumer-listing.js [--runs 5] [--bin dist/cli/bin.js ...]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { median } from './stats.js';

const ADMIN = 'admin-token-for-the-consumer-listing-bench';
const USES = 100_000;

interface Sample {
  listMs: number;
  pages: number;
  healthzMaxMs: number;
}

async function seed(url: string): Promise<void> {
  const send = (method: string, path: string, body: unknown) =>
    fetch(url + path, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const name of ['users', 'shop']) await send('PUT', `/v1/services/${name}`, { owners: ['@acme'] });
  const uses = Array.from({ length: USES }, (_, i) => ({ operation: `GET /items/${i}`, response: ['id', 'name'] }));
  const answer = await send('POST', '/v1/services/shop/versions', { version: '1.0.0', declarations: [{ consumer: 'shop', provider: 'users', uses }] });
  if (answer.status !== 201) throw new Error(`publishing answered ${answer.status}: ${await answer.text()}`);
}

/** Every page, as `overseer consumers` reads them; a build without paging answers the whole listing in one. */
async function listAll(url: string): Promise<{ pages: number; uses: number }> {
  let cursor: string | undefined;
  let pages = 0;
  let uses = 0;
  do {
    const page = (await (await fetch(`${url}/v1/services/users/consumers${cursor ? `?cursor=${cursor}` : ''}`)).json()) as {
      consumers: { uses: unknown[] }[];
      next?: string;
    };
    pages++;
    uses += page.consumers.reduce((sum, c) => sum + c.uses.length, 0);
    cursor = page.next;
  } while (cursor !== undefined);
  return { pages, uses };
}

async function measure(bin: string): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-consumer-listing-'));
  const serve = await startServeChild(bin, ['--db', join(dir, 'registry.db')], { OVERSEER_ADMIN_TOKEN: ADMIN });
  try {
    await seed(serve.url);
    // The first listing parses the consumer's text (and the provider's, if any): counted, as a first visitor would.
    const poll = pollHealthz(serve.url, 5);
    await poll.ready;
    const started = performance.now();
    const listed = await listAll(serve.url);
    const listMs = performance.now() - started;
    const durations = sortedDurations(await poll.stop());
    if (listed.uses !== USES) throw new Error(`listed ${listed.uses} uses, not ${USES}`);
    return { listMs: Math.round(listMs), pages: listed.pages, healthzMaxMs: Math.round(durations.at(-1) ?? 0) };
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, bin: { type: 'string', multiple: true } } });
  const bins = (values.bin ?? ['dist/cli/bin.js']).map((bin) => resolve(bin));
  const samples = new Map<string, Sample[]>(bins.map((bin) => [bin, []]));
  const runs = Number(values.runs);
  for (let i = 1; i <= runs; i++) {
    for (const bin of bins) samples.get(bin)!.push(await measure(bin));
    process.stderr.write(`[consumer-listing] run ${i}/${runs}\n`);
  }
  for (const bin of bins) {
    const all = samples.get(bin)!;
    const list = median(all.map((s) => s.listMs)) ?? 0;
    const health = median(all.map((s) => s.healthzMaxMs)) ?? 0;
    process.stdout.write(
      `${bin}: ${all[0]!.pages} page(s); median ${list} ms to list ${USES} uses; median of the longest /healthz wait ${health} ms (all: ${all.map((s) => `${s.listMs}/${s.healthzMaxMs}`).join(' ')})\n`,
    );
  }
}

await main();
