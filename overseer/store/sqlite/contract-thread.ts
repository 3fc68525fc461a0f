// The SQLite store's second connection, in a thread of its own: a large contract (megabytes of text and canonical
// JSON) is checked and written here, and a large batch of span meeting points, so that the event loop is not held while
// SQLite copies the one into the file or upserts the other's thousands of rows.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ContractBytes } from '../contract-bytes.js';
import type { ContractInput } from '../store.js';
import { assertContract } from '../validate.js';
import { createSpanMeets } from './span-meets.js';

/** The contract as strings, or as the UTF-8 bytes a worker encoded (decoded here, off the event loop). */
export type ContractWrite = { id: number; time: string } & (
  | { contract: ContractInput }
  | { encoded: Pick<ContractInput, 'hash' | 'format'>; bytes: ContractBytes }
);

/** `inserted`: this write added the row (false: the same contract was stored already); `bytes` moved back, if sent. */
export type ContractWritten = { id: number; bytes?: ContractBytes } & ({ inserted: boolean } | { error: { code?: unknown; message: string } });

/** Span meeting points as pairs of numbers (point, parts), stamped `at`: the store's recordSpanMeets. */
export type MeetWrite = { id: number; at: number; meets: Float64Array };

/** The store's pruneSpanMeets: a minute of a busy registry's points is hundreds of thousands of rows to delete. */
export type MeetPrune = { id: number; prune: [before: number, kept: number] };

/** The parts kept at each point afterwards, in the order sent; or how many points a prune forgot. */
export type MeetsWritten = { id: number } & ({ parts: Uint8Array } | { pruned: number } | { error: { code?: unknown; message: string } });

const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs: number };
const db = new Database(file);
db.pragma(`busy_timeout = ${busyTimeoutMs}`);
const insert = db.prepare<[string, string, string, string, number, string]>(
  'INSERT OR IGNORE INTO contracts (hash, canonical, text, format, size, created_at) VALUES (?, ?, ?, ?, ?, ?)',
);
const writeRow = db.transaction((contract: ContractInput, time: string) => {
  const size = Buffer.byteLength(contract.canonical, 'utf8');
  return insert.run(contract.hash, contract.canonical, contract.text, contract.format, size, time).changes === 1;
});

const decode = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

function readContract(message: ContractWrite): ContractInput {
  if ('contract' in message) return message.contract;
  return { ...message.encoded, text: decode(message.bytes.text), canonical: decode(message.bytes.canonical) };
}

const meets = createSpanMeets(db);

function writeMeets(message: MeetWrite | MeetPrune): void {
  const { id } = message;
  let answer: MeetsWritten;
  try {
    if ('prune' in message) answer = { id, pruned: meets.pruneSpanMeets(...message.prune) };
    else {
      const list: [number, number][] = [];
      for (let i = 0; i + 1 < message.meets.length; i += 2) list.push([message.meets[i]!, message.meets[i + 1]!]);
      answer = { id, parts: Uint8Array.from(meets.recordSpanMeets(list, message.at)) };
    }
  } catch (error) {
    answer = { id, error: { code: (error as { code?: unknown }).code, message: (error as Error).message } };
  }
  parentPort?.postMessage(answer, 'parts' in answer ? [answer.parts.buffer as ArrayBuffer] : []);
}

parentPort?.on('message', (message: ContractWrite | MeetWrite | MeetPrune) => {
  if ('meets' in message || 'prune' in message) return writeMeets(message);
  const { id, time } = message;
  let answer: ContractWritten;
  try {
    const contract = readContract(message);
    // Checked here, not on the event loop: hashing megabytes of canonical JSON takes tens of milliseconds.
    assertContract(contract);
    answer = { id, inserted: writeRow.immediate(contract, time) };
  } catch (error) {
    answer = { id, error: { code: (error as { code?: unknown }).code, message: (error as Error).message } };
  }
  // The bytes were moved here, not copied: they go back to their owner, who may still decode them.
  if ('bytes' in message)
    parentPort?.postMessage({ ...answer, bytes: message.bytes }, [message.bytes.text.buffer as ArrayBuffer, message.bytes.canonical.buffer as ArrayBuffer]);
  else parentPort?.postMessage(answer);
});
