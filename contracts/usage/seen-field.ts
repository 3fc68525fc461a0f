// A change in a shared schema is named with the field path from the first operation reaching it (`[].email` under
// GET /users); attributed to a consumer through another operation (GET /users/{userId}), it must name the field as
// that one returns it (`email`), or the reason tells its owners to look for a path their operation does not have.

import type { ContractDiff } from '../diff.js';
import { keyOfLabel } from '../format/annotate.js';
import type { Change } from '../model.js';
import type { OperationReach } from '../reach.js';
import { prefixField } from '../reach.js';
import type { PairNode, SchemaFinding, SchemaRoot } from '../rules/types.js';

// Per diff and change, the field through each operation asked: a hub's consumers of one operation ask it once.
const seenFields = new WeakMap<ContractDiff, Map<Change, Map<string, string | undefined>>>();

/** The change as seen through `operation`: its target's field the path from that operation's body, when one reaches it. */
export function seeThrough(diff: ContractDiff, change: Change, operation: string): Change {
  const target = change.target;
  if ((target.kind !== 'request-body' && target.kind !== 'response') || target.field === undefined) return { ...change, operation };
  const field = fieldThrough(diff, change, operation);
  return field === undefined || field === target.field ? { ...change, operation } : { ...change, operation, target: { ...target, field } };
}

/** The field path of a change of `diff` (one of its own changes) as `operation` reads it; undefined where that one reaches it nowhere. */
export function fieldThrough(diff: ContractDiff, change: Change, operation: string): string | undefined {
  let byChange = seenFields.get(diff);
  if (!byChange) seenFields.set(diff, (byChange = new Map()));
  let byOperation = byChange.get(change);
  if (!byOperation) byChange.set(change, (byOperation = new Map()));
  const key = keyOfLabel(operation);
  if (!byOperation.has(key)) byOperation.set(key, findField(diff, change, diff.operations.get(key)));
  return byOperation.get(key);
}

function findField(diff: ContractDiff, change: Change, op: OperationReach | undefined): string | undefined {
  if (!op) return undefined;
  const sources = new Set<SchemaFinding>();
  for (const [finding, c] of diff.changeOf) if (c === change) sources.add(finding);
  if (sources.size === 0) return undefined;
  const kind = change.target.kind;
  // The root the change was named under first (same status and media type), then any other of its kind.
  const alike = (root: SchemaRoot) => JSON.stringify({ ...root.target, field: undefined }) === JSON.stringify({ ...change.target, field: undefined });
  const roots = op.roots.filter((r) => r.target.kind === kind);
  for (const root of [...roots.filter(alike), ...roots.filter((r) => !alike(r))]) {
    const field = walkTo(root.node, sources);
    if (field !== undefined) return field;
  }
  return undefined;
}

/** Breadth-first, the shortest field path from `root` to a pair holding one of `sources`, as the diff names its fields. */
function walkTo(root: PairNode, sources: ReadonlySet<SchemaFinding>): string | undefined {
  const nodes: PairNode[] = [root];
  const paths: string[] = [''];
  const seen = new Set<PairNode>([root]);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    for (const f of node.local) if (sources.has(f)) return prefixField(paths[i]!, f.field);
    for (const edge of node.edges) {
      if (seen.has(edge.child)) continue;
      seen.add(edge.child);
      nodes.push(edge.child);
      paths.push(prefixField(paths[i]!, edge.field));
    }
  }
  return undefined;
}
