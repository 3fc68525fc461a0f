// Deprecated parts of a contract that consumers still use, in the words the dashboard shows. The engine
// decides what is deprecated and what a use reaches (contracts' listDeprecations); this file only words it.

import { type DeprecationUse, findDeprecationUses, listDeprecations, type OpenApiDocument } from '../../contracts/index.js';
import type { ConsumerUse } from '../store/store.js';
import { compareNames } from './group.js';

export interface DeprecatedUse {
  consumer: string;
  version: string;
  /** `GET /users/{id}` as the contract writes it. */
  operation: string;
  /** What is deprecated: `operation`, `parameter limit`, `response field items[].email`, `request field name`. */
  part: string;
  /** The `x-sunset` date, when the contract gives one. */
  sunset?: string;
}

export function findDeprecatedUses(contract: { doc: OpenApiDocument }, uses: readonly ConsumerUse[]): DeprecatedUse[] {
  const deprecations = listDeprecations(contract.doc);
  const out: DeprecatedUse[] = [];
  for (const use of uses) {
    for (const found of findDeprecationUses(deprecations, use.declaration.uses, contract.doc)) {
      const { operation, sunset } = found.deprecation;
      out.push({ consumer: use.consumer, version: use.version, operation, part: describePart(found), ...(sunset !== undefined && { sunset }) });
    }
  }
  return out.sort((a, b) => compareNames(a.consumer, b.consumer) || compareNames(a.operation, b.operation) || compareNames(a.part, b.part));
}

function describePart({ deprecation, field }: DeprecationUse): string {
  if (deprecation.parameter) return `parameter ${deprecation.parameter.name}`;
  if (deprecation.part === 'response-field') return `response field ${field}`;
  if (deprecation.part === 'request-field') return `request field ${field}`;
  return 'operation';
}
