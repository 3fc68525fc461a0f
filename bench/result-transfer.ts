// What it costs the event loop to receive Stripe-size results from a worker process (fork's IPC, structured clone)
// rather than a worker thread (postMessage, buffers moved as Piscina.move did): by hand, never in tests:
// npm run build && node dist/bench/result-transfer.js [--runs 15] [--corpus DIR, default $OVERSEER_CORPUS or ../shared/corpus/real]
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { WorkTask } from '../overseer/work/wire.js';
import { defaultCorpus } from './manifest.js';
import { median } from './stats.js';

const TASKS = fileURLToPath(new URL('../overseer/work/tasks.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    corpus: { type: 'string', default: defaultCorpus() },
    child: { type: 'boolean', default: false },
  },
});

/** Stripe's pair as the registry's tasks ask for it: a publication prepared, the dashboard's diff. */
function stripeTasks(): Record<string, WorkTask> {
  const [base, text] = ['stripe/2022-05-26.yaml', 'stripe/2023-08-09.yaml'].map((file) => readFileSync(join(values.corpus!, file), 'utf8')) as [string, string];
  const ref = (t: string) => ({ hash: hashOf(t), text: t });
  return {
    'prepare, canonical (publication)': {
      kind: 'prepare',
      service: 's',
      upload: { contract: text, contractFile: 'x.yaml' },
      maxContractBytes: 64 << 20,
      canonical: true,
    },
    'diff-versions (DiffReport)': {
      kind: 'diff-versions',
      input: { service: 's', from: { version: '1', contract: ref(base) }, to: { version: '2', contract: ref(text) }, consumers: [] },
    },
  };
}

/** The worker's side: each result made once, then sent as often as asked; `send` is the transport's. */
async function answer(on: (listen: (name: string) => void) => void, send: (value: unknown) => void): Promise<void> {
  const { runTask } = (await import(TASKS)) as { runTask: (task: WorkTask) => Promise<{ ok: boolean; value?: unknown }> };
  const results = new Map<string, unknown>();
  for (const [name, task] of Object.entries(stripeTasks())) results.set(name, (await runTask(task)).value);
  on((name) => send(results.get(name)));
  send('ready');
}

/** Buffers a thread moved rather than copied (tasks.ts's movableBuffers before the processes): fresh ones each time. */
function moved(value: unknown): { value: unknown; transfer: ArrayBuffer[] } {
  const bytes = (value as { contract?: { bytes?: { text: Uint8Array; canonical: Uint8Array } } })?.contract?.bytes;
  if (!bytes) return { value, transfer: [] };
  const copy = { text: bytes.text.slice(), canonical: bytes.canonical.slice() };
  const contract = { ...(value as { contract: object }).contract, bytes: copy };
  return { value: { ...(value as object), contract }, transfer: [copy.text.buffer as ArrayBuffer, copy.canonical.buffer as ArrayBuffer] };
}

interface Transport {
  ask(name: string): Promise<void>;
  close(): void;
}

function thread(): Promise<Transport> {
  const worker = new Worker(SELF);
  return connect(
    (listen) => worker.on('message', listen),
    (name) => worker.postMessage(name),
    () => void worker.terminate(),
  );
}

function child(): Promise<Transport> {
  const process = fork(SELF, ['--child'], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return connect(
    (listen) => process.on('message', listen),
    (name) => process.send(name),
    () => process.kill(),
  );
}

function connect(on: (listen: (value: unknown) => void) => void, ask: (name: string) => void, close: () => void): Promise<Transport> {
  let next: ((value: unknown) => void) | undefined;
  const asking = (name: string) =>
    new Promise<void>((done) => {
      next = () => done();
      ask(name);
    });
  return new Promise((ready) => {
    on((value) => (value === 'ready' ? ready({ ask: asking, close }) : next?.(value)));
  });
}

/** Wall time from ask to answer, and the event loop's CPU time for it (receiving and deserializing), in ms. */
async function measure(transport: Transport, name: string): Promise<{ wall: number; cpu: number; stall: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const ticker = watchStalls();
    await transport.ask(name);
    walls.push(performance.now() - started);
    stalls.push(ticker.stop());
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls) ?? 0, cpu: median(cpus) ?? 0, stall: median(stalls) ?? 0 };
}

/**
 * The longest the event loop went without running a 1 ms timer: what a /healthz behind the answer waits. CPU time counts
 * the process's other threads too (the garbage collector's helpers, the worker thread), the stall only the loop.
 */
function watchStalls(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

async function main(): Promise<void> {
  const transports = { thread: await thread(), process: await child() };
  for (const name of Object.keys(stripeTasks())) {
    const t = await measure(transports.thread, name);
    const p = await measure(transports.process, name);
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : '-');
    console.log(
      `${name}: thread ${t.wall.toFixed(1)} ms wall, ${t.cpu.toFixed(1)} ms CPU, ${t.stall.toFixed(1)} ms longest loop stall; ` +
        `process ${p.wall.toFixed(1)} ms wall, ${p.cpu.toFixed(1)} ms CPU, ${p.stall.toFixed(1)} ms longest loop stall ` +
        `(x${ratio(p.wall, t.wall)} wall, x${ratio(p.cpu, t.cpu)} CPU); medians of ${values.runs}`,
    );
  }
  transports.thread.close();
  transports.process.close();
}

if (!isMainThread) {
  void answer(
    (listen) => parentPort!.on('message', listen),
    (value) => {
      const { value: sent, transfer } = moved(value);
      parentPort!.postMessage(sent, transfer);
    },
  );
} else if (values.child) {
  void answer(
    (listen) => process.on('message', listen),
    (value) => process.send!(value),
  );
} else {
  await main();
}
