// What the dashboard's diff page (/services/:name?from&to) costs the registry's event loop on Stripe, beyond the worker's
// diff: the main thread's own CPU (/proc's schedstat, so neither the worker processes nor other threads count). By hand:
// npm run build && node dist/bench/dashboard-diff-loop.js [--runs 15] [--corpus DIR, default $OVERSEER_CORPUS or ../shared/corpus/real] [--before OTHER/dist/cli/bin.js]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCorpus } from './manifest.js';
import { loopCpuMs } from './page-visits.js';
import { startBenchServer } from './registry-server.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    corpus: { type: 'string', default: defaultCorpus() },
    // Another build's bin.js (an earlier commit's), measured first in the same run.
    before: { type: 'string' },
  },
});

async function publish(url: string, version: string, file: string): Promise<void> {
  const contract = readFileSync(join(values.corpus!, file), 'utf8');
  const answer = await fetch(`${url}/v1/services/stripe/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version, contract, contractFile: 'stripe.yaml' }),
  });
  if (!answer.ok) throw new Error(`publishing ${version}: ${answer.status} ${await answer.text()}`);
}

async function main(): Promise<void> {
  if (values.before) await measureBuild('before', values.before);
  await measureBuild('this build');
}

async function measureBuild(build: string, bin?: string): Promise<void> {
  const server = await startBenchServer({ OVERSEER_MAX_CONTRACT_BYTES: String(64 << 20) }, bin);
  try {
    await fetch(`${server.url}/v1/services/stripe`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"owners":["@stripe"]}' });
    await publish(server.url, '1.0.0', 'stripe/2022-05-26.yaml');
    await publish(server.url, '2.0.0', 'stripe/2023-08-09.yaml');
    const pages = { 'diff page': '/services/stripe?from=1.0.0&to=2.0.0', 'service page (no diff)': '/services/stripe' };
    for (const [name, path] of Object.entries(pages)) {
      const cpus: number[] = [];
      const bytes: number[] = [];
      // The first asks the worker to parse both; the rest are what a reader reloading the page costs.
      for (let i = 0; i <= Number(values.runs); i++) {
        const before = loopCpuMs(server.pid);
        const answer = await fetch(server.url + path);
        const body = await answer.arrayBuffer();
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
        if (i > 0) cpus.push(loopCpuMs(server.pid) - before);
        bytes.push(body.byteLength);
      }
      console.log(
        `${build}, ${name}: ${(median(cpus) ?? 0).toFixed(1)} ms of the event loop's CPU, ${(bytes[0]! / 1024).toFixed(0)} KB of HTML; median of ${values.runs}`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
