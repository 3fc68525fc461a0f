// Deprecated parts of a contract that consumers still use, in the words the dashboard shows. The engine
// decides what is deprecated and what a use reaches (contracts' listDeprecations); this file only words it.

import {
  type Deprecation,
  type DeprecationUse,
  findDeprecationUses,
  listDeprecations,
  type ObservedCall,
  type OpenApiDocument,
} from '../../contracts/index.js';
import type { ConsumerUse } from '../store/store.js';
import { compareNames } from './compare-names.js';

export interface DeprecatedUse {
  consumer: string;
  /** The consumer's version that declares the use; absent for a use seen in traces only. */
  version?: string;
  /** Seen calling the operation in traces, not declared: a call takes its operation whole, as at the gate. */
  observed?: true;
  /** `GET /users/{id}` as the contract writes it. */
  operation: string;
  /** What is deprecated: `operation`, `parameter limit`, `response field items[].email`, `request field name`. */
  part: string;
  /** The `x-sunset` date, when the contract gives one. */
  sunset?: string;
  /** The service's name as the consumer's manifest misspells it, when the gate counts it as a consumer all the same. */
  declaredAs?: string;
}

/** A consumer's uses as the deprecations are matched against them: a ConsumerUse, or its few parts sent to a worker. */
export type DeclaredUses = Pick<ConsumerUse, 'consumer' | 'version'> & { declaration: Pick<ConsumerUse['declaration'], 'uses'> };

export function findDeprecatedUses(contract: { doc: OpenApiDocument; foreignKeywords?: boolean }, uses: readonly DeclaredUses[]): DeprecatedUse[] {
  const deprecations = listDeprecations(contract.doc, { foreignKeywords: contract.foreignKeywords });
  const out: DeprecatedUse[] = [];
  for (const use of uses) {
    for (const found of findDeprecationUses(deprecations, use.declaration.uses, contract.doc)) {
      const { operation, sunset } = found.deprecation;
      out.push({ consumer: use.consumer, version: use.version, operation, part: describePart(found), ...(sunset !== undefined && { sunset }) });
    }
  }
  return out.sort((a, b) => compareNames(a.consumer, b.consumer) || compareNames(a.operation, b.operation) || compareNames(a.part, b.part));
}

/**
 * The declared uses, and the deprecated parts of each operation consumers were seen calling that they do not declare:
 * `overseer migrations` and the gate count such a caller as a user, so the page must not say that nobody uses the part.
 */
export function addObservedUses(deprecations: readonly Deprecation[], declared: readonly DeprecatedUse[], calls: readonly ObservedCall[]): DeprecatedUse[] {
  if (calls.length === 0) return [...declared];
  const byOperation = new Map<string, Deprecation[]>();
  for (const d of deprecations) byOperation.set(d.operation, [...(byOperation.get(d.operation) ?? []), d]);
  const keyOf = (u: { consumer: string; operation: string; part: string }) => `${u.consumer}\u0000${u.operation}\u0000${u.part}`;
  const seen = new Set(declared.map(keyOf));
  const out = [...declared];
  for (const call of calls) {
    for (const deprecation of byOperation.get(call.operation) ?? []) {
      const use: DeprecatedUse = {
        consumer: call.consumer,
        observed: true,
        operation: deprecation.operation,
        part: describePart({ deprecation, field: deprecation.field }),
      };
      if (deprecation.sunset !== undefined) use.sunset = deprecation.sunset;
      if (seen.has(keyOf(use))) continue;
      seen.add(keyOf(use));
      out.push(use);
    }
  }
  return out.sort((a, b) => compareNames(a.consumer, b.consumer) || compareNames(a.operation, b.operation) || compareNames(a.part, b.part));
}

function describePart({ deprecation, field }: DeprecationUse): string {
  if (deprecation.parameter) return `parameter ${deprecation.parameter.name}`;
  if (deprecation.part === 'response-field') return `response field ${field}`;
  if (deprecation.header !== undefined) return `response header ${deprecation.header}`;
  if (deprecation.part === 'request-field') return `request field ${field}`;
  return 'operation';
}
