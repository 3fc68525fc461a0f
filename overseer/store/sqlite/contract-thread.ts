// The SQLite store's second connection, in a thread of its own: a large contract (megabytes of text and canonical
// JSON) is checked and written here, so that the event loop is not held while SQLite copies it into the file.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ContractInput } from '../store.js';
import { assertContract } from '../validate.js';

export interface ContractWrite {
  id: number;
  contract: ContractInput;
  time: string;
}

/** `inserted`: this write added the row (false: the same contract was stored already). */
export type ContractWritten = { id: number; inserted: boolean } | { id: number; error: { code?: unknown; message: string } };

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

parentPort?.on('message', ({ id, contract, time }: ContractWrite) => {
  let answer: ContractWritten;
  try {
    // Checked here, not on the event loop: hashing megabytes of canonical JSON takes tens of milliseconds.
    assertContract(contract);
    answer = { id, inserted: writeRow.immediate(contract, time) };
  } catch (error) {
    answer = { id, error: { code: (error as { code?: unknown }).code, message: (error as Error).message } };
  }
  parentPort?.postMessage(answer);
});
