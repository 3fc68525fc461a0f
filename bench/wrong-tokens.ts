// What guessing tokens costs the registry: 10,000 requests with a different wrong bearer token each, beside 10,000 sent
// without one, on 20 connections; the process's CPU per request for each, and /healthz's longest wait meanwhile.
// By hand, never in tests: npm run build && node dist/bench/wrong-tokens.js [--requests 10000] [--bin dist/cli/bin.js]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { startServeChild } from './serve-child.js';
import { readProcessCpuMs } from './server-cpu.js';

const ADMIN = 'admin-token-for-the-wrong-tokens-bench';

type Headers = Record<string, string>;
type Flood = (options: {
  url: string;
  connections: number;
  amount: number;
  requests: { setupRequest: (request: { headers?: Headers }) => { headers?: Headers } }[];
}) => Promise<{ statusCodeStats?: Record<string, { count: number }> }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Flood;

/** `amount` GETs of /v1/services on 20 connections, each with the header `headerOf` gives it; the statuses counted. */
async function flood(url: string, amount: number, headerOf: () => Record<string, string>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  const result = await autocannon({
    url: `${url}/v1/services`,
    connections: 20,
    amount,
    requests: [{ setupRequest: (request) => ({ ...request, headers: headerOf() }) }],
  });
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[Number(code)] = count;
  return statuses;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' }, bin: { type: 'string', default: 'dist/cli/bin.js' } } });
  const amount = Number(values.requests);
  const dir = await mkdtemp(join(tmpdir(), 'overseer-wrong-tokens-'));
  const serve = await startServeChild(resolve(values.bin), ['--db', join(dir, 'registry.db')], { OVERSEER_ADMIN_TOKEN: ADMIN });
  try {
    const kinds: [string, () => Record<string, string>][] = [
      ['without a token', () => ({})],
      ['a wrong token each', () => ({ authorization: `Bearer ovs_${randomBytes(32).toString('base64url')}` })],
    ];
    for (const [label, headerOf] of kinds) {
      await flood(serve.url, 500, headerOf);
      const poll = pollHealthz(serve.url, 5);
      await poll.ready;
      const before = readProcessCpuMs(serve.pid) ?? 0;
      const statuses = await flood(serve.url, amount, headerOf);
      const cpu = (readProcessCpuMs(serve.pid) ?? 0) - before;
      const waits = sortedDurations(await poll.stop());
      const p99 = waits[Math.floor(waits.length * 0.99)] ?? 0;
      process.stdout.write(
        `${label}: ${JSON.stringify(statuses)}; ${((cpu * 1000) / amount).toFixed(0)} µs of registry CPU a request; /healthz p99 ${p99.toFixed(1)} ms, longest ${(waits.at(-1) ?? 0).toFixed(1)} ms\n`,
      );
    }
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
