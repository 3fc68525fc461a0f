// A oneOf/anyOf alternative that gains or loses null changes what a client meets only through its list, whose own
// nullability check (rules/schema-types.ts) says whether null is now valid or no longer: the alternative's finding said
// it a second time, or wrongly ("may no longer be null") where another alternative still admits null.
import { admitsNull } from './admits-null.js';
import type { Schema } from './dialect.js';
import type { PairNode, SchemaFinding } from './pairs.js';
import type { Resolver } from './resolve.js';

/**
 * The alternatives' pair `child` as this list's place sees it: without its own nullability findings where both lists'
 * nullability can be told. The node is shared with every other place the pair is met (as a property, it counts): a copy.
 */
export function asMember(
  child: PairNode,
  lists: { base: Schema; revision: Schema },
  resolvers: { base: Resolver; revision: Resolver },
  nullableKeyword: { base: boolean; revision: boolean },
): PairNode {
  if (!child.local.some(isNullability)) return child;
  const b = admitsNull(lists.base, resolvers.base, nullableKeyword.base);
  const r = admitsNull(lists.revision, resolvers.revision, nullableKeyword.revision);
  if (b === undefined || r === undefined) return child;
  return { local: child.local.filter((f) => !isNullability(f)), edges: child.edges };
}

function isNullability(f: SchemaFinding): boolean {
  return f.id.endsWith('-became-nullable') || f.id.endsWith('-became-not-nullable');
}
