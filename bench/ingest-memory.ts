// Peak memory of a real `overseer serve` under N concurrent worst-case OTLP exports (OTLP/JSON of empty spans just under
// the body limit; protobuf of empty spans just under the message bound), read from /proc/<pid>/status (VmHWM), and
// whether /healthz and the gate still answer meanwhile. Run by hand: node dist/bench/ingest-memory.js [N] [runs].

import { readFileSync } from 'node:fs';
import { MAX_OTLP_MESSAGES } from '../overseer/observe/otlp-proto.js';
import { type BenchServer, startBenchServer } from './registry-server.js';
import { median } from './stats.js';

const LIMIT = 8 * 1024 * 1024;

/** `{"resourceSpans":[{"scopeSpans":[{"spans":[{},{},...]}]}]}` just under the body limit. */
function jsonOfEmptySpans(): Buffer {
  const head = '{"resourceSpans":[{"scopeSpans":[{"spans":[';
  const tail = ']}]}]}';
  const count = Math.floor((LIMIT - head.length - tail.length) / 3);
  return Buffer.from(`${head}${Array(count).fill('{}').join(',')}${tail}`);
}

/** One ResourceSpans, one ScopeSpans, and empty spans (field 2, length 0) up to just under the message bound. */
function protobufOfEmptySpans(): Buffer {
  const spans = MAX_OTLP_MESSAGES - 10;
  const inner = Buffer.alloc(spans * 2);
  for (let i = 0; i < inner.length; i += 2) inner[i] = 0x12;
  const wrap = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), varint(body.length), body]);
  return wrap(0x0a, wrap(0x12, inner));
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

function peakMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Outcome {
  peakMB: number;
  statuses: Record<string, number>;
  /** /healthz and can-i-deploy answers seen while the exports ran, by status. */
  side: Record<string, number>;
}

async function attack(server: BenchServer, body: Buffer, contentType: string, n: number): Promise<Outcome> {
  const statuses: Record<string, number> = {};
  const side: Record<string, number> = {};
  let done = false;
  const poll = (async () => {
    while (!done) {
      for (const path of ['/healthz', '/v1/can-i-deploy?service=users&version=1.0.0&environment=production']) {
        const answer = await fetch(`${server.url}${path}`).catch(() => undefined);
        const key = `${path.split('?')[0]} ${answer?.status ?? 'error'}`;
        side[key] = (side[key] ?? 0) + 1;
        await answer?.arrayBuffer().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await Promise.all(
    Array.from({ length: n }, async () => {
      const answer = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).catch(
        () => undefined,
      );
      const key = String(answer?.status ?? 'error');
      statuses[key] = (statuses[key] ?? 0) + 1;
      await answer?.arrayBuffer().catch(() => undefined);
    }),
  );
  done = true;
  await poll;
  return { peakMB: peakMB(server.pid), statuses, side };
}

async function seed(url: string): Promise<void> {
  const contract = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths:\n  /users:\n    get:\n      responses:\n        "200": {description: ok}\n';
  const send = (path: string, body: unknown, method = 'POST') =>
    fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.arrayBuffer());
  await send('/v1/services/users', { owners: ['@team'] }, 'PUT');
  await send('/v1/environments', { name: 'production' });
  await send('/v1/services/users/versions', { version: '1.0.0', contract });
  await send('/v1/deployments', { service: 'users', version: '1.0.0', environment: 'production' });
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 8);
  const runs = Number(process.argv[3] ?? 3);
  const env: Record<string, string> = process.env.OVERSEER_WORK_THREADS ? {} : { OVERSEER_WORK_THREADS: '4' };
  const kinds = [
    { name: 'OTLP/JSON empty spans', body: jsonOfEmptySpans(), type: 'application/json' },
    { name: 'protobuf empty spans', body: protobufOfEmptySpans(), type: 'application/x-protobuf' },
  ];
  for (const kind of kinds) {
    const peaks: number[] = [];
    for (let run = 0; run < runs; run++) {
      const server = await startBenchServer(env);
      try {
        await seed(server.url);
        const idle = peakMB(server.pid);
        const outcome = await attack(server, kind.body, kind.type, n);
        peaks.push(outcome.peakMB);
        console.log(
          `${kind.name} (${(kind.body.length / 1024 / 1024).toFixed(1)} MB) x${n}: idle ${idle.toFixed(0)} MB, peak ${outcome.peakMB.toFixed(0)} MB, exports ${JSON.stringify(outcome.statuses)}, meanwhile ${JSON.stringify(outcome.side)}`,
        );
      } finally {
        await server.stop();
      }
    }
    console.log(`${kind.name} x${n}: median peak ${(median(peaks) ?? 0).toFixed(0)} MB over ${runs} runs`);
  }
}

await main();
