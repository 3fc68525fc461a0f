// Worker entry of cli/contract-thread.ts: loads one contract file with the engine and posts it back.
import { parentPort, workerData } from 'node:worker_threads';
import { ContractError, loadContract } from '../contracts/index.js';

const { file, options, mode } = workerData as { file: string; options: Record<string, unknown>; mode: string };
try {
  const { locate: _l, locateAll: _a, ...parts } = await loadContract(file, options);
  if (mode === 'json') parentPort!.postMessage({ json: JSON.stringify(parts) });
  else parentPort!.postMessage({ parts });
} catch (e) {
  if (e instanceof ContractError) parentPort!.postMessage({ error: { code: e.code, file: e.file, detail: e.detail, line: e.line, column: e.column } });
  else parentPort!.postMessage({ crash: String((e as Error).stack ?? e) });
}
