// What `POST /v1/deployments` costs when the version declares providers (the gate's consumer side is asked in the
// worker pool, to say what its live providers lack) against a version that declares none, on one `overseer serve`:
// `node dist/bench/deploy-unmet.js [rounds]`. Alternating the two each round keeps the machine's noise alike for both.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from './registry-server.js';
import { median } from './stats.js';

const CONTRACT = readFileSync(fileURLToPath(new URL('../../test/fixtures/observe/users.v1.yaml', import.meta.url)), 'utf8');
const USAGE = `usage: node dist/bench/deploy-unmet.js [rounds]
  Times POST /v1/deployments of a version declaring a provider against one declaring none, alternated, rounds each
  (default 200), and prints their medians. BENCH_DEPLOY_BIN=PATH runs another build's cli/bin.js.`;
const ROUNDS = Number(process.argv[2] ?? 200);

async function send(url: string, method: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status}`);
  return performance.now() - started;
}

const manifest = (name: string, consumes: boolean) =>
  `service: ${name}\nowners: ["@acme/web"]\n${consumes ? 'consumes:\n  users-service:\n    - GET /users\n    - GET /users/{userId}\n' : ''}`;

async function main(): Promise<void> {
  const server = await startBenchServer({}, process.env.BENCH_DEPLOY_BIN || undefined);
  try {
    const at = (path: string) => `${server.url}${path}`;
    await send(at('/v1/services/users-service'), 'PUT', { owners: ['@acme/users'] });
    await send(at('/v1/services/users-service/versions'), 'POST', { version: '1.0.0', contract: CONTRACT });
    await send(at('/v1/environments'), 'POST', { name: 'production' });
    await send(at('/v1/deployments'), 'POST', { service: 'users-service', version: '1.0.0', environment: 'production' });
    for (const [name, consumes] of [
      ['uses-app', true],
      ['plain-app', false],
    ] as const) {
      await send(at(`/v1/services/${name}`), 'PUT', { owners: ['@acme/web'] });
      for (const version of ['1.0.0', '1.0.1']) await send(at(`/v1/services/${name}/versions`), 'POST', { version, manifest: manifest(name, consumes) });
    }
    const times: Record<'uses-app' | 'plain-app', number[]> = { 'uses-app': [], 'plain-app': [] };
    // Each deployment replaces the other version: every one is a new deployment (201), never `unchanged`.
    for (let i = 0; i < ROUNDS + 20; i++) {
      for (const name of ['uses-app', 'plain-app'] as const) {
        const ms = await send(at('/v1/deployments'), 'POST', { service: name, version: i % 2 === 0 ? '1.0.1' : '1.0.0', environment: 'production' });
        if (i >= 20) times[name].push(ms);
      }
    }
    const uses = median(times['uses-app']) ?? Number.NaN;
    const plain = median(times['plain-app']) ?? Number.NaN;
    console.log(
      `POST /v1/deployments, ${ROUNDS} each, alternated (median): declares a provider ${uses.toFixed(2)} ms, declares none ${plain.toFixed(2)} ms, difference ${(uses - plain).toFixed(2)} ms (ratio ${(uses / plain).toFixed(2)})`,
    );
  } finally {
    await server.stop();
  }
}

if (process.argv.includes('--help')) console.log(USAGE);
else await main();
