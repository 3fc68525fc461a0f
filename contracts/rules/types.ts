// What a rule is and what it may say. Rules never throw or print: they emit findings.
import type { SpecVersion } from '../load/load.js';
import type { Side, Target } from '../model.js';
import type { OperationEntry } from '../schema/operations.js';
import type { BranchPair, PairNode, PropertyPair, SchemaFinding, SchemaPair, SchemaWalker } from '../schema/pairs.js';
import type { Resolver } from '../schema/resolve.js';
import type { RuleDef, RuleId } from './table.js';

export type { BranchPair, Direction, PairNode, PropertyPair, SchemaFinding, SchemaPair, SchemaPosition, SchemaWalker } from '../schema/pairs.js';
export type { RuleId } from './table.js';

/** What a schema rule reports: a declared id, or undefined where the table declares none for the place (dropped). */
export type SchemaEmit = (finding: Omit<SchemaFinding, 'field' | 'id'> & { id: RuleId | undefined; field?: string }) => void;

/** The schema hooks, as rules see them: with an emit that takes only declared ids. */
interface SchemaChecks {
  checkSchema?(pair: SchemaPair, emit: SchemaEmit): void;
  /** What checkSchema reads of the pair's schemas; it runs only where one of these differs (schema/pairs.ts says how). */
  keywords?: { read: readonly string[]; followed?: readonly string[] };
  checkProperty?(pair: PropertyPair, emit: SchemaEmit): void;
  checkBranch?(pair: BranchPair, emit: SchemaEmit): void;
  checkWrap?(pair: SchemaPair, emit: SchemaEmit): void;
}

/** One finding before levels, lines and consumers are added. */
export interface Finding {
  id: RuleId;
  side: Side;
  pointer: string;
  message: string;
  target: Target;
  everyCaller?: boolean;
  breaksDependents?: boolean;
  /**
   * The keyword constrains nothing where it is written (rules/keyword-target.ts, schema/inert-subtree.ts): info, whatever
   * level its rule has or a severity file gives it.
   */
  inert?: boolean;
  /** A document-level finding's operations: those it moves (a base path gone moves every operation served under it). */
  operations?: string[];
}

export type Emit = (finding: Finding) => void;

export interface DocumentSide {
  doc: Record<string, any>;
  resolver: Resolver;
  operations: Map<string, OperationEntry>;
  /** The version the file was written in: some keywords mean something in 2.0 that 3.x ignores, or the reverse. */
  specVersion: SpecVersion;
  /** Per schema pointer, the keywords of another version's Schema Object the engine read the document without. */
  setAside: Map<string, Record<string, unknown>>;
}

export interface DocumentPair {
  base: DocumentSide;
  revision: DocumentSide;
  /** Today, for sunset dates; passed in so the engine stays a pure function. */
  today: string;
  /** A base path moved between `servers` and `paths` and every operation kept its request URL (request-paths.ts). */
  everyUrlKept?: boolean;
}

export interface OperationPair {
  base: OperationEntry;
  revision: OperationEntry;
  docs: DocumentPair;
}

/** A rule family: the ids it can emit and the hooks where it looks. */
export interface RuleFamily extends SchemaChecks {
  /** The family's file name under rules/, for docs. */
  name?: string;
  rules: readonly RuleDef[];
  checkDocument?(docs: DocumentPair, emit: Emit): void;
  checkOperationRemoved?(base: OperationEntry, docs: DocumentPair, emit: Emit): void;
  checkOperationAdded?(revision: OperationEntry, docs: DocumentPair, emit: Emit): void;
  checkOperation?(pair: OperationPair, emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void;
}

/** Where a compared schema graph hangs in an operation: a parameter, a request body, a response body or header. */
export interface SchemaRoot {
  target: Target;
  node: PairNode;
  /** The parameter or header name, for messages. */
  name?: string;
  /** How messages name the body here where "request"/"response" would mislead: a webhook's payload is sent by the provider. */
  place?: PlaceWords;
}

/** Words for a body and its properties, put where a message says `the response body` or `response property`. */
interface PlaceWords {
  body: string;
  property: string;
}
