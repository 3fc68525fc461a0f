// The registry sends a provider's consumers a page at a time (`next`, `?cursor=`): the CLI and the Action read every
// page and join them into the one listing they print, so a paged registry lists as much as an unpaged one did.

import type { ConsumerEntry, ConsumerListing } from '../contracts/index.js';
import { CommandError } from './io.js';

/** Every page from the first, joined: a consumer whose uses a page cut short continues on the next. */
export async function readEveryPage(readPage: (cursor?: string) => Promise<ConsumerListing>): Promise<ConsumerListing> {
  const first = await readPage();
  const consumers = [...first.consumers];
  const seen = new Set<string>();
  let next = first.next;
  while (next !== undefined) {
    // A registry that hands back a cursor twice would keep the CLI asking for ever.
    if (seen.has(next)) throw new CommandError('ERR_REGISTRY_RESPONSE', 'the registry sent the same consumers page cursor twice: the listing does not end');
    seen.add(next);
    const page = await readPage(next);
    for (const entry of page.consumers) join(consumers, entry);
    next = page.next;
  }
  const { next: _first, ...listing } = first;
  return { ...listing, consumers };
}

function join(consumers: ConsumerEntry[], entry: ConsumerEntry): void {
  const last = consumers.at(-1);
  if (last && last.consumer === entry.consumer && last.version === entry.version && Array.isArray(last.uses) && Array.isArray(entry.uses)) {
    // The listing's own parsed objects: appended to in place, not copied once a page.
    last.uses.push(...entry.uses);
  } else consumers.push(entry);
}
