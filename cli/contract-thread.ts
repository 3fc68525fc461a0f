// Loads a contract file on a second thread (prototype for measuring).
import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ContractError, type LoadedContract, type LoadOptions, loadContract, reviveContract } from '../contracts/index.js';

export function loadContractMaybeThread(file: string, options: LoadOptions): Promise<LoadedContract> {
  const mode = process.env.OVERSEER_READ36_MODE;
  const early = (globalThis as any).__read36Early as Worker | undefined;
  if (early) return receive(early);
  if (!mode || mode === 'off') return loadContract(file, options);
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return loadContract(file, options);
  }
  if (size < 1024 * 1024) return loadContract(file, options);
  const worker = new Worker(new URL('./contract-thread-worker.js', import.meta.url), { workerData: { file, options, mode } });
  return receive(worker);
}

const cpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
function receive(worker: Worker): Promise<LoadedContract> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    worker.once('message', (m: any) => {
      const t1 = performance.now();
      const c1 = cpu();
      void worker.terminate();
      if (m.error) return reject(new ContractError(m.error.code, m.error.file, m.error.detail, m.error.line, m.error.column));
      if (m.crash) return reject(new Error(m.crash));
      const r = reviveContract(m.json ? JSON.parse(m.json) : m.parts);
      if (process.env.READ36_TRACE)
        process.stderr.write(
          `trace asked=${t0.toFixed(0)} arrived=${t1.toFixed(0)} cpuAtArrival=${c1.toFixed(0)} reviveCpu=${(cpu() - c1).toFixed(0)} now=${performance.now().toFixed(0)}\n`,
        );
      resolve(r);
    });
    worker.once('error', reject);
  });
}
