// `properties` (and `required`, `additionalProperties`, `patternProperties`...) constrain objects only, `items` (and
// `prefixItems`, `contains`...) arrays only (JSON Schema 2020-12 Core 7.6.1): below a schema whose `type` holds no such
// value, whatever changes there accepts or refuses nothing; nor below `items` where `maxItems` leaves no room for an
// element. The walk pairs them as ever; their findings are then made info and say why, as a bound's are
// (rules/keyword-target.ts).
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
 * lost (as for a bound, rules/keyword-target.ts). `element`: the position of an array's element walked (`items`: the
 * first past any `prefixItems` entries), which a version whose `maxItems` leaves no room for it never sends or returns:
 * a client met no value there, or will meet none, and the length change is judged on its own.
 */
export function settleInert(
  node: PairNode,
  mark: { local: number; edges: number },
  nodes: { base: Schema; revision: Schema },
  target: 'object' | 'array' | 'string' | undefined,
  direction: Direction,
  element?: number | 'items',
): void {
  // Most keywords' walks add nothing: that is asked first, since this runs for every pair of schemas compared.
  if (target === undefined || (node.local.length === mark.local && node.edges.length === mark.edges)) return;
  const base = mayHoldType(nodes.base, target);
  const revision = mayHoldType(nodes.revision, target);
  if (base && revision) {
    if (element !== undefined) settleUnheld(node, mark, nodes, element);
    return;
  }
  settle(node, mark, inertNote(nodes, direction, base, revision));
}

function settleUnheld(node: PairNode, mark: { local: number; edges: number }, nodes: { base: Schema; revision: Schema }, element: number | 'items'): void {
  const room = { base: roomAt(nodes.base, element), revision: roomAt(nodes.revision, element) };
  if (room.base === undefined && room.revision === undefined) return;
  const at = (s: Schema, n: number) => `no element${n === 0 ? '' : ` past the first${n === 1 ? '' : ` ${n}`}`} (maxItems ${s.maxItems})`;
  const note =
    room.base !== undefined && room.revision !== undefined
      ? ` where the array holds ${at(nodes.revision, room.revision)}: no value is sent or returned there`
      : room.base !== undefined
        ? `; the array held ${at(nodes.base, room.base)} there in the base: its length change is judged on its own`
        : `; the array now holds ${at(nodes.revision, room.revision!)} there: its length change is judged on its own`;
  settle(node, mark, note);
}

/** How many elements the array holds where `maxItems` leaves no room at `element`; undefined where it leaves some. */
function roomAt(schema: Schema, element: number | 'items'): number | undefined {
  const max = schema.maxItems;
  if (typeof max !== 'number') return undefined;
  const index = element !== 'items' ? element : Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
  return max <= index ? Math.max(0, Math.floor(max)) : undefined;
}

function settle(node: PairNode, mark: { local: number; edges: number }, note: string): void {
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
