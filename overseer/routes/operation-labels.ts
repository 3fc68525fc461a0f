// Consumers name an operation as they like (`getUser`, `get /users/{userId}`): the consumers listing adds how the
// provider's contract names it, `METHOD /path` and its operationId, so it reads as `overseer usage` and the dashboard.

import { createOperationNamer, type LoadedContract, type NamedUsage, type OperationUsage } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { Store } from '../store/store.js';

const NAMES = { type: 'array', items: { type: 'string' } } as const;

/** The consumers listing's `uses`: `"*"`, or each operation as declared plus `label` and `operationId` (added, never renamed). */
export const NAMED_USES = {
  anyOf: [
    { const: '*' },
    {
      type: 'array',
      items: {
        type: 'object',
        required: ['operation'],
        properties: {
          operation: { type: 'string', description: 'as the consumer declared it: an operationId or METHOD /path' },
          label: {
            type: 'string',
            description: "METHOD /path as the provider's contract in the listing's scope writes it; absent when it lacks the operation",
          },
          operationId: { type: 'string' },
          params: NAMES,
          request: NAMES,
          response: NAMES,
          line: { type: 'integer' },
        },
      },
    },
  ],
} as const;

type Namer = ReturnType<typeof createOperationNamer>;
// Finding a reference among a contract's operations scans them: 500 uses of a 300-operation contract tripled the
// listing's CPU. Each reference's name is kept per parsed contract, which the cache hands out as the same object.
const namers = new WeakMap<LoadedContract, Namer>();

function nameIn(contract: LoadedContract): Namer {
  const kept = namers.get(contract);
  if (kept) return kept;
  const name = createOperationNamer(contract.doc);
  const names = new Map<string, ReturnType<Namer>>();
  const namer: Namer = (ref) => {
    if (!names.has(ref)) names.set(ref, name(ref));
    return names.get(ref);
  };
  namers.set(contract, namer);
  return namer;
}

/**
 * Names operations in the provider's contract of the scope: deployed in the environment, else its latest on the branch,
 * else its latest. The contract comes from the cache, parsed off the event loop; no contract names nothing.
 */
export async function createLabeller(
  deps: { store: Store; contracts: ContractCache },
  provider: string,
  scope: { environment?: string; branch?: string },
): Promise<{ namedBy?: string; label: (uses: '*' | OperationUsage[]) => '*' | NamedUsage[] }> {
  const { store, contracts } = deps;
  const ref =
    scope.environment !== undefined
      ? await store.currentDeployment(provider, scope.environment)
      : ((scope.branch !== undefined ? await store.latestVersion(provider, scope.branch) : undefined) ?? (await store.latestVersion(provider)));
  const hash = ref && (await store.getVersion(provider, ref.version))?.contractHash;
  // A stored contract that no longer parses (a stricter reader since) leaves the uses as declared, not the listing failed.
  const contract = hash ? await contracts.get(hash).catch(() => undefined) : undefined;
  const name = contract && nameIn(contract);
  if (!ref || !name) return { label: (uses) => uses };
  const label = (uses: '*' | OperationUsage[]) => {
    if (uses === '*') return uses;
    return uses.map((use) => {
      const found = name(use.operation);
      return found ? { ...use, label: found.label, ...(found.operationId !== undefined && { operationId: found.operationId }) } : use;
    });
  };
  return { namedBy: ref.version, label };
}
