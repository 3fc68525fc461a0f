// One bounded walk over a parsed document: depth, size (YAML aliases counted each time they
// are used, so an alias bomb is caught before anything expands it) and where its $refs point.
import { ContractError } from '../errors.js';
import { escapeToken, resolvePointer } from '../schema/pointer.js';

export interface TreeLimits {
  /** Deepest nesting accepted (real contracts stay under 30). */
  maxDepth: number;
  /** Most nodes visited, aliases counted at every use. */
  maxNodes: number;
}

export const DEFAULT_LIMITS: TreeLimits = { maxDepth: 64, maxNodes: 2_000_000 };

export interface RefSite {
  ref: string;
  pointer: string;
}

export interface Inspection {
  externalRefs: RefSite[];
  internalRefs: RefSite[];
  /** Keys of every mapping visited (an aliased mapping counts at every use). */
  keys: number;
}

export function inspectTree(root: unknown, file: string, limits: Partial<TreeLimits>, lineOf: (pointer: string) => number | undefined): Inspection {
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxNodes = limits.maxNodes ?? DEFAULT_LIMITS.maxNodes;
  const externalRefs: RefSite[] = [];
  const internalRefs: RefSite[] = [];
  const stack: [unknown, string, number][] = [[root, '', 0]];
  let visited = 0;
  let keys = 0;
  while (stack.length > 0) {
    const [node, pointer, depth] = stack.pop()!;
    if (++visited > maxNodes) {
      throw new ContractError('ERR_CONTRACT_TOO_MANY_NODES', file, `the document expands to more than ${maxNodes} nodes (a YAML alias bomb?)`);
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) {
      throw new ContractError('ERR_CONTRACT_TOO_DEEP', file, `the document is nested deeper than ${maxDepth} levels`, lineOf(pointer));
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${pointer}/${i}`, depth + 1]);
      continue;
    }
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string') (ref.startsWith('#') ? internalRefs : externalRefs).push({ ref, pointer: `${pointer}/$ref` });
    const names = Object.keys(record);
    keys += names.length;
    for (const key of names) stack.push([record[key], `${pointer}/${escapeToken(key)}`, depth + 1]);
  }
  checkRefChains(root, internalRefs, file, lineOf);
  return { externalRefs, internalRefs, keys };
}

/** A chain of pure `$ref`s that comes back to itself can never be resolved: refuse it. */
function checkRefChains(root: unknown, refs: RefSite[], file: string, lineOf: (p: string) => number | undefined): void {
  const safe = new Set<string>();
  for (const site of refs) {
    const seen = new Set<string>();
    let ref: string | undefined = site.ref;
    while (ref !== undefined && !safe.has(ref)) {
      if (seen.has(ref)) {
        throw new ContractError(
          'ERR_CONTRACT_REF_CYCLE',
          file,
          `$ref "${site.ref}" leads to a cycle of references that never reaches a value`,
          lineOf(site.pointer),
        );
      }
      seen.add(ref);
      const target = resolvePointer(root, ref);
      ref =
        target && typeof target === 'object' && typeof (target as any).$ref === 'string' && (target as any).$ref.startsWith('#')
          ? (target as any).$ref
          : undefined;
    }
    for (const r of seen) safe.add(r);
  }
}
