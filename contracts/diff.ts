// The diff of two documents: operations paired by method and path template (or whole request path), every rule family
// run over each pair. Schema findings live in a graph of compared schema pairs shared by all
// operations; each is reported once, with every operation that reaches it.
import { ContractError } from './errors.js';
import type { LoadedContract, SpecVersion } from './load/load.js';
import { type Change, LEVELS } from './model.js';
import { collectSchemaFindings, type OperationReach } from './reach.js';
import { pairWebhookCalls } from './rules/callbacks.js';
import { levelOf, RULE_FAMILIES } from './rules/index.js';
import type { DocumentPair, DocumentSide, Finding, RuleFamily, SchemaFinding, SchemaRoot } from './rules/types.js';
import { indexOperations, withoutIgnoredHeaders } from './schema/operations.js';
import { pairByRequestPath } from './schema/request-paths.js';
import { Resolver } from './schema/resolve.js';
import { readAsVersion } from './schema/version-keywords.js';
import { createSchemaWalker, MAX_PAIR_DEPTH, PairTooDeep } from './schema/walk.js';
import { attachSchemeReach } from './scheme-reach.js';
import { mergeServerBases, type ServerBases, serverPaths } from './usage/server-bases.js';

interface DiffOptions {
  /** Today as `YYYY-MM-DD`, for sunset dates (default: the current UTC date). */
  today?: string;
  families?: RuleFamily[];
  /** The version each file was written in, where it was converted (2.0): read from the documents otherwise. */
  versions?: { base: SpecVersion; revision: SpecVersion };
  /** Whether each document writes an anchor, where its loader's walk saw (`LoadedContract.anchors`). */
  anchors?: { base?: boolean; revision?: boolean };
  /** Whether each document may write another version's schema keywords (`LoadedContract.foreignKeywords`): no walk for them where not. */
  foreign?: { base: boolean; revision: boolean };
}

/** A finding with the operations it concerns: one for operation-level findings, every operation that reaches a shared schema otherwise. */
export interface LocatedFinding extends Finding {
  operation?: string;
  operations?: string[];
  /** The schema findings this came from, for reach queries. */
  sources?: SchemaFinding[];
}

interface DocumentDiff {
  findings: LocatedFinding[];
  /** Per operation key (`GET /users/{}`): its label and the schema roots compared under it. */
  operations: Map<string, OperationReach>;
}

/** Every finding between two OpenAPI 3.x documents, before levels and lines. Pure. */
export function diffDocuments(base: Record<string, any>, revision: Record<string, any>, options: DiffOptions = {}): DocumentDiff {
  const families = options.families ?? RULE_FAMILIES;
  const versions = options.versions ?? { base: versionOf(base), revision: versionOf(revision) };
  const docs: DocumentPair = {
    base: sideOf(base, versions.base, options.anchors?.base, options.foreign?.base),
    revision: sideOf(revision, versions.revision, options.anchors?.revision, options.foreign?.revision),
    today: options.today ?? new Date().toISOString().slice(0, 10),
  };
  const walk = createSchemaWalker({ base: docs.base.resolver, revision: docs.revision.resolver }, families);
  const findings: LocatedFinding[] = [];
  const operations = new Map<string, OperationReach>();
  // One emitter per operation (labels are unique) shared by every family, which drops a finding it was
  // given already: grouped by pointer, so no key string is written per finding. An operation's findings at
  // one pointer are few (its schemas' findings come from the pair graph), so the group is a list, not a map.
  const emitFor = (operation: string | undefined) => {
    const byPlace = new Map<string, Finding[]>();
    return (f: Finding) => {
      const atPointer = byPlace.get(f.pointer);
      if (atPointer === undefined) byPlace.set(f.pointer, [f]);
      else if (isGiven(atPointer, f)) return;
      else atPointer.push(f);
      findings.push(locatedAt(f, operation));
    };
  };
  // An operation whose base path moved between `servers` and `paths` is the same operation: its request URL is.
  const { pairs: moved, everyUrlKept } = pairByRequestPath(docs.base, docs.revision);
  if (everyUrlKept) docs.everyUrlKept = true;
  const emitDocument = emitFor(undefined);
  for (let i = 0; i < families.length; i++) families[i].checkDocument?.(docs, emitDocument);
  const movedTo = new Set(moved.values());
  // forEach and indexed loops: for...of allocates a result per step (and a destructured entry an iterator) until optimised.
  docs.base.operations.forEach((b, baseKey) => {
    const key = moved.get(baseKey) ?? baseKey;
    const r = docs.revision.operations.get(key);
    if (!r) {
      const emitRemoved = emitFor(b.label);
      for (let i = 0; i < families.length; i++) families[i].checkOperationRemoved?.(b, docs, emitRemoved);
      operations.set(key, { key, label: b.label, roots: [], operationIds: { base: idOf(b.operation) }, removed: true });
      return;
    }
    const roots: SchemaRoot[] = [];
    const emit = emitFor(r.label);
    const pair = { base: b, revision: r, docs };
    const addRoot = (root: SchemaRoot) => roots.push(root);
    for (let i = 0; i < families.length; i++) families[i].checkOperation?.(pair, emit, walk, addRoot);
    const reach: OperationReach = { key, label: r.label, roots, operationIds: { base: idOf(b.operation), revision: idOf(r.operation) } };
    if (key !== baseKey) reach.baseKey = baseKey;
    operations.set(key, reach);
  });
  docs.revision.operations.forEach((r, key) => {
    // A revision operation whose key the base has is that operation's, unless the base one moved to another URL.
    if (movedTo.has(key) || (docs.base.operations.has(key) && !moved.has(key))) return;
    const emitAdded = emitFor(r.label);
    for (let i = 0; i < families.length; i++) families[i].checkOperationAdded?.(r, docs, emitAdded);
    operations.set(key, { key, label: r.label, roots: [], operationIds: { revision: idOf(r.operation) }, added: true });
  });
  // Webhooks after the paths: a schema both reach is reported under the operation a consumer can name.
  for (const call of pairWebhookCalls(docs)) {
    const roots: SchemaRoot[] = [];
    call.compare(emitFor(call.label), walk, (root) => roots.push(root));
    operations.set(call.key, { key: call.key, label: call.label, roots, operationIds: {} });
  }
  findings.push(...collectSchemaFindings(operations));
  attachSchemeReach(findings, docs);
  return { findings, operations };
}

/**
 * A rule's finding in the shape reach.ts gives a schema finding, key by key. Copying what the rule wrote kept each rule's
 * own keys in its own order, so the readers of every finding after the walk (the pointer collection, toChange) met as
 * many shapes as the rules write, and read each one through a slower cache in code that is never optimised here.
 */
function locatedAt(f: Finding, operation: string | undefined): LocatedFinding {
  return {
    id: f.id,
    side: f.side,
    pointer: f.pointer,
    message: f.message,
    target: f.target,
    everyCaller: f.everyCaller,
    breaksDependents: f.breaksDependents,
    inert: f.inert,
    operation,
    operations: f.operations,
    sources: undefined,
  };
}

/** Whether a finding with the same message, id and side is in the list already. */
function isGiven(list: Finding[], f: Finding): boolean {
  for (let i = 0; i < list.length; i++) {
    const g = list[i];
    if (g.message === f.message && g.id === f.id && g.side === f.side) return true;
  }
  return false;
}

export interface ContractDiff {
  changes: Change[];
  operations: Map<string, OperationReach>;
  /** The change each schema finding became, for reach queries (impact). */
  changeOf: Map<SchemaFinding, Change>;
  /** Both versions' server paths (serverPaths): a concrete path a consumer declares may begin with one. */
  serverPaths: ServerBases;
}

/** The changes between two loaded contracts, with levels, file locations and lines, sorted. */
export function diffContracts(base: LoadedContract, revision: LoadedContract, options: DiffOptions = {}): ContractDiff {
  const { findings, operations } = diffNamed(base, revision, options);
  const changeOf = new Map<SchemaFinding, Change>();
  // Each side's pointers once: findings share them (a property's findings, a schema reached from several roots).
  const wanted = { base: new Set<string>(), revision: new Set<string>() };
  for (let i = 0; i < findings.length; i++) wanted[findings[i].side].add(findings[i].pointer);
  const places = { base: base.locateAll(wanted.base), revision: revision.locateAll(wanted.revision) };
  const changes = new Array<Change>(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const change = toChange(f, places[f.side].get(f.pointer)!);
    const sources = f.sources;
    if (sources) for (let s = 0; s < sources.length; s++) changeOf.set(sources[s], change);
    changes[i] = change;
  }
  return { changes: sortChanges(changes), operations, changeOf, serverPaths: mergeServerBases(serverPaths(base.doc), serverPaths(revision.doc)) };
}

/** diffDocuments, its walk's depth bound said as an error about the two files a user gave. */
function diffNamed(base: LoadedContract, revision: LoadedContract, options: DiffOptions): DocumentDiff {
  try {
    return diffDocuments(base.doc, revision.doc, {
      ...options,
      versions: { base: base.specVersion, revision: revision.specVersion },
      anchors: { base: base.anchors, revision: revision.anchors },
      foreign: { base: base.foreignKeywords !== false, revision: revision.foreignKeywords !== false },
    });
  } catch (error) {
    if (!(error instanceof PairTooDeep)) throw error;
    const at = revision.locate(error.pointer);
    const message = `compared with ${base.file}, its schemas nest deeper than ${MAX_PAIR_DEPTH} levels through $refs at #${at.pointer}`;
    throw new ContractError('ERR_CONTRACT_TOO_DEEP', revision.file, message, at.line);
  }
}

/**
 * The keys in the order the JSON report prints them. Set one by one: spreading optional keys in made a
 * throwaway object per key per change.
 */
function toChange(f: LocatedFinding, where: { pointer: string; line?: number }): Change {
  const change = { id: f.id, level: f.inert ? 'info' : levelOf(f.id) } as Change;
  if (f.operation) change.operation = f.operation;
  change.operations = f.operations ?? (f.operation ? [f.operation] : []);
  change.location = where.pointer;
  change.side = f.side;
  if (where.line !== undefined) change.line = where.line;
  change.message = f.message;
  change.target = f.target;
  if (f.everyCaller) change.everyCaller = true;
  if (f.breaksDependents) change.breaksDependents = true;
  if (f.inert) change.inert = true;
  return change;
}

/**
 * Most severe first, then by operation, place, rule and message; ties keep their order. Dealt into one bucket per level
 * and operation first (one Map look-up per change), then each bucket sorted by the rest: a large diff's changes are
 * spread over hundreds of operations, so the comparator, which runs unoptimised, is called about half as often as by
 * one sort of the whole list (Discord 2023 -> 2026: 3,122 changes, 20,824 calls before, 10,716 now).
 */
export function sortChanges<T extends Change>(changes: T[]): T[] {
  const byLevel: Map<string, T[]>[] = [];
  for (let i = 0; i < LEVELS.length; i++) byLevel.push(new Map());
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    const buckets = byLevel[RANK[change.level]];
    const operation = change.operation ?? '';
    const bucket = buckets.get(operation);
    if (bucket === undefined) buckets.set(operation, [change]);
    else bucket.push(change);
  }
  let at = 0;
  for (let level = LEVELS.length - 1; level >= 0; level--) {
    const buckets = byLevel[level];
    const operations = [...buckets.keys()].sort(compareText);
    for (let o = 0; o < operations.length; o++) {
      const bucket = buckets.get(operations[o])!;
      if (bucket.length > 1) bucket.sort(compareWithinOperation);
      for (let i = 0; i < bucket.length; i++) changes[at++] = bucket[i];
    }
  }
  return changes;
}

function compareWithinOperation(a: Change, b: Change): number {
  return compareText(a.location, b.location) || compareText(a.id, b.id) || compareText(a.message, b.message);
}

/** Index by level: info 0, warning 1, breaking 2 (LEVELS' order), so that the most severe is dealt out first. */
const RANK: Record<Change['level'], number> = Object.fromEntries(LEVELS.map((level, i) => [level, i])) as Record<Change['level'], number>;

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function idOf(operation: Record<string, any>): string | undefined {
  return typeof operation.operationId === 'string' ? operation.operationId : undefined;
}

function sideOf(written: Record<string, any>, specVersion: SpecVersion, anchors: boolean | undefined, foreign = true): DocumentSide {
  // Compared as its own version reads it: another version's schema keywords set aside, for the dialects family to name.
  const { doc, setAside } = foreign ? readAsVersion(written, specVersion) : { doc: written, setAside: new Map() };
  const resolver = new Resolver(doc, { anchors });
  const operations = indexOperations(doc, resolver);
  return { doc, resolver, operations: specVersion === '2.0' ? operations : withoutIgnoredHeaders(operations), specVersion, setAside };
}

/** A document handed over without its loader's word: 3.1 or 3.0 as it says (a 2.0 file reaches here converted, so with it). */
function versionOf(doc: Record<string, any>): SpecVersion {
  return typeof doc.openapi === 'string' && doc.openapi.startsWith('3.1') ? '3.1' : '3.0';
}
