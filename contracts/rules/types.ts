// What a rule is and what it may say. Rules never throw or print: they emit findings.
import type { Level, Side, Target } from '../model.js';
import type { OperationEntry } from '../operations.js';
import type { Located, Resolver } from '../resolve.js';
import type { Schema } from '../schema.js';

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

/** Where a schema sits: it decides rule ids (`request-property-...`) and direction. */
export type SchemaPosition = 'body' | 'property' | 'parameter' | 'parameter-property' | 'header';
export type Direction = 'request' | 'response';

/** A schema finding relative to where the walk started: the caller adds the target. */
export interface SchemaFinding {
  id: string;
  side: Side;
  pointer: string;
  message: string;
  /** Field path below the walk's root (`address.city`, `items[]`), '' for the root itself. */
  field: string;
  everyCaller?: boolean;
  breaksDependents?: boolean;
}

export interface SchemaPair {
  base: Located<Schema>;
  revision: Located<Schema>;
  direction: Direction;
  position: SchemaPosition;
  field: string;
  /** The schema describes an XML body, where an element's text and its structure are interchangeable. */
  xml?: boolean;
  /** Whether this property is required by its parent, in each version (undefined at the root). */
  required?: { base: boolean; revision: boolean };
}

export type SchemaEmit = (finding: Omit<SchemaFinding, 'field'> & { field?: string }) => void;

/** A property seen in either version of an object schema. `field` is the property's own path. */
export interface PropertyPair {
  name: string;
  /** The property where it is part of this direction's payload (not readOnly in a request, not writeOnly in a response). */
  base?: Located<Schema>;
  revision?: Located<Schema>;
  /** The property wherever it is declared, visible or not. */
  present: { base?: Located<Schema>; revision?: Located<Schema> };
  /** The declared property's schema with its `$ref` followed. */
  resolved: { base?: Schema; revision?: Schema };
  required: { base: boolean; revision: boolean };
  direction: Direction;
  position: SchemaPosition;
  /** Pointers of the two parent objects, for findings about a property that exists on one side only. */
  parents: { base: string; revision: string };
}

export type BranchKeyword = 'oneOf' | 'anyOf' | 'allOf';

/** A `oneOf`/`anyOf`/`allOf` branch seen in either version. */
export interface BranchPair {
  keyword: BranchKeyword;
  base?: Located<Schema>;
  revision?: Located<Schema>;
  /** The branch with its `$ref` followed. */
  resolved: { base?: Schema; revision?: Schema };
  direction: Direction;
  position: SchemaPosition;
  parents: { base: string; revision: string };
  /** How many branches of this keyword each version has. */
  counts: { base: number; revision: number };
}

/** A rule family: the ids it can emit and the hooks where it looks. */
export interface RuleFamily {
  /** The family's file name under rules/, for docs. */
  name?: string;
  rules: RuleDef[];
  checkDocument?(docs: DocumentPair, emit: Emit): void;
  checkOperationRemoved?(base: OperationEntry, docs: DocumentPair, emit: Emit): void;
  checkOperationAdded?(revision: OperationEntry, docs: DocumentPair, emit: Emit): void;
  checkOperation?(pair: OperationPair, emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void;
  checkSchema?(pair: SchemaPair, emit: SchemaEmit): void;
  checkProperty?(pair: PropertyPair, emit: SchemaEmit): void;
  checkBranch?(pair: BranchPair, emit: SchemaEmit): void;
  /** An object schema whose revision is only a set of `oneOf` alternatives: the walk stops there. */
  checkWrap?(pair: SchemaPair, emit: SchemaEmit): void;
}

/** One compared pair of schema nodes: what the rules found here, and the pairs below it. */
export interface PairNode {
  local: SchemaFinding[];
  /** Children by field segment (`name`, `[]`, `*`; '' for a composition branch of the same value). */
  edges: { field: string; child: PairNode }[];
}

/** Compares two schemas below a root position; the graph it returns is shared by every operation that reaches it. */
export type SchemaWalker = (
  base: Located<Schema>,
  revision: Located<Schema>,
  direction: Direction,
  position: 'body' | 'parameter' | 'header',
  options?: { xml?: boolean },
) => PairNode;

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
