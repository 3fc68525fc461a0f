// The worker's side of one page of a provider's consumers: their uses parsed, cut to the page and named by the
// provider's contract here, so the event loop receives a page of uses instead of a consumer's megabytes of them.

import type { LoadedContract, NamedUsage, OperationUsage } from '../../contracts/index.js';
import { namerOf } from '../operation-labeller.js';
import { findStored, parseText } from './parsed-contracts.js';
import type { MissingContracts, UsePage, WireUsePage } from './wire.js';

/** About 16 MB of declaration text per worker: a consumer of 100,000 uses is parsed once for all its pages. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

const parsedUses = new Map<string, { uses: '*' | OperationUsage[]; length: number }>();
let textBytes = 0;

/**
 * The uses of an entry, by its key (a listing of one store generation, and the place in it: the same key always
 * stands for the same text); parsed from its text when sent, else as kept; undefined when this worker lacks it.
 */
function usesOf(entry: WireUsePage['entries'][number]): '*' | OperationUsage[] | undefined {
  const known = parsedUses.get(entry.key);
  if (known || entry.text === undefined) return known?.uses;
  const uses = JSON.parse(entry.text) as '*' | OperationUsage[];
  parsedUses.set(entry.key, { uses, length: entry.text.length });
  textBytes += entry.text.length;
  // First in, first out; the newest stays, however large: it is the one being listed.
  while (textBytes > MAX_TEXT_BYTES && parsedUses.size > 1) {
    const [oldest, dropped] = parsedUses.entries().next().value as [string, { length: number }];
    parsedUses.delete(oldest);
    textBytes -= dropped.length;
  }
  return uses;
}

/** How much of a page a consumer's uses take: "*" and an empty list take one place, so every page moves on. */
function unitsOf(uses: '*' | OperationUsage[]): number {
  return uses === '*' ? 1 : Math.max(1, uses.length);
}

type NameOperation = ReturnType<typeof namerOf>;

const NAMES_NOTHING: NameOperation = () => undefined;

async function namerFor(contract: WireUsePage['contract']): Promise<{ name: NameOperation; named: boolean } | MissingContracts> {
  if (!contract) return { name: NAMES_NOTHING, named: false };
  const found: LoadedContract | undefined =
    contract.text === undefined
      ? findStored(contract.hash)
      : await parseText({ hash: contract.hash, text: contract.text, stored: true }).catch(() => undefined);
  if (!found && contract.text === undefined) return { missing: [contract.hash] };
  // A stored contract that no longer parses names nothing: the listing reads as declared rather than failing.
  return found ? { name: namerOf(found), named: true } : { name: NAMES_NOTHING, named: false };
}

/** The consumer version an entry lists, with the provider's name as it wrote it when misspelled. */
function placeOf({ consumer, version, declaredAs }: WireUsePage['entries'][number]) {
  return { consumer, version, ...(declaredAs !== undefined && { declaredAs }) };
}

/**
 * The page: from `offset` in the first entry's uses, `limit` places at most; `next` is where the following page starts
 * (an index into the entries sent and an offset in its uses), absent when the entries sent are all on this page.
 */
export async function pageUses(input: WireUsePage): Promise<UsePage | MissingContracts> {
  const namer = await namerFor(input.contract);
  const parsed = input.entries.map(usesOf);
  // Both said at once: the ask that follows sends what this worker lacks in one go.
  const lacksUses = parsed.some((uses) => uses === undefined);
  if ('missing' in namer || lacksUses) return { missing: 'missing' in namer ? namer.missing : [], ...(lacksUses && { uses: true }) };
  const { name, named } = namer;
  const label = (use: OperationUsage): NamedUsage => {
    const found = name(use.operation);
    return found ? { ...use, label: found.label, ...(found.operationId !== undefined && { operationId: found.operationId }) } : use;
  };
  const consumers: UsePage['consumers'] = [];
  let room = input.limit;
  let offset = input.offset;
  for (let index = 0; index < input.entries.length; index++) {
    const entry = input.entries[index]!;
    if (room === 0) return { named, consumers, next: { index, offset: 0 } };
    const uses = parsed[index]!;
    if (uses === '*' || uses.length === 0) {
      consumers.push({ ...placeOf(entry), uses });
      room -= unitsOf(uses);
    } else if (offset < uses.length) {
      const taken = uses.slice(offset, offset + room);
      consumers.push({ ...placeOf(entry), uses: taken.map(label) });
      room -= taken.length;
      if (offset + taken.length < uses.length) return { named, consumers, next: { index, offset: offset + taken.length } };
    }
    // An offset past the uses (a cursor from a listing since changed) leaves nothing of that entry on this page.
    offset = 0;
  }
  return { named, consumers };
}
