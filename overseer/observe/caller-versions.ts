// A span's `service.version` is written with its call only when the registry has recorded that version of the caller
// deployed in the span's environment: any other version (a made-up one per span, a canary nobody recorded) would add a
// stored row per name, and the gate counts such a call whatever its version, so it is kept as a call naming none.

import type { ObservedCall } from '../../contracts/index.js';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';

// Deployments change rarely; a recorded one is read at once, as the provider directory is (forget).
const TTL_MS = 5000;
const MAX_KEPT = 10_000;
// The gate reads as many of a consumer's deployments there (gate-observed.ts): a version older than those counts anyway.
const HISTORY = 1000;

interface CallerVersions {
  /** The calls, each with its version only if that version was deployed in its environment. */
  keepRecorded(calls: readonly ObservedCall[]): Promise<ObservedCall[]>;
  forget(): void;
}

export function createCallerVersions(store: Store, now: () => number = Date.now): CallerVersions {
  const kept = new Map<string, { versions: Set<string>; until: number }>();

  async function deployedVersions(consumer: string, environment: string): Promise<Set<string>> {
    const key = `${consumer}\u0000${environment}`;
    const known = kept.get(key);
    if (known && known.until >= now()) return known.versions;
    // A caller not registered (a typo in service.name, a service tracing before its first publication) has no
    // deployment: its calls are kept naming no version, never the whole export refused for it.
    const history = await store.deploymentHistory({ service: consumer, environment, limit: HISTORY }).catch((error: unknown) => {
      if (isStoreError(error, 'ERR_SERVICE_UNKNOWN')) return [];
      throw error;
    });
    const versions = new Set(history.map((d) => d.version));
    if (kept.size >= MAX_KEPT) kept.clear();
    kept.set(key, { versions, until: now() + TTL_MS });
    return versions;
  }

  return {
    async keepRecorded(calls) {
      const out: ObservedCall[] = [];
      for (const call of calls) {
        if (call.consumerVersion === undefined || (await deployedVersions(call.consumer, call.environment)).has(call.consumerVersion)) out.push(call);
        else {
          const { consumerVersion: _unrecorded, ...rest } = call;
          out.push(rest);
        }
      }
      return out;
    },
    forget: () => kept.clear(),
  };
}
