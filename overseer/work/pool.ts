// The worker-thread pool the routes hand heavy work to, with a bounded queue: when it is full the request is
// answered at once with 503 ERR_BUSY and Retry-After, so the event loop stays free for /healthz and reads.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type ContractParts, type LoadedContract, reviveContract, type Verdict } from '../../contracts/index.js';
import { ApiError, BUSY_RETRY_SECONDS } from '../errors.js';
import type { Upload } from '../routes/publication.js';
import type { JsonUpload } from './read-json.js';
import type { ContractText, MissingContracts, PreparedWire, ReadUpload, WireGateInput, WorkAnswer, WorkTask, WorkValue } from './wire.js';

export interface WorkPoolOptions {
  /** Worker threads. */
  threads: number;
  /** Tasks waiting for a thread; one more is refused with ERR_BUSY. */
  maxQueue: number;
}

export interface WorkPool {
  /** Parses and validates an upload; `canonical` asks for the canonical JSON back (to store it). */
  prepare(service: string, upload: Upload, maxContractBytes: number, canonical?: boolean): Promise<PreparedWire>;
  /** The verdict, or the hashes of stored contracts this thread lacks (overseer/routes/gate-inputs.ts asks again with them). */
  decide(input: WireGateInput): Promise<Verdict | MissingContracts>;
  parse(contract: ContractText): Promise<LoadedContract>;
  /** A large upload body parsed and validated against its route's schema (overseer/work/read-json.ts). */
  readJson(upload: JsonUpload): Promise<ReadUpload>;
  close(): Promise<void>;
}

// Node runs only JavaScript in a worker: from the sources (the tests), the built copy of the same file is used.
function findWorkerFile(): string {
  const beside = fileURLToPath(new URL('./tasks.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/overseer/work/tasks.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the worker file is missing (${beside}): run npm run build`);
}

/** A body's memory, moved to the worker rather than copied, when the bytes are all of it (not a slice of a shared pool). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer[] | undefined {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : undefined;
}

export function createWorkPool(options: WorkPoolOptions): WorkPool {
  const piscina = new Piscina({
    filename: findWorkerFile(),
    minThreads: options.threads,
    maxThreads: options.threads,
    maxQueue: options.maxQueue,
    // A thread kept alive keeps its parsed contracts.
    idleTimeout: Number.POSITIVE_INFINITY,
  });

  async function run<T extends WorkValue>(task: WorkTask, transferList?: ArrayBuffer[]): Promise<T> {
    let answer: WorkAnswer<WorkValue>;
    try {
      answer = await piscina.run(task, transferList && { transferList });
    } catch (error) {
      if ((error as Error).message === 'Task queue is at limit') {
        throw new ApiError('ERR_BUSY', `the registry is busy parsing other requests: retry in ${BUSY_RETRY_SECONDS} s`, { cause: error });
      }
      throw error;
    }
    if (!answer.ok) throw new ApiError(answer.error.code, answer.error.message, { line: answer.error.line });
    return answer.value as T;
  }

  // Each thread loads the engine at its first task: done now, so that the first requests after a start do not wait for it.
  for (let i = 0; i < options.threads; i++) void piscina.run({ kind: 'warm' } satisfies WorkTask).catch(() => undefined);

  return {
    prepare: (service, upload, maxContractBytes, canonical = false) => run<PreparedWire>({ kind: 'prepare', service, upload, maxContractBytes, canonical }),
    decide: (input) => run<Verdict | MissingContracts>({ kind: 'decide', input }),
    readJson: (upload) => run<ReadUpload>({ kind: 'read-json', upload }, ownBuffer(upload.bytes)),
    parse: async (contract) => reviveContract(await run<ContractParts>({ kind: 'parse', contract })),
    close: () => piscina.destroy(),
  };
}
