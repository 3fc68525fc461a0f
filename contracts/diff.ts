// The diff of two documents: operations paired by method and path template, every rule family
// run over each pair. Schema findings live in a graph of compared schema pairs shared by all
// operations; each is reported once, with every operation that reaches it.
import type { LoadedContract } from './load/load.js';
import { type Change, LEVELS } from './model.js';
import { collectSchemaFindings, type OperationReach } from './reach.js';
import { levelOf, RULE_FAMILIES } from './rules/index.js';
import type { DocumentPair, DocumentSide, Finding, RuleFamily, SchemaFinding, SchemaRoot } from './rules/types.js';
import { indexOperations } from './schema/operations.js';
import { Resolver } from './schema/resolve.js';
import { createSchemaWalker } from './schema/walk.js';
import { attachSchemeReach } from './scheme-reach.js';

export interface DiffOptions {
  /** Today as `YYYY-MM-DD`, for sunset dates (default: the current UTC date). */
  today?: string;
  families?: RuleFamily[];
}

/** A finding with the operations it concerns: one for operation-level findings, every operation that reaches a shared schema otherwise. */
export interface LocatedFinding extends Finding {
  operation?: string;
  operations?: string[];
  /** The schema findings this came from, for reach queries. */
  sources?: SchemaFinding[];
}

export interface DocumentDiff {
  findings: LocatedFinding[];
  /** Per operation key (`GET /users/{}`): its label and the schema roots compared under it. */
  operations: Map<string, OperationReach>;
}

/** Every finding between two OpenAPI 3.x documents, before levels and lines. Pure. */
export function diffDocuments(base: Record<string, any>, revision: Record<string, any>, options: DiffOptions = {}): DocumentDiff {
  const families = options.families ?? RULE_FAMILIES;
  const docs: DocumentPair = { base: sideOf(base), revision: sideOf(revision), today: options.today ?? new Date().toISOString().slice(0, 10) };
  const walk = createSchemaWalker({ base: docs.base.resolver, revision: docs.revision.resolver }, families);
  const findings: LocatedFinding[] = [];
  const operations = new Map<string, OperationReach>();
  const seen = new Set<string>();
  const emitFor = (operation: string | undefined) => (f: Finding) => {
    const key = `${operation}|${f.id}|${f.side}|${f.pointer}|${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(operation === undefined ? f : { ...f, operation });
  };
  for (const family of families) family.checkDocument?.(docs, emitFor(undefined));
  for (const [key, b] of docs.base.operations) {
    const r = docs.revision.operations.get(key);
    if (!r) {
      for (const family of families) family.checkOperationRemoved?.(b, docs, emitFor(b.label));
      operations.set(key, { key, label: b.label, roots: [], operationIds: { base: idOf(b.operation) }, removed: true });
      continue;
    }
    const roots: SchemaRoot[] = [];
    const emit = emitFor(r.label);
    const pair = { base: b, revision: r, docs };
    const addRoot = (root: SchemaRoot) => roots.push(root);
    for (const family of families) family.checkOperation?.(pair, emit, walk, addRoot);
    operations.set(key, { key, label: r.label, roots, operationIds: { base: idOf(b.operation), revision: idOf(r.operation) } });
  }
  for (const [key, r] of docs.revision.operations) {
    if (docs.base.operations.has(key)) continue;
    for (const family of families) family.checkOperationAdded?.(r, docs, emitFor(r.label));
    operations.set(key, { key, label: r.label, roots: [], operationIds: { revision: idOf(r.operation) }, added: true });
  }
  findings.push(...collectSchemaFindings(operations));
  attachSchemeReach(findings, docs);
  return { findings, operations };
}

export interface ContractDiff {
  changes: Change[];
  operations: Map<string, OperationReach>;
  /** The change each schema finding became, for reach queries (impact). */
  changeOf: Map<SchemaFinding, Change>;
}

/** The changes between two loaded contracts, with levels, file locations and lines, sorted. */
export function diffContracts(base: LoadedContract, revision: LoadedContract, options: DiffOptions = {}): ContractDiff {
  const { findings, operations } = diffDocuments(base.doc, revision.doc, options);
  const changeOf = new Map<SchemaFinding, Change>();
  const places = {
    base: base.locateAll(findings.filter((f) => f.side === 'base').map((f) => f.pointer)),
    revision: revision.locateAll(findings.filter((f) => f.side === 'revision').map((f) => f.pointer)),
  };
  const changes = findings.map((f): Change => {
    const where = places[f.side].get(f.pointer)!;
    const change: Change = {
      id: f.id,
      level: levelOf(f.id),
      ...(f.operation ? { operation: f.operation } : {}),
      operations: f.operations ?? (f.operation ? [f.operation] : []),
      location: where.pointer,
      side: f.side,
      ...(where.line !== undefined ? { line: where.line } : {}),
      message: f.message,
      target: f.target,
      ...(f.everyCaller ? { everyCaller: true } : {}),
      ...(f.breaksDependents ? { breaksDependents: true } : {}),
    };
    for (const source of f.sources ?? []) changeOf.set(source, change);
    return change;
  });
  return { changes: sortChanges(changes), operations, changeOf };
}

export function sortChanges<T extends Change>(changes: T[]): T[] {
  const rank = (c: Change) => LEVELS.length - LEVELS.indexOf(c.level);
  return changes.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.operation ?? '', b.operation ?? '') ||
      compareText(a.location, b.location) ||
      compareText(a.id, b.id) ||
      compareText(a.message, b.message),
  );
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function idOf(operation: Record<string, any>): string | undefined {
  return typeof operation.operationId === 'string' ? operation.operationId : undefined;
}

function sideOf(doc: Record<string, any>): DocumentSide {
  const resolver = new Resolver(doc);
  return { doc, resolver, operations: indexOperations(doc, resolver) };
}
