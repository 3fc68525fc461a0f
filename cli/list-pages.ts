// The registry sends its listings (a provider's consumers, a service's versions, services, environments, tokens) a
// page at a time (`next`, `?cursor=`): the CLI and the Action read every page and join them into the one list they
// use, so a paged registry lists as much as an unpaged one did.

import type { ConsumerEntry, ConsumerListing } from '../contracts/index.js';
import { CommandError } from './io.js';

/** Each page after `first`, in order, handed to `take`; a registry that hands back a cursor twice is an error, not a loop for ever. */
async function followPages<T extends { next?: string }>(first: T, readPage: (cursor: string) => Promise<T>, take: (page: T) => void): Promise<void> {
  const seen = new Set<string>();
  let next = first.next;
  while (next !== undefined) {
    if (seen.has(next)) throw new CommandError('ERR_REGISTRY_RESPONSE', 'the registry sent the same page cursor twice: the list does not end');
    seen.add(next);
    const page = await readPage(next);
    take(page);
    next = page.next;
  }
}

/** Every page of a consumers listing, joined: a consumer whose uses a page cut short continues on the next. */
export async function readEveryPage(readPage: (cursor?: string) => Promise<ConsumerListing>): Promise<ConsumerListing> {
  const first = await readPage();
  const consumers = [...first.consumers];
  await followPages(first, readPage, (page) => {
    for (const entry of page.consumers) join(consumers, entry);
  });
  const { next: _first, ...listing } = first;
  return { ...listing, consumers };
}

/** Every page of a listing whose items are under `key` (`versions`, `services`...), joined. */
export async function readEveryItem<K extends string, V>(key: K, readPage: (cursor?: string) => Promise<{ [k in K]: V[] } & { next?: string }>): Promise<V[]> {
  const first = await readPage();
  const items = [...first[key]];
  await followPages(first, readPage, (page) => items.push(...page[key]));
  return items;
}

function join(consumers: ConsumerEntry[], entry: ConsumerEntry): void {
  const last = consumers.at(-1);
  if (last && last.consumer === entry.consumer && last.version === entry.version && Array.isArray(last.uses) && Array.isArray(entry.uses)) {
    // The listing's own parsed objects: appended to in place, not copied once a page.
    last.uses.push(...entry.uses);
  } else consumers.push(entry);
}
