// Which operations reach a schema finding, and which findings a field path of an operation
// touches. Both walk the shared graph of compared schema pairs, visiting each pair once per walk.
import type { Target } from './model.js';
import type { PairNode, SchemaFinding, SchemaRoot } from './rules/types.js';
import { joinField } from './schema.js';
import type { LocatedFinding } from './diff.js';

export interface OperationReach {
  key: string;
  label: string;
  roots: SchemaRoot[];
  removed?: boolean;
  added?: boolean;
}

/** One finding per schema finding reachable from any operation, naming the first place it is reached from. */
export function collectSchemaFindings(operations: Map<string, OperationReach>): LocatedFinding[] {
  const byFinding = new Map<SchemaFinding, LocatedFinding>();
  const ordered = [...operations.values()].sort((a, b) => a.label.localeCompare(b.label));
  for (const op of ordered) {
    for (const root of op.roots) {
      walkBreadthFirst(root.node, (node, field) => {
        for (const f of node.local) {
          const known = byFinding.get(f);
          if (known) {
            const ops = known.operations!;
            if (ops[ops.length - 1] !== op.label) ops.push(op.label);
            continue;
          }
          const fullField = prefixField(field, f.field);
          byFinding.set(f, {
            id: f.id,
            side: f.side,
            pointer: f.pointer,
            message: f.message.replace('{field}', `\`${fullField || '(root)'}\``).replace('{param}', `\`${root.name ?? ''}\``),
            target: withField(root.target, fullField),
            everyCaller: f.everyCaller,
            breaksDependents: f.breaksDependents,
            operation: op.label,
            operations: [op.label],
            source: f,
          });
        }
      });
    }
  }
  return [...byFinding.values()];
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

/** `items[].sku` -> `items`, `[]`, `sku`. */
export function splitField(field: string): string[] {
  const out: string[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (let i = 0; i < m[2].length / 2; i++) out.push('[]');
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

function prefixField(prefix: string, rest: string): string {
  if (rest === '') return prefix;
  if (prefix === '') return rest;
  if (rest.startsWith('[]')) return prefix + rest;
  return joinField(prefix, rest);
}

function withField(target: Target, field: string): Target {
  if (!field || (target.kind !== 'request-body' && target.kind !== 'response')) return target;
  return { ...target, field };
}
