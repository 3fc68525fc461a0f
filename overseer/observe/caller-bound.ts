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
  // Services are never deleted, so a name found registered stays so; one not found is asked again at the next export.
  const registered = new Set<string>();

  // A registered service is always let in: the bound is on names nobody published, and pod names a misconfigured SDK
  // sends (`web-7f9c-x2`) filled it, so that a real consumer's calls were refused and the gate said yes to breaking it.
  async function isRegistered(name: string, strangers: Set<string>): Promise<boolean> {
    if (registered.has(name)) return true;
    if (strangers.has(name)) return false;
    if ((await store.getService(name)) === undefined) {
      strangers.add(name);
      return false;
    }
    registered.add(name);
    return true;
  }

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
      const strangers = new Set<string>();
      for (const call of calls) {
        const callers = await callersOf(call);
        if (callers.has(call.consumer) || callers.size < maxConsumers || (await isRegistered(call.consumer, strangers))) {
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
