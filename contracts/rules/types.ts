// What a rule is and what it may say. Rules never throw or print: they emit findings.
import type { Level, Side, Target } from '../model.js';
import type { OperationEntry } from '../schema/operations.js';
import type { Direction, PairNode, SchemaChecks, SchemaPosition, SchemaWalker } from '../schema/pairs.js';
import type { Resolver } from '../schema/resolve.js';

export type {
  BranchKeyword,
  BranchPair,
  Direction,
  PairNode,
  PropertyPair,
  SchemaChecks,
  SchemaEmit,
  SchemaFinding,
  SchemaPair,
  SchemaPosition,
  SchemaWalker,
} from '../schema/pairs.js';

export interface RuleDef {
  id: string;
  level: Level;
  description: string;
}

/** One finding before levels, lines and consumers are added. */
export interface Finding {
  id: string;
  side: Side;
  pointer: string;
  message: string;
  target: Target;
  everyCaller?: boolean;
  breaksDependents?: boolean;
}

export type Emit = (finding: Finding) => void;

export interface DocumentSide {
  doc: Record<string, any>;
  resolver: Resolver;
  operations: Map<string, OperationEntry>;
}

export interface DocumentPair {
  base: DocumentSide;
  revision: DocumentSide;
  /** Today, for sunset dates; passed in so the engine stays a pure function. */
  today: string;
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
  rules: RuleDef[];
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
}

/** The id a schema rule emits at a position: `request` + `property` + `max-decreased`. */
export function schemaRuleId(direction: Direction, position: SchemaPosition, suffix: string): string {
  const id = position === 'header' ? `${direction === 'request' ? 'request-header' : 'response-header'}-${suffix}` : `${direction}-${position}-${suffix}`;
  return RENAMED_IDS[id] ?? id;
}

/** Where oasdiff names a generated id differently, its name wins so that ignore files carry over. */
const RENAMED_IDS: Record<string, string> = {
  'response-body-enum-value-removed': 'response-mediatype-enum-value-removed',
};
