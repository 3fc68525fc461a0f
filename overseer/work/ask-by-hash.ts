// How the event loop asks the pool about stored contracts: by hash first, since a thread keeps what it parsed and a
// contract's text is megabytes to read and copy; with the texts only when the thread answers that it lacks some.

import type { Store } from '../store/store.js';
import type { ContractRef, MissingContracts } from './wire.js';

/** Stored texts by hash, read for a second ask; a hash gone from the store has none. */
export type StoredTexts = ReadonlyMap<string, string>;

/** A contract as sent: by hash at the first ask, with its text at the second where the store still holds it. */
export function refOf(hash: string, texts?: StoredTexts): ContractRef {
  return texts?.has(hash) ? { hash, text: texts.get(hash)! } : { hash };
}

function isMissing(answer: unknown): answer is MissingContracts {
  return typeof answer === 'object' && answer !== null && 'missing' in answer;
}

/**
 * `ask()` by hash; when the answer is missing contracts, `ask(texts)` again with the stored text of every hash
 * `hashes()` names then, read together (not only those missing: the pool may hand the second ask to another thread). A second
 * answer that is still missing contracts is a fault of the pool's, thrown.
 */
export async function askByHash<T>(
  store: Pick<Store, 'readContractTexts'>,
  hashes: () => Iterable<string | undefined>,
  ask: (texts?: StoredTexts) => Promise<T | MissingContracts>,
): Promise<T> {
  const first = await ask();
  if (!isMissing(first)) return first;
  // Every text in one read: one at a time, a leaf's four providers cost four round trips on PostgreSQL.
  const texts = await store.readContractTexts([...hashes()].filter((hash): hash is string => hash !== undefined));
  const again = await ask(texts);
  if (isMissing(again)) throw new Error(`the worker pool lacks what it was sent${again.missing.length > 0 ? `: ${again.missing.join(', ')}` : ''}`);
  return again;
}
