// Impact: which consumers each change breaks, judged from what their declarations say they use.
// Pure, and independent of the order of the declarations and of the changes.
import type { ContractDiff } from './diff.js';
import { reachUsage, removesExpectedStatus, touchesDirectly, type UsageReach, usesWholeOperation } from './impact-usage.js';
import type { Change, Declaration, Notice, OperationUsage } from './model.js';
import type { OperationReach } from './reach.js';
import { operationKey } from './schema/operations.js';
import { parseOperationRef } from './usage/manifest.js';
import { landsIn } from './usage/media-types.js';
import { placeConcretePath } from './usage/path-match.js';
import type { ServerBases } from './usage/server-bases.js';

interface Impact {
  /** Every change of the diff, with the names of the consumers it breaks (sorted; empty when none). */
  consumersOf: Map<Change, string[]>;
  /** For a change that breaks consumers: per consumer, the operations of the change it uses, as the contract writes them. */
  operationsOf: Map<Change, Record<string, string[]>>;
  /**
   * For a warning that reaches parts consumers use: per consumer, the operations of the change it uses. A warning blocks
   * no one, but its owner must know whom to tell; a warning nobody uses is absent.
   */
  warnedOf: Map<Change, Record<string, string[]>>;
  /** Problems in the declarations, owned by their consumers (operations neither version has). */
  notices: Notice[];
}

/** What one consumer uses: everything, or per operation key the usages that name it. */
interface ConsumerUse {
  everything: boolean;
  operations: Map<string, OperationUsage[]>;
}

interface OperationIndex {
  byKey: Map<string, OperationReach>;
  byId: Map<string, OperationReach[]>;
  /** The paths of both versions' servers, which a concrete path may begin with. */
  bases: ServerBases;
}

/** `declarations` are the consumers' declarations of the provider whose versions `diff` compares. */
export function findImpact(diff: ContractDiff, declarations: Declaration[]): Impact {
  const index = indexReach(diff);
  const notices: Notice[] = [];
  const uses = new Map<string, ConsumerUse>();
  for (const declaration of declarations) collectUse(declaration, index, uses, notices);
  const schemaChanges = new Set(diff.changeOf.values());
  const reachOf = cacheReach(diff);
  const consumers = [...uses.keys()].sort(compareText);
  const consumersOf = new Map<Change, string[]>();
  const operationsOf = new Map<Change, Record<string, string[]>>();
  const warnedOf = new Map<Change, Record<string, string[]>>();
  for (const change of diff.changes) {
    // A removed error status is information in general, and breaks only the consumers expecting it (a pact's 404).
    const expected = !canBreak(change) && change.id === 'response-non-success-status-removed';
    const breaks = canBreak(change) || expected;
    if (!breaks) consumersOf.set(change, []);
    if (!breaks && change.level !== 'warning') continue;
    const labels = operationLabelsOf(change);
    const reaches = (use: ConsumerUse, label: string) => {
      const key = keyOfLabel(label);
      const op = index.byKey.get(key);
      const touches = (usage: OperationUsage) => (expected ? removesExpectedStatus(change, usage) : counts(change, usage, op!, schemaChanges, reachOf));
      return op !== undefined && (use.operations.get(key) ?? []).some(touches);
    };
    const whole = (name: string) => !expected && uses.get(name)!.everything;
    const reached = consumers.filter((name) => whole(name) || labels.some((label) => reaches(uses.get(name)!, label)));
    if (breaks) consumersOf.set(change, reached);
    // Only for the consumers reached, once each: the operations past the first that counts are looked at only here.
    if (reached.length > 0)
      (breaks ? operationsOf : warnedOf).set(
        change,
        Object.fromEntries(reached.map((name) => [name, whole(name) ? labels : labels.filter((l) => reaches(uses.get(name)!, l))])),
      );
  }
  return { consumersOf, operationsOf, warnedOf, notices: sortNotices(notices) };
}

// Per diff, the operation keys of the changes that can break a consumer, and of the warnings: judging a hub's consumers
// looks each one up here.
const breakable = new WeakMap<ContractDiff, { any: boolean; keys: Set<string> }>();
const warnable = new WeakMap<ContractDiff, { any: boolean; keys: Set<string> }>();

/**
 * Whether `findImpact` could name any of these declarations' consumers on a change of `diff` (`warned`: on a warning):
 * false when none uses the whole contract and none uses an operation such a change belongs to. Never false where
 * findImpact says yes.
 */
export function mayAffect(diff: ContractDiff, declarations: Declaration[], warned = false): boolean {
  const cache = warned ? warnable : breakable;
  let known = cache.get(diff);
  if (!known) {
    const changes = diff.changes.filter(
      warned ? (c) => c.level === 'warning' && !canBreak(c) : (c) => canBreak(c) || c.id === 'response-non-success-status-removed',
    );
    cache.set(diff, (known = { any: changes.length > 0, keys: new Set(changes.flatMap(operationKeysOf)) }));
  }
  const { any, keys } = known;
  if (!any) return false;
  const index = indexReach(diff);
  return declarations.some((d) => d.uses === '*' || d.uses.some((u) => matchOperations(u.operation, index).some((op) => keys.has(op.key))));
}

type ReachOf = (op: OperationReach, usage: OperationUsage) => UsageReach;

/** Each usage's reach, computed once per operation it names (an operationId that moved names two). */
function cacheReach(diff: ContractDiff): ReachOf {
  const cache = new Map<OperationUsage, Map<string, UsageReach>>();
  return (op, usage) => {
    let byOp = cache.get(usage);
    if (!byOp) cache.set(usage, (byOp = new Map()));
    let reach = byOp.get(op.key);
    if (!reach) byOp.set(op.key, (reach = reachUsage(diff, op, usage)));
    return reach;
  };
}

/** A change can break a consumer that uses its part when it breaks in general or escalates for dependents. */
function canBreak(change: Change): boolean {
  return change.level === 'breaking' || change.breaksDependents === true;
}

/** Whether a change to `op` touches what `usage` uses of it. */
function counts(change: Change, usage: OperationUsage, op: OperationReach, schemaChanges: Set<Change>, reachOf: ReachOf): boolean {
  if (usesWholeOperation(usage)) return inUsedMediaTypes(change, usage);
  // Every caller reacts, except one whose body goes in another media type (a new required form field, for a JSON sender).
  if (change.everyCaller) return change.target.kind !== 'request-body' || landsIn(change.target.mediaType, usage.requestMediaTypes);
  const kind = change.target.kind;
  // The operation itself and its security contain every part a consumer could use.
  if (kind === 'operation' || kind === 'security' || kind === 'document') return true;
  const reach = reachOf(op, usage);
  return schemaChanges.has(change) ? reach.touched.has(change) : touchesDirectly(change, reach);
}

/** A whole-operation use names no field, but may name the media types it sends and reads in: a body in another is not its. */
function inUsedMediaTypes(change: Change, usage: OperationUsage): boolean {
  const t = change.target;
  if (t.kind === 'request-body') return landsIn(t.mediaType, usage.requestMediaTypes);
  if (t.kind === 'response' && t.header === undefined) return landsIn(t.mediaType, usage.responseMediaTypes);
  return true;
}

function collectUse(declaration: Declaration, index: OperationIndex, uses: Map<string, ConsumerUse>, notices: Notice[]): void {
  let use = uses.get(declaration.consumer);
  if (!use) uses.set(declaration.consumer, (use = { everything: false, operations: new Map() }));
  if (declaration.uses === '*') {
    use.everything = true;
    return;
  }
  for (const usage of declaration.uses) {
    const ops = matchOperations(usage.operation, index);
    if (ops.length === 0) notices.push(unknownOperation(declaration, usage));
    for (const op of ops) {
      const list = use.operations.get(op.key) ?? [];
      list.push(usage);
      use.operations.set(op.key, list);
    }
  }
}

/** The operations a reference names: `METHOD /path` whatever its parameters are called (or a concrete path), or an operationId in either version. */
export function matchOperations(ref: string, index: OperationIndex): OperationReach[] {
  const parsed = parseOperationRef(ref);
  if (!parsed) return [];
  if ('operationId' in parsed) return index.byId.get(parsed.operationId) ?? [];
  const key = operationKey(parsed.method, parsed.path);
  // A concrete call declared as written (`GET /orders/1`, from a Pact) is the operation whose template it fits.
  const op = index.byKey.get(key) ?? index.byKey.get(placeConcretePath(index.byKey, parsed.method, parsed.path, index.bases) ?? key);
  return op ? [op] : [];
}

// One diff is judged for each of a hub's consumers in turn: its index is built once.
const reachIndexes = new WeakMap<Map<string, OperationReach>, OperationIndex>();

export function indexReach(diff: Pick<ContractDiff, 'operations' | 'serverPaths'>): OperationIndex {
  const known = reachIndexes.get(diff.operations);
  if (known) return known;
  const index = buildReachIndex(diff.operations, diff.serverPaths);
  reachIndexes.set(diff.operations, index);
  return index;
}

function buildReachIndex(operations: Map<string, OperationReach>, bases: ServerBases): OperationIndex {
  const byKey = new Map<string, OperationReach>();
  const byId = new Map<string, OperationReach[]>();
  for (const op of operations.values()) {
    byKey.set(op.key, op);
    for (const id of new Set([op.operationIds.base, op.operationIds.revision])) {
      if (id === undefined) continue;
      byId.set(id, [...(byId.get(id) ?? []), op]);
    }
  }
  // A consumer that named the operation under its old path still names it; an operation of that key now comes first.
  for (const op of operations.values()) if (op.baseKey !== undefined && !byKey.has(op.baseKey)) byKey.set(op.baseKey, op);
  return { byKey, byId, bases };
}

/** The operation keys a change belongs to: its own, and every operation reaching a shared schema. */
function operationKeysOf(change: Change): string[] {
  return operationLabelsOf(change).map(keyOfLabel);
}

/** Those operations as the contract writes them (`GET /users/{id}`), its own first. */
function operationLabelsOf(change: Change): string[] {
  return [...new Set([...(change.operation ? [change.operation] : []), ...(change.operations ?? [])])];
}

/** `GET /users/{id}` -> `GET /users/{}`. */
function keyOfLabel(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : operationKey(label.slice(0, space), label.slice(space + 1));
}

function unknownOperation(declaration: Declaration, usage: OperationUsage): Notice {
  const message =
    `${declaration.consumer} declares it uses "${usage.operation}" of ${declaration.provider}, ` +
    'but neither version of the contract has that operation: fix the declaration, or it protects nothing';
  return { code: 'declaration-unknown-operation', consumer: declaration.consumer, message, ...(usage.line !== undefined ? { line: usage.line } : {}) };
}

function sortNotices(notices: Notice[]): Notice[] {
  return notices.sort((a, b) => compareText(a.consumer ?? '', b.consumer ?? '') || (a.line ?? 0) - (b.line ?? 0) || compareText(a.message, b.message));
}

/** Code-unit order: the same on every machine, unlike locale order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
