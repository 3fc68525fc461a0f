// Consumers name operations as they like (`getUser`, `get /users/{userId}`): the service page shows each as the
// provider's contract writes it, `METHOD /path`, with the operationId beside, so every consumer reads the same.

import { createOperationNamer, type LoadedContract } from '../../contracts/index.js';
import type { ConsumerUse } from '../store/store.js';

export interface OperationName {
  /** `GET /users/{id}`, as the contract writes it. */
  label: string;
  operationId?: string;
}

/** Each operation reference the consumers make, resolved in `contract`; references it does not offer are left out. */
export function nameOperations(contract: LoadedContract, consumers: readonly ConsumerUse[]): Record<string, OperationName> {
  const name = createOperationNamer(contract.doc);
  const out: Record<string, OperationName> = {};
  for (const use of consumers) {
    if (use.declaration.uses === '*') continue;
    for (const { operation: ref } of use.declaration.uses) {
      if (ref in out) continue;
      const found = name(ref);
      if (found) out[ref] = found;
    }
  }
  return out;
}
