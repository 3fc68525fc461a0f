// The gate's decisions on stored versions run in worker threads (overseer/work/pool.ts), the rest in worker processes:
// a thread past OVERSEER_WORK_TIMEOUT_MS is stopped and replaced like a process, so the next decision is answered.

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createChildPool } from '../../../overseer/work/child-pool.js';
import { flowContract, SMALL_CONTRACT } from '../../hostile/flow-contract.js';

const file = fileURLToPath(new URL('../../../dist/overseer/work/child-main.js', import.meta.url));
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

describe('a pool of worker threads', () => {
  it('answers, stops a task past its time bound with ERR_WORK_TIMEOUT, and answers the next one on a new thread', async () => {
    const errors: Error[] = [];
    const pool = createChildPool({ file, runtime: 'thread', size: 1, memoryMb: 0, timeoutMs: 2_000, onError: (e) => errors.push(e) });
    close = () => pool.close();
    const parse = (text: string) =>
      pool.run({
        kind: 'prepare',
        service: 'users-service',
        upload: { contract: text, contractFile: 'openapi.yaml' },
        maxContractBytes: 32 << 20,
        canonical: false,
      });

    expect(await parse(SMALL_CONTRACT)).toMatchObject({ ok: true });
    // 15 MB of flow style takes a thread a minute or more: far past the 2 s bound.
    await expect(parse(flowContract(15 * 1024 * 1024))).rejects.toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    expect(await parse(SMALL_CONTRACT.replace('"1"', '"2"'))).toMatchObject({ ok: true });
    // A thread the pool stopped itself is no fault to log.
    expect(errors).toEqual([]);
  }, 60_000);
});
