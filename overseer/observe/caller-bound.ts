// The bound on callers per provider and environment, checked as an export is answered: a caller new past it is refused
// and counted in OTLP's partial success, so that the Collector's operator learns of it (the store enforces it again).

import type { ObservedCall } from '../../contracts/index.js';
import { pairKeyOf } from '../store/observed.js';
import type { Store } from '../store/store.js';

interface CallerBound {
  /** The calls of callers known, or new while their provider and environment have room; the rest refused. */
  admit(calls: readonly ObservedCall[]): Promise<{ kept: ObservedCall[]; refused: ObservedCall[] }>;
  /** Read the callers again at the next export: calls were pruned, or another replica may have added some. */
  forget(): void;
}

export function createCallerBound(options: { store: Store; maxConsumers: number }): CallerBound {
  const { store, maxConsumers } = options;
  // Each set holds at most maxConsumers names beyond what the store held; pairs are known services times environments.
  const known = new Map<string, Promise<Set<string>>>();

  function callersOf(call: ObservedCall): Promise<Set<string>> {
    const key = pairKeyOf(call);
    let callers = known.get(key);
    if (!callers) {
      callers = store.listObservedCalls({ provider: call.provider, environment: call.environment }).then((rows) => new Set(rows.map((r) => r.consumer)));
      // A failed read is not kept: the next export asks again.
      callers.catch(() => known.delete(key));
      known.set(key, callers);
    }
    return callers;
  }

  return {
    async admit(calls) {
      const kept: ObservedCall[] = [];
      const refused: ObservedCall[] = [];
      for (const call of calls) {
        const callers = await callersOf(call);
        if (callers.has(call.consumer) || callers.size < maxConsumers) {
          callers.add(call.consumer);
          kept.push(call);
        } else refused.push(call);
      }
      return { kept, refused };
    },
    forget: () => known.clear(),
  };
}

/** Why callers were refused, for the partial success's message: which providers, and the bound to raise. */
export function describeRefusedCallers(refused: readonly ObservedCall[], maxConsumers: number): string {
  const pairs = [...new Set(refused.map((c) => `${c.provider} in ${c.environment}`))];
  const named = pairs.slice(0, 3).join(', ') + (pairs.length > 3 ? ` and ${pairs.length - 3} more` : '');
  return (
    `callers refused ${new Set(refused.map((c) => c.consumer)).size}: ${named} already had ${maxConsumers} observed callers ` +
    '(OVERSEER_MAX_OBSERVED_CONSUMERS); calls of the callers it holds are still counted'
  );
}
