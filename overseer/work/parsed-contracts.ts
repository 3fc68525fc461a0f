// The contracts one worker thread has parsed, by hash, so that a gate asked again sends hashes instead of texts and
// nothing is parsed twice. Bounded by the bytes of their texts, least recently used first out.

import { type LoadedContract, parseContract } from '../../contracts/index.js';
import type { ContractRef, ContractText } from './wire.js';

/** About 32 MB of contract text per thread: a few large contracts, or thousands of small ones. */
const MAX_TEXT_BYTES = 32 * 1024 * 1024;

interface Entry {
  contract: LoadedContract;
  /** Parsed from the text the store holds: only then may an ask by hash alone be answered with it. */
  stored: boolean;
}

const parsed = new Map<string, Entry>();
let textBytes = 0;

function remember(hash: string, entry: Entry): LoadedContract {
  forget(hash);
  parsed.set(hash, entry);
  textBytes += entry.contract.text.length;
  // The newest entry stays, however large: it is the one being asked about.
  while (textBytes > MAX_TEXT_BYTES && parsed.size > 1) forget(parsed.keys().next().value as string);
  return entry.contract;
}

function forget(hash: string): void {
  const entry = parsed.get(hash);
  if (!entry) return;
  parsed.delete(hash);
  textBytes -= entry.contract.text.length;
}

/** A contract just parsed from an upload: kept for the gate of its publication, but not taken for the stored text. */
export function rememberUploaded(hash: string, contract: LoadedContract): void {
  const known = parsed.get(hash);
  remember(hash, { contract, stored: known?.stored === true && known.contract.text === contract.text });
}

/** The stored contract parsed from this text before, if this thread has it: an ask by hash alone needs nothing else. */
export function findStored(hash: string): LoadedContract | undefined {
  const known = parsed.get(hash);
  return known?.stored ? remember(hash, known) : undefined;
}

// Lines in verdicts point into the text given: a cached parse of another text with the same hash does not do.
export async function parseText({ hash, text, stored = false }: ContractText & Pick<ContractRef, 'stored'>): Promise<LoadedContract> {
  const known = parsed.get(hash);
  if (known && known.contract.text === text) return remember(hash, { contract: known.contract, stored: known.stored || stored });
  // Validated and size-checked when it was published; a later, lower limit must not hide it.
  const contract = await parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity });
  return remember(hash, { contract, stored });
}
