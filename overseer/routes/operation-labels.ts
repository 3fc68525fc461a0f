// Consumers name an operation as they like (`getUser`, `get /users/{userId}`): the consumers listing adds how the
// provider's contract names it, `METHOD /path` and its operationId, so it reads as `overseer usage` and the dashboard.

import type { NamedUsage, OperationUsage } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { type LabelScope, labelProvider } from '../operation-labeller.js';
import type { Store } from '../store/store.js';
import { USE_PARTS } from './schemas.js';

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
          ...USE_PARTS,
        },
      },
    },
  ],
} as const;

/**
 * Labels a listing's uses by the provider's contract in the scope (operation-labeller.ts); a use the contract lacks,
 * or every use when no contract in scope parses, is left as declared.
 */
export async function createLabeller(
  deps: { store: Store; contracts: ContractCache },
  provider: string,
  scope: LabelScope,
): Promise<{ namedBy?: string; label: (uses: '*' | OperationUsage[]) => '*' | NamedUsage[] }> {
  const { namedBy, name } = await labelProvider(deps, provider, scope);
  const label = (uses: '*' | OperationUsage[]) => {
    if (uses === '*') return uses;
    return uses.map((use) => {
      const found = name(use.operation);
      return found ? { ...use, label: found.label, ...(found.operationId !== undefined && { operationId: found.operationId }) } : use;
    });
  };
  return { ...(namedBy !== undefined && { namedBy }), label };
}
