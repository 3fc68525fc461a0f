// Which operations reach a schema finding, and which findings a field path of an operation
// touches. Both walk the shared graph of compared schema pairs, visiting each pair once per walk.

import type { LocatedFinding } from './diff.js';
import { copyOf, type Target } from './model.js';
import type { PairNode, RuleId, SchemaFinding, SchemaRoot } from './rules/types.js';
import { joinField, splitField } from './schema/field-path.js';
import { type FindingsBelow, findingsBelow, forEachBit } from './schema/findings-below.js';

export interface OperationReach {
  key: string;
  label: string;
  roots: SchemaRoot[];
  /** operationIds of the operation in each version, for declarations that name it by id. */
  operationIds: { base?: string; revision?: string };
  removed?: boolean;
  added?: boolean;
  /** The key in the base where the operation's base path moved between `servers` and `paths` (request-paths.ts). */
  baseKey?: string;
}

const NONE_DONE: ReadonlySet<PairNode> = new Set();

/** One finding per schema finding reachable from any operation, naming the first place it is reached from. */
export function collectSchemaFindings(operations: Map<string, OperationReach>): LocatedFinding[] {
  const byFinding = new Map<SchemaFinding, LocatedFinding>();
  // One component compared at two positions (a body here, array items there) yields the same
  // finding twice; they are one change. Twins share a pointer and a message: grouping by both needs no
  // key string, and keeps each group short where one place has many findings (enum values, properties).
  const byPlace = new Map<string, Map<string, LocatedFinding[]>>();
  const all: LocatedFinding[] = [];
  /** Per entry of `all`: the root that first reached it and the field path from there, for its message. */
  const firstRoots: SchemaRoot[] = [];
  const firstFields: string[] = [];
  const ordered = [...operations.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const live = findLiveNodes(ordered.flatMap((op) => op.roots.map((r) => r.node)));
  // Most roots are shared by many operations (one error response, one paged list): after the first
  // walk from a root, a later operation only adds its label to what that walk reached.
  const reachedFrom = new Map<PairNode, LocatedFinding[]>();
  // Pairs a finished walk entered: every finding below them is located. Once the walks have passed over the live graph
  // four times (Stripe's 2,400 roots walked 71,000 pairs, a fifth of its diff, where Discord's and Cloudflare's walk theirs
  // about once and would not earn the cost), what lies below each pair is worked out once,
  // and a later walk meets a done pair as a leaf, only adding its operation to what lies below. This changes neither
  // the order in which the walk meets the other pairs nor their field paths: no pair below a done one is undone.
  const done = new Set<PairNode>();
  let below: FindingsBelow | undefined;
  let walked = 0;
  const locatedBelow: (LocatedFinding[] | undefined)[] = [];
  const labelBelow = (node: PairNode, label: string) => {
    const group = below!.groupOf(node);
    let list = locatedBelow[group];
    if (list === undefined) {
      const found: LocatedFinding[] = [];
      forEachBit(below!.bitsBelow(node), (i) => found.push(byFinding.get(below!.findings[i])!));
      locatedBelow[group] = list = found;
    }
    for (let k = 0; k < list.length; k++) addOperation(list[k], label);
  };
  // Indexed loops here and below: until the code is optimised, for...of allocates a result per step.
  for (const op of ordered) {
    for (let r = 0; r < op.roots.length; r++) {
      const root = op.roots[r];
      if (!live.has(root.node)) continue;
      const known = reachedFrom.get(root.node);
      if (known) {
        for (let k = 0; k < known.length; k++) addOperation(known[k], op.label);
        continue;
      }
      if (below !== undefined && done.has(root.node)) {
        labelBelow(root.node, op.label);
        continue;
      }
      const reached = new Set<LocatedFinding>();
      const visit = (node: PairNode, fieldAt: (at: number) => string, at: number) => {
        for (let i = 0; i < node.local.length; i++) {
          const f = node.local[i];
          const seen = byFinding.get(f);
          if (seen) {
            addOperation(seen, op.label);
            reached.add(seen);
            continue;
          }
          let atPointer = byPlace.get(f.pointer);
          if (atPointer === undefined) byPlace.set(f.pointer, (atPointer = new Map()));
          const sharing = atPointer.get(f.message);
          const twin = sharing?.find((t) => isTwin(t.sources![0], f));
          if (twin) {
            byFinding.set(f, twin);
            twin.sources!.push(f);
            addOperation(twin, op.label);
            reached.add(twin);
            continue;
          }
          const fullField = prefixField(fieldAt(at), f.field);
          const located = locateFinding(f, root, fullField, op.label);
          byFinding.set(f, located);
          if (sharing) sharing.push(located);
          else atPointer.set(f.message, [located]);
          all.push(located);
          firstRoots.push(root);
          firstFields.push(fullField);
          reached.add(located);
        }
      };
      const entered = walkLive(root.node, live, below === undefined ? NONE_DONE : done, visit, (leaf) => labelBelow(leaf, op.label));
      for (let i = 0; i < entered.length; i++) done.add(entered[i]);
      // What a walk that met leaves reached is more than it saw: the root is done, and labelled from below.
      if (below === undefined) reachedFrom.set(root.node, [...reached]);
      walked += entered.length;
      if (below === undefined && walked > 4 * live.size) below = findingsBelow(live);
    }
  }
  // Messages are written once every operation is known: one reached from several names the field where the schema
  // defines it, which is true for all of them, rather than the path from the first operation's body.
  for (let i = 0; i < all.length; i++) {
    const located = all[i];
    const root = firstRoots[i];
    const where = located.operations!.length < 2 ? undefined : schemaPathOf(located.pointer);
    const said = sayPlace(located.sources![0].message, root);
    const param = `\`${root.name ?? ''}\``;
    located.message =
      where === undefined
        ? said.replace('{field}', `\`${firstFields[i] || '(root)'}\``).replace('{param}', param)
        : said.replace('{param}', param).replace('{field}', `\`${where}\``);
  }
  return all;
}

/** The same finding met at two places of the graph (same id, side, pointer and message as written). */
function isTwin(a: SchemaFinding, b: SchemaFinding): boolean {
  return a.id === b.id && a.side === b.side && a.pointer === b.pointer && a.message === b.message;
}

function locateFinding(f: SchemaFinding, root: SchemaRoot, fullField: string, label: string): LocatedFinding {
  return {
    // The walk below rules/ stores ids as strings; only rules emit them, and rules take a RuleId.
    id: f.id as RuleId,
    side: f.side,
    pointer: f.pointer,
    // Written once every operation that reaches it is known (collectSchemaFindings).
    message: f.message,
    target: withField(root.target, fullField),
    everyCaller: f.everyCaller,
    breaksDependents: f.breaksDependents,
    inert: f.inert,
    operation: label,
    operations: [label],
    sources: [f],
  };
}

/** A schema rule names its place by direction; a root that is no API request or response (a webhook's payload) says what it is. */
function sayPlace(message: string, root: SchemaRoot): string {
  if (root.place === undefined) return message;
  return message.replace(/\bthe (?:request|response) body\b/g, root.place.body).replace(/\b(?:request|response) property\b/g, root.place.property);
}

/** Operations are met in order, so a label already added is the last one. */
function addOperation(located: LocatedFinding, label: string): void {
  const ops = located.operations!;
  if (ops[ops.length - 1] !== label) ops.push(label);
}

/** `/components/schemas/Order/properties/items/items/properties/sku` -> `Order.items[].sku`. */
function schemaPathOf(pointer: string): string | undefined {
  const m = /^\/components\/schemas\/([^/]+)(.*)$/.exec(pointer);
  if (!m) return undefined;
  let out = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
  const tokens = m[2].split('/').slice(1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'properties' && i + 1 < tokens.length) out += `.${tokens[++i].replace(/~1/g, '/').replace(/~0/g, '~')}`;
    else if (t === 'items') out += '[]';
    else if (t === 'additionalProperties') out += '.*';
    else if ((t === 'allOf' || t === 'oneOf' || t === 'anyOf') && i + 1 < tokens.length) i++;
    else break;
  }
  return out;
}

/**
 * The pairs from which some finding can be reached. Most of a large contract is unchanged, so
 * walking only these keeps the per-operation walks small.
 */
function findLiveNodes(roots: PairNode[]): Set<PairNode> {
  const parents = new Map<PairNode, PairNode[]>();
  const seen = new Set<PairNode>(roots);
  const stack = [...roots];
  const live = new Set<PairNode>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.local.length > 0) live.add(node);
    for (let e = 0; e < node.edges.length; e++) {
      const child = node.edges[e].child;
      let list = parents.get(child);
      if (!list) parents.set(child, (list = []));
      list.push(node);
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  const queue = [...live];
  for (let i = 0; i < queue.length; i++) {
    const above = parents.get(queue[i]);
    if (above === undefined) continue;
    for (let p = 0; p < above.length; p++) {
      const parent = above[p];
      if (live.has(parent)) continue;
      live.add(parent);
      queue.push(parent);
    }
  }
  return live;
}

/**
 * Breadth-first over live pairs; a node's field path is built only when asked for (`fieldAt(at)`), with no closure per
 * node. A done pair is handed to `leaf` and not entered. Returns the pairs entered.
 */
function walkLive(
  root: PairNode,
  live: Set<PairNode>,
  done: ReadonlySet<PairNode>,
  visit: (node: PairNode, fieldAt: (at: number) => string, at: number) => void,
  leaf: (node: PairNode) => void,
): PairNode[] {
  const nodes: PairNode[] = [root];
  const parent: number[] = [-1];
  const via: string[] = [''];
  const seen = new Set<PairNode>([root]);
  const fieldAt = (i: number): string => (i <= 0 ? '' : prefixField(fieldAt(parent[i]), via[i]));
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.local.length > 0) visit(node, fieldAt, i);
    for (let e = 0; e < node.edges.length; e++) {
      const edge = node.edges[e];
      if (seen.has(edge.child) || !live.has(edge.child)) continue;
      seen.add(edge.child);
      if (done.has(edge.child)) {
        leaf(edge.child);
        continue;
      }
      nodes.push(edge.child);
      parent.push(i);
      via.push(edge.field);
    }
  }
  return nodes;
}

/** Every schema finding below an operation's roots (optionally only roots of one kind). */
export function findingsUnder(op: OperationReach, kinds?: Target['kind'][]): Set<SchemaFinding> {
  const out = new Set<SchemaFinding>();
  for (const root of op.roots) {
    if (kinds && !kinds.includes(root.target.kind)) continue;
    walkBreadthFirst(root.node, (node) => node.local.forEach((f) => out.add(f)));
  }
  return out;
}

/**
 * The schema findings a field path touches: changes to any value on the way to it (type,
 * nullability, a property on the path removed) and every change inside the value it names.
 */
export function findingsAlong(roots: PairNode[], field: string): Set<SchemaFinding> {
  const out = new Set<SchemaFinding>();
  const segments = splitField(field);
  let frontier = expandBranches(roots);
  for (const segment of segments) {
    const next: PairNode[] = [];
    for (const node of frontier) {
      for (const f of node.local) if (f.field === '' || f.field === segment) out.add(f);
      const edges = node.edges.filter((e) => e.field === segment);
      const via = edges.length > 0 ? edges : segment !== '[]' ? node.edges.filter((e) => e.field === '*') : [];
      for (const e of via) next.push(e.child);
    }
    frontier = expandBranches(next);
    if (frontier.length === 0) return out;
  }
  const seen = new Set<PairNode>();
  for (const node of frontier) {
    if (seen.has(node)) continue;
    seen.add(node);
    walkBreadthFirst(node, (n) => n.local.forEach((f) => out.add(f)), seen);
  }
  return out;
}

/** A composition branch (`oneOf`, `anyOf`) describes the same value: it is on the path too. */
function expandBranches(nodes: PairNode[]): PairNode[] {
  const out: PairNode[] = [];
  const seen = new Set<PairNode>();
  const stack = [...nodes];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    out.push(n);
    for (const e of n.edges) if (e.field === '') stack.push(e.child);
  }
  return out;
}

function walkBreadthFirst(root: PairNode, visit: (node: PairNode, field: string) => void, seen = new Set<PairNode>()): void {
  seen.add(root);
  const queue: [PairNode, string][] = [[root, '']];
  for (let i = 0; i < queue.length; i++) {
    const [node, field] = queue[i];
    visit(node, field);
    for (const edge of node.edges) {
      if (seen.has(edge.child)) continue;
      seen.add(edge.child);
      queue.push([edge.child, prefixField(field, edge.field)]);
    }
  }
}

export function prefixField(prefix: string, rest: string): string {
  if (rest === '') return prefix;
  if (prefix === '') return rest;
  if (rest.startsWith('[]')) return prefix + rest;
  return joinField(prefix, rest);
}

// Copied key by key: a spread followed by a key is V8's slow path, and this runs once per schema finding.
function withField(target: Target, field: string): Target {
  if (!field || (target.kind !== 'request-body' && target.kind !== 'response')) return target;
  const out = copyOf(target) as typeof target;
  out.field = field;
  return out;
}
