// The contracts one worker thread has parsed, by hash, so that a gate asked again sends hashes instead of texts and
// nothing is parsed twice. Bounded by what they weigh on the heap, least recently used first out.

import { getHeapStatistics } from 'node:v8';
import { type LoadedContract, parseContract } from '../../contracts/index.js';
import type { ContractRef, ContractText } from './wire.js';

/**
 * A quarter of the heap this worker may use (OVERSEER_WORK_MEMORY_MB, 512 MB by default), leaving the rest to the task
 * at hand, whose parse of a large upload takes several times its text; at most 256 MB where the heap is not bounded.
 * Counted in texts, the bound was 32 MB of them, which the parsed trees beside them made 60 to 150 MB of heap: more
 * than a worker bounded at 128 MB had (test/hostile/contract-cache-weight.test.ts).
 */
const MAX_WEIGHT = Math.min(Math.floor(getHeapStatistics().heap_size_limit / 4), 256 * 1024 * 1024);

/**
 * The heap a parsed contract holds per character of its text, the text included, as measured on the real pairs
 * (the benchmark corpus, bench/manifest.ts; one parse held after a collection): JSON 2.0 to 3.0 (Box, Twilio, Discord, Cloudflare),
 * YAML 3.7 to 4.4 (OpenAI, Stripe), Swagger 2.0 converted, which keeps both trees, 4.5 as JSON (Kubernetes) and 8 to
 * 9 as YAML (Docker; js-yaml's keys are strings of their own where JSON.parse shares them).
 */
const WEIGHT_PER_CHARACTER = { json: 2.5, yaml: 4.5, json2: 5, yaml2: 9 } as const;
/** What a small document holds whatever its length (the petstore's 5 KB of YAML held 24 KB; Netlify's 29 KB, 400 KB). */
const WEIGHT_PER_CONTRACT = 64 * 1024;

/** The heap `contract` is taken to hold while kept: its text and the trees parsed from it. */
function weighContract(contract: LoadedContract): number {
  const kind = contract.specVersion === '2.0' ? (`${contract.format}2` as const) : contract.format;
  return Math.ceil(contract.text.length * WEIGHT_PER_CHARACTER[kind]) + WEIGHT_PER_CONTRACT;
}

interface Entry {
  contract: LoadedContract;
  /** weighContract's, counted once when it was kept. */
  weight: number;
  /** Parsed from the text the store holds: only then may an ask by hash alone be answered with it. */
  stored: boolean;
}

const parsed = new Map<string, Entry>();
let weight = 0;

/** Keeps `entry` as the newest; `weighs` is given when the parse was weighed before, when it was first kept. */
function remember(hash: string, entry: Omit<Entry, 'weight'>, weighs = weighContract(entry.contract)): LoadedContract {
  forget(hash);
  const kept = { ...entry, weight: weighs };
  parsed.set(hash, kept);
  weight += kept.weight;
  // The newest entry stays, however heavy: it is the one being asked about.
  while (weight > MAX_WEIGHT && parsed.size > 1) forget(parsed.keys().next().value as string);
  return entry.contract;
}

function forget(hash: string): void {
  const entry = parsed.get(hash);
  if (!entry) return;
  parsed.delete(hash);
  weight -= entry.weight;
}

/** A contract just parsed from an upload: kept for the gate of its publication, but not taken for the stored text. */
export function rememberUploaded(hash: string, contract: LoadedContract): void {
  const known = parsed.get(hash);
  const stored = known?.stored === true && known.contract.text === contract.text;
  remember(hash, { contract, stored }, known?.contract === contract ? known.weight : undefined);
}

/** The stored contract parsed from this text before, if this thread has it: an ask by hash alone needs nothing else. */
export function findStored(hash: string): LoadedContract | undefined {
  const known = parsed.get(hash);
  return known?.stored ? remember(hash, known, known.weight) : undefined;
}

// Lines in verdicts point into the text given: a cached parse of another text with the same hash does not do.
export async function parseText({ hash, text, stored = false }: ContractText & Pick<ContractRef, 'stored'>): Promise<LoadedContract> {
  const known = parsed.get(hash);
  if (known && known.contract.text === text) return remember(hash, { contract: known.contract, stored: known.stored || stored }, known.weight);
  // Validated and size-checked when it was published; a later, lower limit must not hide it.
  const contract = await parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity });
  return remember(hash, { contract, stored });
}
