// The composition branches of a pair (`allOf`, `oneOf`, `anyOf`): the lists' members paired (branch-match.ts), the
// branch rules judging each pairing, and a pair of members compared below it. The rest of the pairing is walk.ts's.

import { matchBranches } from './branch-match.js';
import { isSchemaObject, type Schema } from './dialect.js';
import { branchDiscriminators } from './discriminator-values.js';
import { asMember } from './member-null.js';
import type { BranchKeyword, Direction, PairNode, SchemaChecks, SchemaEmit, SchemaPosition } from './pairs.js';
import { pushFinding } from './pairs.js';
import { childPointer } from './pointer.js';
import { writtenAt } from './ref-siblings.js';
import type { Located, Resolver } from './resolve.js';
import { isNullabilityMember } from './wrap-match.js';

type Compare = (base: Located<Schema>, revision: Located<Schema>, direction: Direction, position: SchemaPosition) => PairNode;

const NO_BRANCHES: unknown[] = Object.freeze([]) as unknown as unknown[];

/** `walkBranches` for one comparer: its branch rules (those with checkBranch), its children compared by `compare`. */
export function createBranchWalk(
  resolvers: { base: Resolver; revision: Resolver },
  branchRules: SchemaChecks[],
  nullableKeyword: { base: boolean; revision: boolean },
  compare: Compare,
) {
  const walkBranches = (
    keyword: BranchKeyword,
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    node: PairNode,
    descend: boolean,
    rKeyword: BranchKeyword = keyword,
    mergedBase?: Schema,
  ) => {
    const bl: unknown[] = Array.isArray(b.node[keyword]) ? b.node[keyword] : NO_BRANCHES;
    const rl: unknown[] = Array.isArray(r.node[rKeyword]) ? r.node[rKeyword] : NO_BRANCHES;
    // A guard kept apart from the body: run thrice per pair, it is optimised without inlining all the body calls.
    if (bl.length > 0 || rl.length > 0) walkBranchLists(keyword, bl, rl, b, r, direction, position, node, descend, rKeyword, mergedBase);
  };

  const walkBranchLists = (
    keyword: BranchKeyword,
    bl: unknown[],
    rl: unknown[],
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    node: PairNode,
    descend: boolean,
    rKeyword: BranchKeyword,
    mergedBase: Schema | undefined,
  ) => {
    const parents = { base: b.pointer, revision: r.pointer };
    const counts = { base: bl.length, revision: rl.length };
    const discriminators = keyword === 'allOf' ? undefined : branchDiscriminators(b.node, r.node, bl, rl, resolvers);
    const matched = matchBranches(bl, rl, resolvers, { byOrder: keyword === 'allOf', discriminators });
    const emit: SchemaEmit = (f) => pushFinding(node, f, '');
    for (let m = 0; m < matched.length; m++) {
      const bi = matched[m][0];
      const ri = matched[m][1];
      const base = bi === undefined ? undefined : { node: bl[bi] as Schema, pointer: writtenAt(bl[bi]) ?? childPointer(b.pointer, keyword, bi) };
      const revision = ri === undefined ? undefined : { node: rl[ri] as Schema, pointer: writtenAt(rl[ri]) ?? childPointer(r.pointer, rKeyword, ri) };
      const resolved = {
        base: base && resolvers.base.followSchema<Schema>(base.node, base.pointer).node,
        revision: revision && resolvers.revision.followSchema<Schema>(revision.node, revision.pointer).node,
      };
      // An unpaired null alternative is the list's nullability, said by that rule (an allOf part is a constraint: judged).
      const lone = bi === undefined ? resolved.revision : ri === undefined ? resolved.base : undefined;
      if (lone !== undefined && keyword !== 'allOf' && isNullabilityMember(lone, b.node, r.node, resolvers, nullableKeyword)) continue;
      for (let f = 0; f < branchRules.length; f++)
        branchRules[f].checkBranch!({ keyword, revisionKeyword: rKeyword, base, revision, resolved, direction, position, parents, counts, mergedBase }, emit);
      if (descend && base && revision && isSchemaObject(base.node) && isSchemaObject(revision.node)) {
        const child = compare(base, revision, direction, position);
        node.edges.push({ field: '', child: keyword === 'allOf' ? child : asMember(child, { base: b.node, revision: r.node }, resolvers, nullableKeyword) });
      }
    }
  };

  return walkBranches;
}
