// `properties` (and `required`, `additionalProperties`, `patternProperties`...) constrain objects only, `items` (and
// `prefixItems`, `contains`...) arrays only (JSON Schema 2020-12 Core 7.6.1): below a schema whose `type` holds no such
// value, whatever changes there accepts or refuses nothing. The walk pairs them as ever; their findings are then made
// info and say why, as a bound's are (rules/keyword-target.ts).
import { mayHoldType, type Schema } from './dialect.js';
import { inertNote } from './inert-note.js';
import type { Direction, PairNode, SchemaFinding } from './pairs.js';

/** How far a node's findings and children reached before a keyword's walk, so what it added can be told apart. */
export function markOf(node: PairNode): { local: number; edges: number } {
  return { local: node.local.length, edges: node.edges.length };
}

/**
 * Makes info what was added to `node` since `mark`, and everything below it, where a version's `type` holds no `target` (undefined: a keyword applying to every value):
 * in neither, nothing there constrains; in one only, the type changed, and the type rules judge the values it gained or
 * lost (as for a bound, rules/keyword-target.ts).
 */
export function settleInert(
  node: PairNode,
  mark: { local: number; edges: number },
  nodes: { base: Schema; revision: Schema },
  target: 'object' | 'array' | 'string' | undefined,
  direction: Direction,
): void {
  // Most keywords' walks add nothing: that is asked first, since this runs for every pair of schemas compared.
  if (target === undefined || (node.local.length === mark.local && node.edges.length === mark.edges)) return;
  const base = mayHoldType(nodes.base, target);
  const revision = mayHoldType(nodes.revision, target);
  if (base && revision) return;
  const note = inertNote(nodes, direction, base, revision);
  const copies = new Map<PairNode, PairNode>();
  for (let i = mark.local; i < node.local.length; i++) node.local[i] = asInfo(node.local[i], note);
  for (let i = mark.edges; i < node.edges.length; i++) node.edges[i] = { field: node.edges[i].field, child: infoCopy(node.edges[i].child, note, copies) };
}

function asInfo(f: SchemaFinding, note: string): SchemaFinding {
  return { ...f, message: f.message + note, inert: true, everyCaller: undefined, breaksDependents: undefined };
}

/** The children are shared with every other place the same pair is met, where they may count: this place gets a copy. */
function infoCopy(child: PairNode, note: string, copies: Map<PairNode, PairNode>): PairNode {
  const known = copies.get(child);
  if (known) return known;
  const copy: PairNode = { local: child.local.map((f) => asInfo(f, note)), edges: [] };
  copies.set(child, copy);
  copy.edges = child.edges.map((e) => ({ field: e.field, child: infoCopy(e.child, note, copies) }));
  return copy;
}
