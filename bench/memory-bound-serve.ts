// Whether OVERSEER_WORK_MEMORY_MB keeps a real `overseer serve` alive (its worker processes die, it must not): heavy flow-style checks sent at once, several
// rounds, and the process's last words (exit code or signal, the tail of stderr) kept when it dies. Run by hand:
// npm run build && node dist/bench/memory-bound-serve.js [--runs 7] [--rounds 3] [--checks 3] [--mb 15] [--bound 512]
//   [--threads 2] [--node-flag --report-on-fatalerror]...
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { flowContract } from './flow-contract.js';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const TOKEN = 'bench-admin-token-of-some-length';
const SMALL = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/u': { get: { responses: { 200: { description: 'ok' } } } } },
});

const USAGE = `node dist/bench/memory-bound-serve.js [--runs 7] [--rounds 3] [--checks 3] [--mb 15] [--bound 512] [--threads 2]
  [--token] [--node-flag FLAG]...: a real overseer serve per run, --checks flow-style checks of --mb MB sent at once,
  --rounds times; says whether the process lived, and when it died its exit and the tail of its stderr.`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    rounds: { type: 'string', default: '3' },
    checks: { type: 'string', default: '3' },
    mb: { type: 'string', default: '15' },
    bound: { type: 'string', default: '512' },
    threads: { type: 'string', default: '2' },
    token: { type: 'boolean', default: false },
    'node-flag': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});

interface Serve {
  url: string;
  pid: number;
  /** Settles with how the process ended: `code N` or `signal S`. */
  ended: Promise<string>;
  alive(): boolean;
  lastWords(): string;
}

function serve(env: Record<string, string>, dir: string): Promise<Serve> {
  const child = spawn(process.execPath, [...(values['node-flag'] ?? []), BIN, 'serve', '--port', '0', '--db', join(dir, 'r.db')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', OVERSEER_LOG_LEVEL: 'warn', OVERSEER_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let exit: string | undefined;
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-6000));
  child.stderr.on('data', keep);
  const ended = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `code ${code}`;
      resolve(exit);
    }),
  );
  return new Promise((resolve, reject) => {
    let heard = '';
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      heard += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(heard);
      if (match) resolve({ url: match[1]!, pid: child.pid!, ended, alive: () => exit === undefined, lastWords: () => tail });
    });
    void ended.then((how) => reject(new Error(`serve ended before listening (${how}): ${tail}`)));
  });
}

async function send(url: string, method: string, path: string, body?: unknown, token?: string): Promise<number> {
  const headers = { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) };
  const answer = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) }).catch(() => undefined);
  await answer?.arrayBuffer().catch(() => undefined);
  return answer?.status ?? 0;
}

const statusMb = (pid: number | string, field: 'VmHWM' | 'VmRSS') => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/** The registry's own peak, and its worker processes' resident memory now (each lives only until its bound is passed). */
const peakMb = (pid: number) => {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
  return { own: statusMb(pid, 'VmHWM'), workers: children.reduce((sum, child) => sum + statusMb(child, 'VmRSS'), 0) };
};

async function run(index: number, contract: string): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-bound-'));
  const env = { OVERSEER_WORK_MEMORY_MB: values.bound!, OVERSEER_WORK_THREADS: values.threads!, OVERSEER_WORK_TIMEOUT_MS: '0', OVERSEER_ANONYMOUS_QUEUE: '8' };
  const registry = await serve(env, dir);
  let peak = 0;
  let workers = 0;
  let sum = 0;
  const sampler = setInterval(() => {
    if (!registry.alive()) return;
    const now = peakMb(registry.pid);
    peak = Math.max(peak, now.own);
    workers = Math.max(workers, now.workers);
    sum = Math.max(sum, now.own + now.workers);
  }, 200);
  try {
    await send(registry.url, 'POST', '/v1/environments', { name: 'prod' }, TOKEN);
    await send(registry.url, 'PUT', '/v1/services/users', { owners: ['@t'] }, TOKEN);
    await send(registry.url, 'POST', '/v1/services/users/versions', { version: '1', contract: SMALL }, TOKEN);
    await send(registry.url, 'POST', '/v1/deployments', { service: 'users', version: '1', environment: 'prod' }, TOKEN);
    const body = { service: 'users', environment: 'prod', contract, contractFile: 'heavy.yaml' };
    const seen: string[] = [];
    for (let round = 0; round < Number(values.rounds) && registry.alive(); round++) {
      const started = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: Number(values.checks) }, () => send(registry.url, 'POST', '/v1/check', body, values.token ? TOKEN : undefined)),
      );
      const health = await send(registry.url, 'GET', '/healthz');
      seen.push(`[${statuses.join(',')}] healthz ${health} ${Math.round((performance.now() - started) / 1000)} s`);
    }
    const alive = registry.alive();
    console.log(
      `run ${index}: ${alive ? 'alive' : `DIED (${await registry.ended})`}; peak RSS ${peak.toFixed(0)} MB (worker processes ${workers.toFixed(0)} MB, together ${sum.toFixed(0)} MB); ${seen.join('; ')}`,
    );
    if (!alive) console.log(`  last words:\n${registry.lastWords().replace(/^/gm, '    | ')}`);
    return alive;
  } finally {
    clearInterval(sampler);
    process.kill(registry.pid, 'SIGTERM');
    await Promise.race([registry.ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.help) {
  console.log(USAGE);
} else {
  const contract = flowContract(Number(values.mb) * 1024 * 1024);
  let survived = 0;
  for (let i = 1; i <= Number(values.runs); i++) if (await run(i, contract)) survived++;
  console.log(
    `bound ${values.bound} MB, ${values.threads} threads, ${values.checks} x ${values.mb} MB checks x ${values.rounds} rounds: alive after ${survived} of ${values.runs} runs`,
  );
}
