// The worker's side of a provider's migrations (overseer/gather/migrations.ts): its deployed contract and up to twenty
// earlier ones are read here, where they were parsed, so the event loop neither receives nor walks a document.

import { type LoadedContract, listMigrations, type Migration } from '../../contracts/index.js';
import { findStored, parseText } from './parsed-contracts.js';
import type { ContractRef, MissingContracts, WireMigrations } from './wire.js';

/** The contract of `ref` from this thread's cache or its text; undefined when sent without a text it lacks (gone from the store). */
async function readStored(ref: ContractRef): Promise<LoadedContract | undefined> {
  const kept = findStored(ref.hash);
  if (kept || ref.text === undefined) return kept;
  return parseText({ hash: ref.hash, text: ref.text, stored: true });
}

export async function listStoredMigrations(input: WireMigrations): Promise<Migration[] | MissingContracts> {
  const refs = [input.deployed.contract, ...input.earlier.map((v) => v.contract)];
  // Taken before any text is parsed, so that parsing cannot push out one already counted on.
  const kept = refs.map((ref) => findStored(ref.hash));
  const missing = refs.flatMap((ref, i) => (ref.text === undefined && !kept[i] && !input.withTexts ? [ref.hash] : []));
  if (missing.length > 0) return { missing: [...new Set(missing)] };
  const contract = kept[0] ?? (await readStored(input.deployed.contract));
  if (!contract) return [];
  // Newest first; a contract gone from the store, or one no longer read, ends the walk back.
  const earlier: { version: string; doc: LoadedContract['doc']; neverLive?: true; foreignKeywords?: boolean }[] = [];
  for (const [i, { version, contract: ref, neverLive }] of input.earlier.entries()) {
    const read = kept[i + 1] ?? (await readStored(ref).catch(() => undefined));
    if (!read) break;
    earlier.push({ version, doc: read.doc, foreignKeywords: read.foreignKeywords, ...(neverLive && { neverLive }) });
  }
  const { environment, users, observed } = input;
  const deployed = { version: input.deployed.version, doc: contract.doc, foreignKeywords: contract.foreignKeywords };
  return listMigrations({ environment, deployed, earlier, users, ...(observed && { observed: { ...observed, contract } }) });
}
