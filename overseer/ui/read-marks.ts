// The event loop's side of contract-marks.ts: a page's questions about a stored contract are answered by a worker,
// which parsed it, so the loop neither receives nor walks the document.

import type { Store } from '../store/store.js';
import { askByHash } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { ContractMarks, WireContractMarks } from '../work/wire.js';

export type MarkWork = Pick<WorkPool, 'markContract'>;

const UNREAD: ContractMarks = { read: false, names: {} };

/**
 * Asked by hash first; a worker that lacks the contract is sent its text (the pool may hand the ask to another worker).
 * A contract gone from the store, or one that no longer parses, marks nothing rather than failing the page.
 */
export async function readMarks(deps: { store: Store; work: MarkWork }, hash: string, ask: Omit<WireContractMarks, 'contract'>): Promise<ContractMarks> {
  try {
    return await askByHash(
      deps.store,
      () => [hash],
      async (texts) => {
        if (!texts) return deps.work.markContract({ ...ask, contract: { hash } });
        const text = texts.get(hash);
        return text === undefined ? UNREAD : deps.work.markContract({ ...ask, contract: { hash, text } });
      },
    );
  } catch {
    return UNREAD;
  }
}
