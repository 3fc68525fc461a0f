// A worker thread's half of `overseer diff`'s parallel load (load-pair.ts): one contract read, parsed, bounded and
// validated here, sent back without its functions. A structured clone keeps objects that YAML aliases share as one.
import { parentPort, workerData } from 'node:worker_threads';
import { ContractError, type LoadOptions, loadContract } from '../../contracts/index.js';

export interface LoadRequest {
  file: string;
  options: LoadOptions;
}

/** What the worker answers: the contract's parts, or the error that stopped it, as data. */
export type LoadAnswer =
  | { ok: true; parts: Record<string, unknown> }
  | { ok: false; error: { name: string; message: string; code?: string; file?: string; line?: number; column?: number } };

async function answer(request: LoadRequest): Promise<LoadAnswer> {
  try {
    const { locate, locateAll, ...parts } = await loadContract(request.file, request.options);
    return { ok: true, parts };
  } catch (e) {
    const error = e as Error & Partial<ContractError>;
    const detail = e instanceof ContractError ? { code: error.code, file: error.file, line: error.line, column: error.column } : {};
    return { ok: false, error: { name: error?.name ?? 'Error', message: error?.message ?? String(e), ...detail } };
  }
}

parentPort?.postMessage(await answer(workerData as LoadRequest));
