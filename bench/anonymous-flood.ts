// Heavy checks against a real `overseer serve` with an admin token: peak RSS (VmHWM), /healthz latency, and how long a
// publication with a token waits while the checks run, sent without a token (the anonymous lane) or with one (the lanes
// every request shared before it). Run by hand: npm run build && node dist/bench/anonymous-flood.js [checks] [MB] [lanes].

import { existsSync, readFileSync } from 'node:fs';
import { flowContract } from './flow-contract.js';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { type BenchServer, startBenchServer } from './registry-server.js';

const TOKEN = 'bench-admin-token-of-some-length';
const SMALL = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/u': { get: { responses: { 200: { description: 'ok' } } } } },
});

/** The process's peak RSS, or NaN when it has exited: a registry that died under the attack says so rather than a number. */
const peakMB = (pid: number) => {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return status === '' ? Number.NaN : Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

async function post(url: string, path: string, body: unknown, token?: string): Promise<number> {
  const headers = { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) };
  const answer = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).catch(() => undefined);
  await answer?.arrayBuffer().catch(() => undefined);
  return answer?.status ?? 0;
}

async function seed(url: string): Promise<void> {
  const put = await fetch(`${url}/v1/services/users`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: '{"owners":["@t"]}',
  });
  await put.arrayBuffer();
  await post(url, '/v1/environments', { name: 'prod' }, TOKEN);
  await post(url, '/v1/services/users/versions', { version: '1', contract: SMALL }, TOKEN);
  await post(url, '/v1/deployments', { service: 'users', version: '1', environment: 'prod' }, TOKEN);
}

function pollHealth(url: string): () => Promise<{ p50: number; p99: number; max: number }> {
  const poll = pollHealthz(url, 20);
  return async () => {
    const times = sortedDurations(await poll.stop());
    const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((times.length * p) / 100))] ?? 0);
    return { p50: at(50), p99: at(99), max: Math.round(times.at(-1) ?? 0) };
  };
}

async function arm(name: string, env: Record<string, string>, checks: number, contract: string, token?: string): Promise<void> {
  const server: BenchServer = await startBenchServer({ OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_WORK_THREADS: '2', ...env });
  try {
    await seed(server.url);
    const stopPoll = pollHealth(server.url);
    const started = performance.now();
    const body = { service: 'users', environment: 'prod', contract, contractFile: 'heavy.yaml' };
    const flood = Array.from({ length: checks }, () => post(server.url, '/v1/check', body, token));
    // Long enough for the bodies to arrive and their parses to take the threads.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const publishStarted = performance.now();
    const published = await post(server.url, '/v1/services/users/versions', { version: '2', contract: SMALL }, TOKEN);
    const publishMs = Math.round(performance.now() - publishStarted);
    const statuses = await Promise.all(flood);
    const floodMs = Math.round(performance.now() - started);
    const health = await stopPoll();
    const summary = `publication ${published} in ${publishMs} ms; checks ${JSON.stringify(statuses)} all answered in ${floodMs} ms`;
    const after = await fetch(`${server.url}/healthz`)
      .then((r) => r.status)
      .catch(() => 'no answer');
    console.log(
      `${name}: peak RSS ${peakMB(server.pid).toFixed(0)} MB; /healthz after: ${after}; ${summary}; /healthz p50 ${health.p50} ms, p99 ${health.p99} ms, max ${health.max} ms`,
    );
  } finally {
    await server.stop();
  }
}

const checks = Number(process.argv[2] ?? 3);
const contract = flowContract(Number(process.argv[3] ?? 15) * 1024 * 1024);
// `lanes` leaves out the unbounded run (two minutes, 2 GB): the publication's wait alone.
if (process.argv[4] !== 'lanes') {
  await arm('no memory bound, checks with a token', { OVERSEER_WORK_MEMORY_MB: '0', OVERSEER_WORK_TIMEOUT_MS: '60000' }, checks, contract, TOKEN);
}
await arm('512 MB bound, checks with a token', { OVERSEER_WORK_MEMORY_MB: '512', OVERSEER_WORK_TIMEOUT_MS: '60000' }, checks, contract, TOKEN);
await arm('512 MB bound, checks without a token', { OVERSEER_WORK_MEMORY_MB: '512', OVERSEER_WORK_TIMEOUT_MS: '60000' }, checks, contract);
