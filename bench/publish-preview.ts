// How long `overseer publish` takes to say what the gate will say in many environments, this build beside another
// checkout's, through a proxy that adds a delay to each preview (a registry across a network). Run by hand:
// npm run build && node dist/bench/publish-preview.js OTHER_CHECKOUT [delayMs=200] [environments=12] [runs=7].

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HERE = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
}

// Asynchronous, so that the proxy in this process answers while the command runs.
function runCli(checkout: string, args: string[], url: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.join(checkout, 'dist/cli/bin.js'), ...args], { cwd: HERE, env: { ...process.env, OVERSEER_URL: url } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

async function startRegistry(db: string): Promise<{ url: string; child: ChildProcess }> {
  const port = 4700 + Math.floor(Math.random() * 200);
  const child = spawn('node', [path.join(HERE, 'dist/cli/bin.js'), 'serve', '--port', String(port), '--db', db], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the registry did not start at ${url}`);
}

/** Forwards every request; previews wait `delayMs` first. Counts the previews open at once, since the last take. */
function startProxy(target: string, delayMs: number): Promise<{ url: string; server: Server; takeMostOpen: () => number }> {
  let open = 0;
  let most = 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const preview = request.url?.startsWith('/v1/can-i-deploy') ?? false;
    if (preview) most = Math.max(most, ++open);
    if (preview) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (preview) open--;
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(`${target}${request.url}`, { method: request.method, headers: { 'content-type': 'application/json' }, body });
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        takeMostOpen: () => {
          const seen = most;
          most = 0;
          return seen;
        },
      }),
    ),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const [other, delay = '200', count = '12', times = '7'] = process.argv.slice(2);
  if (!other) throw new Error('usage: node dist/bench/publish-preview.js OTHER_CHECKOUT [delayMs] [environments] [runs]');
  const dir = mkdtempSync(path.join(tmpdir(), 'overseer-preview-'));
  const { url, child } = await startRegistry(path.join(dir, 'overseer.db'));
  try {
    for (const service of ['users-service', 'orders-service'])
      await runCli(HERE, ['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0'], url);
    for (let i = 0; i < Number(count); i++) await runCli(HERE, ['environment', 'create', `env-${String(i).padStart(2, '0')}`], url);
    const proxy = await startProxy(url, Number(delay));
    const sides = { other: path.resolve(other), this: HERE };
    const seen: Record<string, { ms: number[]; open: number }> = { other: { ms: [], open: 0 }, this: { ms: [], open: 0 } };
    for (let run = 0; run < Number(times); run++) {
      // Alternated, so that the machine's noise falls on both sides alike.
      for (const [side, checkout] of Object.entries(sides)) {
        const started = performance.now();
        const result = await runCli(checkout, ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'], proxy.url);
        seen[side]!.ms.push(performance.now() - started);
        seen[side]!.open = Math.max(seen[side]!.open, proxy.takeMostOpen());
        if (result.code !== 0) throw new Error(`${side}: exit ${result.code}: ${result.stdout}`);
      }
    }
    proxy.server.close();
    const [a, b] = [median(seen.other!.ms), median(seen.this!.ms)];
    console.log(`publish with ${count} environments, +${delay} ms per preview, ${times} runs each (medians):`);
    console.log(
      `  other ${a.toFixed(0)} ms (${seen.other!.open} previews open at most), this ${b.toFixed(0)} ms (${seen.this!.open}), ratio ${(a / b).toFixed(2)}`,
    );
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
