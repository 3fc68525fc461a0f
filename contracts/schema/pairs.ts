// The shapes of the schema pair walk: what it compares, what it finds, and the hooks it calls.
// They live below rules/ so that the walk knows the hooks' shape without knowing any rule.
import type { Side } from '../model.js';
import type { Schema } from './dialect.js';
import type { Located, Resolver } from './resolve.js';
import type { SchemaFlags } from './schema-flags.js';

/**
 * Where a schema sits: it decides rule ids (`request-property-...`) and direction. A header parameter and the
 * properties of its object schema have places of their own (oasdiff names some of their changes apart); where the
 * rule table declares no id there, the parameter's is used (rules/table.ts).
 */
export type SchemaPosition = 'body' | 'property' | 'parameter' | 'parameter-property' | 'header-parameter' | 'header-parameter-property' | 'header';
export type Direction = 'request' | 'response';

/** The position of a property below a schema at each position: inside a parameter, still the parameter's. */
export const CHILD_POSITION: Record<SchemaPosition, SchemaPosition> = {
  body: 'property',
  property: 'property',
  parameter: 'parameter-property',
  'parameter-property': 'parameter-property',
  'header-parameter': 'header-parameter-property',
  'header-parameter-property': 'header-parameter-property',
  header: 'property',
};

/** The position of an array's items: a parameter's items are its values, still the parameter. */
export const ITEMS_POSITION: Partial<Record<SchemaPosition, SchemaPosition>> = { parameter: 'parameter', 'header-parameter': 'header-parameter' };

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
  /**
   * The keyword constrains nothing where it is written (rules/keyword-target.ts, schema/inert-subtree.ts): info, whatever
   * level its rule has or a severity file gives it.
   */
  inert?: boolean;
}

export interface SchemaPair {
  base: Located<Schema>;
  revision: Located<Schema>;
  direction: Direction;
  position: SchemaPosition;
  field: string;
  /** The schema describes an XML body, where an element's text and its structure are interchangeable. */
  xml?: boolean;
  /**
   * The value travels as text (a `schema` parameter or header, expanded by its style): `5` and `"5"` are the same
   * characters there, so a string admits what a number or boolean did (rules/text-types.ts).
   */
  text?: boolean;
  /** Whether this property is required by its parent, in each version (undefined at the root). */
  required?: { base: boolean; revision: boolean };
  /** Each version's references, for rules that judge a subschema whole (`not`) rather than pair by pair. */
  resolvers?: { base: Resolver; revision: Resolver };
}

/** A finding without an id is one the rule table declares no id for at this place: the walk drops it. */
export type SchemaEmit = (finding: Omit<SchemaFinding, 'field' | 'id'> & { id: string | undefined; field?: string }) => void;

/** A property seen in either version of an object schema. `field` is the property's own path. */
/** Refilled by the walk for each property of a parent (one object per parent, not five per property): a check must not keep it. */
export interface PropertyPair {
  name: string;
  /** The property where it is part of this direction's payload (not readOnly in a request, not writeOnly in a response). */
  base?: Located<Schema>;
  revision?: Located<Schema>;
  /** The property wherever it is declared, visible or not. */
  present: { base?: Located<Schema>; revision?: Located<Schema> };
  /** The declared property's schema with its `$ref` followed. */
  resolved: { base?: Schema; revision?: Schema };
  /** The flags that apply to the declared property, however they are written (schema-flags.ts). */
  flags: { base?: SchemaFlags; revision?: SchemaFlags };
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
  /** The revision's list keyword where it is not the base's (`oneOf` became `anyOf`): the lists are paired as one. */
  revisionKeyword?: BranchKeyword;
  base?: Located<Schema>;
  revision?: Located<Schema>;
  /** The branch with its `$ref` followed. */
  resolved: { base?: Schema; revision?: Schema };
  direction: Direction;
  position: SchemaPosition;
  parents: { base: string; revision: string };
  /** How many branches of this keyword each version has. */
  counts: { base: number; revision: number };
  /** The other version's schema is one of this list's alternatives (schema/wrap-match.ts): this one is beside it. */
  wrapped?: boolean;
  /** For an allOf part: the base's parts merged, which is what the revision's merged schema is compared against. */
  mergedBase?: Schema;
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
  position: 'body' | 'property' | 'parameter' | 'header-parameter' | 'header',
  options?: { xml?: boolean; text?: boolean },
) => PairNode;

/** The hooks the walk calls at each compared pair; a rule family implements the ones it needs. */
export interface SchemaChecks {
  /**
   * Called only where a keyword of `keywords` differs between the pair's two schemas (schema/own-keywords.ts), or on
   * every pair where the family declares none: a check reads the pair's keywords, its property names and what a
   * reference outside `properties` names, and a property's schema only for a name one side lacks (a property both
   * declare is its own pair).
   */
  checkSchema?(pair: SchemaPair, emit: SchemaEmit): void;
  /**
   * The keywords of the pair's two schemas checkSchema reads: where none of `read` differs and none of `followed` holds a
   * reference, it would find nothing, and is not called. `followed`: those whose references it follows, so that one
   * written alike on both sides may name a schema that changed. `test/contracts/rule-keywords.test.ts` holds each family
   * to what it declares.
   */
  keywords?: { read: readonly string[]; followed?: readonly string[] };
  /** Not called for a property both versions write and require alike (schema/property-walk.ts, `passedOver`). */
  checkProperty?(pair: PropertyPair, emit: SchemaEmit): void;
  checkBranch?(pair: BranchPair, emit: SchemaEmit): void;
  /** An object schema whose revision is only a set of `oneOf` alternatives: the walk stops there. */
  checkWrap?(pair: SchemaPair, emit: SchemaEmit): void;
}

/**
 * Every finding of the walk in one shape, written key by key: a spread copied whatever the rule wrote, in its own key
 * order, and left the readers of findings polymorphic.
 */
export function findingAt(id: string, f: Omit<SchemaFinding, 'id' | 'pointer' | 'field'>, pointer: string, field: string): SchemaFinding {
  return { id, side: f.side, pointer, message: f.message, field, everyCaller: f.everyCaller, breaksDependents: f.breaksDependents, inert: f.inert };
}

/** A finding with no id names a change the rule table does not judge at this place. */
export function pushFinding(node: PairNode, f: Parameters<SchemaEmit>[0], field: string): void {
  if (f.id !== undefined) node.local.push(findingAt(f.id, f, f.pointer, f.field ?? field));
}
