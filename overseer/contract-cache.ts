// Parsed contracts by hash, least recently used evicted first: a contract's hash fixes its content,
// so each is parsed once and the gate never re-reads YAML on the hot path.

import { type LoadedContract, parseContract } from '../contracts/index.js';
import type { Store } from './store/store.js';

export interface ContractCache {
  /** The parsed contract of a hash, from memory or parsed from the store; undefined when the store lacks it. */
  get(hash: string): Promise<LoadedContract | undefined>;
  /** Keeps a contract parsed elsewhere (at publication). */
  put(hash: string, contract: LoadedContract): void;
  readonly size: number;
}

/** Parses a stored contract: in a worker thread (the registry's pool), or here where no pool runs (tests, tools). */
type ParseStored = (contract: { hash: string; text: string }) => Promise<LoadedContract>;

// Validated and size-checked when it was published; a later, lower limit must not hide it.
const parseHere: ParseStored = ({ hash, text }) => parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity });

export function createContractCache(options: { store: Store; maxEntries: number; parse?: ParseStored }): ContractCache {
  const { store, maxEntries, parse = parseHere } = options;
  const entries = new Map<string, LoadedContract>();
  // Concurrent requests for one missing hash share one parse.
  const pending = new Map<string, Promise<LoadedContract | undefined>>();

  function remember(hash: string, contract: LoadedContract): void {
    entries.delete(hash);
    entries.set(hash, contract);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  async function parseStored(hash: string): Promise<LoadedContract | undefined> {
    const text = await store.readContractText(hash);
    if (text === undefined) return undefined;
    const contract = await parse({ hash, text });
    remember(hash, contract);
    return contract;
  }

  return {
    async get(hash) {
      const hit = entries.get(hash);
      if (hit) {
        remember(hash, hit);
        return hit;
      }
      let loading = pending.get(hash);
      if (!loading) {
        loading = parseStored(hash).finally(() => pending.delete(hash));
        pending.set(hash, loading);
      }
      return loading;
    },
    put: remember,
    get size() {
      return entries.size;
    },
  };
}
