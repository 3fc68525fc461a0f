// One bounded walk over a parsed document: depth, size (YAML aliases counted each time they
// are used, so an alias bomb is caught before anything expands it) and where its $refs point.
import { ContractError } from '../errors.js';
import { escapeToken, resolvePointer } from '../schema/pointer.js';
import { NOT_IN_30 } from '../schema/version-keywords.js';

export interface TreeLimits {
  /** Deepest nesting accepted (real contracts stay under 30). */
  maxDepth: number;
  /** Most nodes visited, aliases counted at every use. */
  maxNodes: number;
}

const DEFAULT_LIMITS: TreeLimits = { maxDepth: 64, maxNodes: 2_000_000 };

export interface RefSite {
  ref: string;
  pointer: string;
  /** The object that writes the `$ref`, at `pointer` less its last token: found again by the pointer, it cost a walk each. */
  holder: Record<string, unknown>;
  /** The `$ref` as written, where `ref` is where it leads instead (3.1, inside a schema with `$id`). */
  written?: string;
}

export interface Inspection {
  externalRefs: RefSite[];
  internalRefs: RefSite[];
  /** Keys of every mapping visited (an aliased mapping counts at every use). */
  keys: number;
  /** Whether any mapping writes a string `$id`: without one, no 3.1 schema starts a resource of its own. */
  ids: boolean;
  /** Whether any mapping writes a string `$anchor` or `$dynamicAnchor`: without one, a `$ref` by anchor names nothing. */
  anchors: boolean;
  /** Whether any mapping writes a keyword 3.0's Schema Object lacks (version-keywords.ts), or a numeric exclusive bound. */
  words2020: boolean;
  /** Whether any mapping writes a boolean `exclusiveMinimum`/`exclusiveMaximum`, 3.0's form, which 3.1 does not read. */
  booleanBounds: boolean;
}

export function inspectTree(root: unknown, file: string, limits: Partial<TreeLimits>, lineOf: (pointer: string) => number | undefined): Inspection {
  const walk: TreeWalk = {
    maxDepth: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxNodes: limits.maxNodes ?? DEFAULT_LIMITS.maxNodes,
    file,
    lineOf,
    path: [],
    visited: 0,
    keys: 0,
    externalRefs: [],
    internalRefs: [],
    ids: false,
    anchors: false,
    words2020: false,
    booleanBounds: false,
  };
  visit(walk, root, 0);
  // With an `$id` somewhere, a `$ref` may mean a place its text does not say (3.1): the loader checks chains once it knows.
  if (!walk.ids) checkRefChains(walk.internalRefs, file, lineOf, (ref) => rawStep(root, ref));
  return {
    externalRefs: walk.externalRefs,
    internalRefs: walk.internalRefs,
    keys: walk.keys,
    ids: walk.ids,
    anchors: walk.anchors,
    words2020: walk.words2020,
    booleanBounds: walk.booleanBounds,
  };
}

interface TreeWalk extends TreeLimits {
  file: string;
  lineOf: (pointer: string) => number | undefined;
  /** The keys from the root to the node visited: a pointer is written only for a `$ref` or an error. */
  path: (string | number)[];
  visited: number;
  keys: number;
  externalRefs: RefSite[];
  internalRefs: RefSite[];
  ids: boolean;
  anchors: boolean;
  words2020: boolean;
  booleanBounds: boolean;
}

// Recursion is bounded by maxDepth, checked before descending. Writing a pointer for each of a 4 MB
// contract's ~1 million nodes cost more than the walk itself.
function visit(walk: TreeWalk, node: unknown, depth: number): void {
  if (++walk.visited > walk.maxNodes) {
    throw new ContractError('ERR_CONTRACT_TOO_MANY_NODES', walk.file, `the document expands to more than ${walk.maxNodes} nodes (a YAML alias bomb?)`);
  }
  if (node === null || typeof node !== 'object') return;
  if (depth >= walk.maxDepth) {
    throw new ContractError(
      'ERR_CONTRACT_TOO_DEEP',
      walk.file,
      `the document is nested deeper than ${walk.maxDepth} levels`,
      walk.lineOf(pointerOf(walk.path)),
    );
  }
  const path = walk.path;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      visit(walk, node[i], depth + 1);
      path.pop();
    }
    return;
  }
  const record = node as Record<string, unknown>;
  const ref = record.$ref;
  if (typeof ref === 'string') (ref.startsWith('#') ? walk.internalRefs : walk.externalRefs).push({ ref, pointer: `${pointerOf(path)}/$ref`, holder: record });
  if (typeof record.$id === 'string') walk.ids = true;
  if (typeof record.$anchor === 'string' || typeof record.$dynamicAnchor === 'string') walk.anchors = true;
  const names = Object.keys(record);
  walk.keys += names.length;
  // Noted here, in the walk every document gets, so that the diff walks its schemas for them only where they are written.
  if (!walk.words2020 || !walk.booleanBounds) noteVersionWords(walk, record, names);
  // Last key first, as the walk always went: the order of the $refs found is the order problems are reported in.
  for (let i = names.length - 1; i >= 0; i--) {
    path.push(names[i]);
    visit(walk, record[names[i]], depth + 1);
    path.pop();
  }
}

function noteVersionWords(walk: TreeWalk, record: Record<string, unknown>, names: string[]): void {
  const lo = typeof record.exclusiveMinimum;
  const hi = typeof record.exclusiveMaximum;
  if (lo === 'number' || hi === 'number') walk.words2020 = true;
  if (lo === 'boolean' || hi === 'boolean') walk.booleanBounds = true;
  // Under `properties` the keys are names (a property called `contains`), not keywords.
  if (walk.path[walk.path.length - 1] === 'properties') return;
  for (let i = 0; i < names.length && !walk.words2020; i++) if (NOT_IN_30.has(names[i])) walk.words2020 = true;
}

function pointerOf(path: (string | number)[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) out += `/${escapeToken(path[i])}`;
  return out;
}

/** The local `$ref` of what a local `$ref` names, read as written. */
export function rawStep(root: unknown, ref: string): string | undefined {
  const target = resolvePointer(root, ref);
  return target && typeof target === 'object' && typeof (target as any).$ref === 'string' && (target as any).$ref.startsWith('#')
    ? (target as any).$ref
    : undefined;
}

/**
 * A chain of pure `$ref`s that comes back to itself can never be resolved: refuse it. `step` gives the reference written
 * where a reference leads (as the engine reads it), undefined where the chain reaches a value or nothing.
 */
export function checkRefChains(
  refs: readonly Pick<RefSite, 'ref' | 'pointer' | 'written'>[],
  file: string,
  lineOf: (p: string) => number | undefined,
  step: (ref: string) => string | undefined,
): void {
  const safe = new Set<string>();
  for (const site of refs) {
    const seen = new Set<string>();
    let ref: string | undefined = site.ref;
    while (ref !== undefined && !safe.has(ref)) {
      if (seen.has(ref)) {
        throw new ContractError(
          'ERR_CONTRACT_REF_CYCLE',
          file,
          `$ref "${site.written ?? site.ref}" leads to a cycle of references that never reaches a value`,
          lineOf(site.pointer),
        );
      }
      seen.add(ref);
      ref = step(ref);
    }
    for (const r of seen) safe.add(r);
  }
}
