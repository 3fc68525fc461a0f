// A provider's consumers as the dashboard last read them, kept while the scope's generation reads the same: a hub's page
// lists thousands of consumers whose declarations the store parses on the event loop, and every anonymous visit of it
// would read them again. Any write that may change a listing of the scope moves it (store.readScopeGeneration): a
// deployment leaves the latest versions' listing alone, a publication every environment's.

import type { ConsumerScope, ConsumerUse, Store } from '../store/store.js';

// Providers and scopes kept at once, least recently used first out: hubs are few, and a hub's list is a few MB.
const MAX_KEPT = 16;

export type ConsumerReader = (provider: string, scope: ConsumerScope) => Promise<ConsumerUse[]>;

/** `listConsumersOf` through a cache by scope generation; callers must not change the lists it returns. */
export function createConsumerReader(store: Store): ConsumerReader {
  const kept = new Map<string, { generation: number; consumers: ConsumerUse[] }>();
  return async (provider, scope) => {
    const generation = await store.readScopeGeneration(scope);
    const key = `${provider}\u0000${scope.environment ?? ''}\u0000${scope.branch ?? ''}`;
    const known = kept.get(key);
    kept.delete(key);
    const consumers = known?.generation === generation ? known.consumers : await store.listConsumersOf(provider, scope);
    kept.set(key, { generation, consumers });
    if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
    return consumers;
  };
}
