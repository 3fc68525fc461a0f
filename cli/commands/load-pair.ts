// The two contracts of a diff are independent until the diff: when both are large files, one is loaded in a worker
// thread while this thread loads the other. The engine stays single-threaded and pure; threads are the CLI's choice.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ContractError, type ContractParts, type LoadedContract, type LoadOptions, reviveContract } from '../../contracts/index.js';
import type { RegistryClient } from '../client.js';
import type { Io } from '../io.js';
import { isRegistrySource, readContractSource } from './contract-source.js';
import type { LoadAnswer, LoadRequest } from './load-worker.js';

type Source = { contract: LoadedContract; label: string };

/** Below this size (the smaller file of the pair) a worker's start-up and cold parse outweigh what it could save. */
const PARALLEL_LOAD_MIN_BYTES = 1024 * 1024;

/** Base and revision, as the arguments name them. */
export async function readContractPair(specs: [string, string], io: Io, options: LoadOptions, connect: () => RegistryClient): Promise<[Source, Source]> {
  const sizes = await Promise.all(specs.map((spec) => fileSize(spec, io)));
  const workerFile = findWorkerFile();
  if (!workerFile || Math.min(sizes[0], sizes[1]) === 0 || chooseThreads(io.env, sizes) === 1) {
    return Promise.all([readContractSource(specs[0], io, options, connect), readContractSource(specs[1], io, options, connect)]);
  }
  // The worker has a start-up to pay: it takes the smaller file, so both halves end at about the same time.
  const away = sizes[0] <= sizes[1] ? 0 : 1;
  const file = path.resolve(io.cwd, specs[away]);
  const [there, here] = await Promise.all([loadInWorker(workerFile, { file, options }), readContractSource(specs[1 - away], io, options, connect)]);
  const sources: Source[] = [];
  sources[away] = { contract: there, label: specs[away] };
  sources[1 - away] = here;
  return [sources[0], sources[1]];
}

/**
 * OVERSEER_DIFF_THREADS=1 or 2 decides; otherwise two only for two large files and a core left idle. The worker
 * parses in cold code and grows a heap of its own: on Stripe it spends ~0.6 s of CPU to take ~0.15 s off this
 * thread, which only an idle core turns into a shorter run (on a busy machine the run got longer).
 */
function chooseThreads(env: Io['env'], sizes: number[]): 1 | 2 {
  const asked = env.OVERSEER_DIFF_THREADS;
  if (asked === '1' || asked === '2') return asked === '1' ? 1 : 2;
  if (Math.min(sizes[0], sizes[1]) < PARALLEL_LOAD_MIN_BYTES) return 1;
  return availableParallelism() - loadavg()[0] >= 1 ? 2 : 1;
}

/** A regular file's size; 0 (never parallel) for standard input, the registry, or a file that cannot be read now. */
async function fileSize(spec: string, io: Io): Promise<number> {
  if (spec === '-' || isRegistrySource(spec)) return 0;
  try {
    const info = await stat(path.resolve(io.cwd, spec));
    return info.isFile() ? info.size : 0;
  } catch {
    return 0;
  }
}

function loadInWorker(workerFile: string, request: LoadRequest): Promise<LoadedContract> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: request });
    worker.once('message', (answer: LoadAnswer) => {
      if (answer.ok) resolve(reviveContract(answer.parts as unknown as ContractParts));
      else reject(revive(answer.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the contract loader thread stopped (exit ${code}) before answering`)));
  });
}

/** The worker's error as the main thread would have thrown it: a ContractError keeps its code, file and line. */
function revive(error: Extract<LoadAnswer, { ok: false }>['error']): Error {
  if (error.name === 'ContractError' && error.code && error.file !== undefined) {
    const prefix = `${error.line ? `${error.file}:${error.line}` : error.file}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return new ContractError(error.code as ContractError['code'], error.file, message, error.line, error.column);
  }
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code ? { code: error.code } : {}) });
}

// Node runs only JavaScript in a worker: run from the TypeScript sources (vitest), both contracts load on this thread.
function findWorkerFile(): string | undefined {
  const beside = fileURLToPath(new URL('./load-worker.js', import.meta.url));
  return existsSync(beside) ? beside : undefined;
}
