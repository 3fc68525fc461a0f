// The worker's side of what a page reads from one stored contract: the names it gives operation references and the
// deprecated parts consumers use. Stripe's parsed document crossing to the event loop cost it ~29 ms a cache miss; these
// answers are a few kilobytes.

import { findDeprecationUses, type LoadedContract, listDeprecations, selectUndeclaredCalls } from '../../contracts/index.js';
import { namerOf, type OperationName } from '../operation-labeller.js';
import { findDeprecatedUses } from '../ui/deprecated.js';
import { findStored, parseText } from './parsed-contracts.js';
import type { ContractMarks, MissingContracts, WireContractMarks } from './wire.js';

/** A contract that no longer parses (a stricter reader since) marks nothing: the page shows the uses as declared. */
const UNREAD: ContractMarks = { read: false, names: {} };

async function readContract(contract: WireContractMarks['contract']): Promise<LoadedContract | undefined> {
  if (contract.text === undefined) return findStored(contract.hash);
  return parseText({ hash: contract.hash, text: contract.text, stored: true }).catch(() => undefined);
}

/** Each reference the contract names, in the order sent; references it lacks are left out. */
function nameRefs(contract: LoadedContract, refs: readonly string[]): Record<string, OperationName> {
  const name = namerOf(contract);
  const out: Record<string, OperationName> = {};
  for (const ref of refs) {
    const found = ref in out ? undefined : name(ref);
    if (found) out[ref] = found;
  }
  return out;
}

export async function markContract(input: WireContractMarks): Promise<ContractMarks | MissingContracts> {
  const contract = await readContract(input.contract);
  if (!contract) return input.contract.text === undefined ? { missing: [input.contract.hash] } : UNREAD;
  const marks: ContractMarks = { read: true, names: nameRefs(contract, input.refs) };
  if (input.deprecations) marks.deprecations = [...listDeprecations(contract.doc, { foreignKeywords: contract.foreignKeywords })];
  if (input.uses) {
    marks.declared = findDeprecatedUses(contract, input.uses);
  }
  if (input.ending) marks.ending = findEnding(contract, input.ending);
  return marks;
}

/**
 * The deprecated parts whose readable sunset is no later than `by` (one already past counts too), and whom they reach:
 * by what each user declares, or, as at the gate, by a call seen to an operation it does not declare (a use of the whole
 * operation), so a consumer whose manifest moved off a part but whose code still calls it is reached too.
 */
function findEnding(contract: LoadedContract, { by, users, callsOnly }: NonNullable<WireContractMarks['ending']>): NonNullable<ContractMarks['ending']> {
  const deprecations = listDeprecations(contract.doc, { foreignKeywords: contract.foreignKeywords }).filter(
    (d) => d.sunsetDate !== undefined && Date.parse(`${d.sunsetDate}T00:00:00Z`) <= by,
  );
  if (!users || deprecations.length === 0) return { deprecations };
  const reached = users.map(({ declaration, calls }) => {
    const counted = callsOnly ? (calls ?? []) : selectUndeclaredCalls(declaration, calls ?? [], contract.doc);
    const byCalls = findDeprecationUses(
      deprecations,
      [...new Set(counted.map((c) => c.operation))].map((operation) => ({ operation })),
      contract.doc,
    );
    // Where only calls count, a part declared but never called is not in use: the gate and migrations say so too.
    const declared = findDeprecationUses(deprecations, declaration?.uses ?? [], contract.doc).filter(
      (d) => !callsOnly || byCalls.some((u) => u.deprecation === d.deprecation),
    );
    const called = byCalls.filter((u) => !declared.some((d) => d.deprecation === u.deprecation));
    return [
      ...declared.map((u) => ({ at: deprecations.indexOf(u.deprecation), ...(u.whole && { whole: true as const }) })),
      ...called.map((u) => ({ at: deprecations.indexOf(u.deprecation), ...(u.whole && { whole: true as const }), seen: true as const })),
    ];
  });
  return { deprecations, reached };
}
