// Hands large contracts to the SQLite store's writer thread (contract-thread.ts): writing 35 MB of text held the event
// loop for most of a second. Small contracts are written inline, where a trip to the thread would cost more; so are
// span meeting points, whose large batches go to the same thread (an export of 10,000 spans upserts 20,000 of them).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findContractBytes, returnContractBytes } from '../contract-bytes.js';
import { StoreError, type StoreErrorCode } from '../errors.js';
import type { SpanMeetPart } from '../span-meets.js';
import type { ContractInput } from '../store.js';
import type { ContractWrite, ContractWritten, MeetPrune, MeetsWritten, MeetWrite } from './contract-thread.js';

/** Text and canonical JSON together past this go to the thread. */
const THREAD_WRITE_MIN_CHARS = 1024 * 1024;

interface ContractWriter {
  /** Checks and stores the contract's row; true when this write added it. Errors are the store's own. */
  write(contract: ContractInput, time: string): Promise<boolean>;
  /** The store's recordSpanMeets, on the thread's connection. */
  writeMeets(meets: readonly SpanMeetPart[], at: number): Promise<number[]>;
  /** The store's pruneSpanMeets, on the thread's connection. */
  pruneMeets(before: number, kept: number): Promise<number>;
  close(): Promise<void>;
}

export function isLargeContract(contract: ContractInput): boolean {
  // Bytes are counted as they are, not decoded to be measured.
  const bytes = findContractBytes(contract);
  if (bytes) return bytes.text.byteLength + bytes.canonical.byteLength >= THREAD_WRITE_MIN_CHARS;
  return contract.text.length + contract.canonical.length >= THREAD_WRITE_MIN_CHARS;
}

/**
 * Bytes when the contract has them, moved to the thread and back (a copy of megabytes took as long as the strings'),
 * so that the event loop neither copies nor decodes them.
 */
function toMessage(id: number, contract: ContractInput, time: string): { message: ContractWrite; transfer: ArrayBuffer[] } {
  const bytes = findContractBytes(contract);
  if (!bytes) return { message: { id, time, contract }, transfer: [] };
  const message = { id, time, encoded: { hash: contract.hash, format: contract.format }, bytes: { ...bytes } };
  return { message, transfer: [bytes.text.buffer as ArrayBuffer, bytes.canonical.buffer as ArrayBuffer] };
}

// Node runs only JavaScript in a worker: from the sources (the tests), the built copy of the same file is used.
function findThreadFile(): string {
  const beside = fileURLToPath(new URL('./contract-thread.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../../dist/overseer/store/sqlite/contract-thread.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the contract writer's file is missing (${beside}): run npm run build`);
}

function toStoreError(error: { code?: unknown; message: string }): Error {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('ERR_STORE_BUSY', 'the database stayed locked by another writer; try again');
  }
  return code.startsWith('ERR_') ? new StoreError(code as StoreErrorCode, error.message) : new Error(error.message);
}

/** The thread starts with the first large contract or batch of meeting points: a registry that never gets one never starts it. */
export function createContractWriter(file: string, busyTimeoutMs: number): ContractWriter {
  let worker: Worker | undefined;
  let nextId = 0;
  type Answer = ContractWritten | MeetsWritten;
  const pending = new Map<number, { settle: (answer: Answer) => void; reject: (error: Error) => void }>();

  function start(): Worker {
    const started = new Worker(findThreadFile(), { workerData: { file, busyTimeoutMs } });
    // An idle writer must not keep the process alive.
    started.unref();
    started.on('message', (answer: Answer) => {
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      waiting?.settle(answer);
    });
    const fail = (error: Error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      worker = undefined;
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the contract writer thread exited (${code})`)));
    return started;
  }

  /** `read` takes the answer, a refusal too (the bytes come back with either); a refusal then rejects. */
  function send<T>(message: ContractWrite | MeetWrite | MeetPrune, transfer: ArrayBuffer[], read: (answer: Answer) => T): Promise<T> {
    worker ??= start();
    return new Promise((resolve, reject) => {
      const settle = (answer: Answer) => {
        const value = read(answer);
        if ('error' in answer) reject(toStoreError(answer.error));
        else resolve(value);
      };
      pending.set(message.id, { settle, reject });
      worker?.postMessage(message, transfer);
    });
  }

  return {
    write(contract, time) {
      const { message, transfer } = toMessage(nextId++, contract, time);
      return send(message, transfer, (answer) => {
        const { bytes } = answer as ContractWritten;
        if (bytes) returnContractBytes(contract, bytes);
        return 'inserted' in answer && answer.inserted;
      });
    },
    writeMeets(meets, at) {
      const sent = new Float64Array(meets.length * 2);
      meets.forEach(([meet, parts], i) => {
        sent[2 * i] = meet;
        sent[2 * i + 1] = parts;
      });
      return send({ id: nextId++, at, meets: sent }, [sent.buffer], (answer) => ('parts' in answer ? [...answer.parts] : []));
    },
    pruneMeets: (before, kept) => send({ id: nextId++, prune: [before, kept] }, [], (answer) => ('pruned' in answer ? answer.pruned : 0)),
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
