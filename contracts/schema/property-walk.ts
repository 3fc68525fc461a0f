// The properties of a pair of object schemas being compared: every name either side declares is paired, the property
// checks judge it, and a property both sides keep is compared below it. The rest of the pairing is walk.ts's.

import { EMPTY_SCHEMA, isSchemaObject, propertyPointer, type Schema } from './dialect.js';
import { type Direction, type PairNode, type PropertyPair, pushFinding, type SchemaChecks, type SchemaEmit, type SchemaPosition } from './pairs.js';
import type { Located, Resolver } from './resolve.js';
import { flagsOf, isVisible, plainFlags } from './schema-flags.js';

type Side = 'base' | 'revision';
type Compare = (base: Located<Schema>, revision: Located<Schema>, direction: Direction, position: SchemaPosition) => PairNode;
/** The node `compare` gives two schemas written alike (walk.ts's unchanged test), or undefined when they may differ. */
type Unchanged = (base: unknown, revision: unknown) => PairNode | undefined;

const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

// The findings of schema-values.ts on a property's own `default`.
const PROPERTY_DEFAULT = /^(request|response)-property-default-value-(added|removed|changed)$/;

/**
 * A property the revision requires is always sent, and always returned: its `default` is never assumed, so a change to
 * it is no finding (as for a required parameter, rules/parameters.ts). The compared node is shared with every place
 * the same pair is met, where the property may be optional: this place gets a copy without those findings.
 */
export function withoutAssumedDefault(child: PairNode): PairNode {
  if (!child.local.some((f) => PROPERTY_DEFAULT.test(f.id))) return child;
  return { ...child, local: child.local.filter((f) => !PROPERTY_DEFAULT.test(f.id)) };
}

/** `walkProperties` for one comparer: its property checks bound once, its children compared by `compare`. */
export function createPropertyWalk(resolvers: { base: Resolver; revision: Resolver }, families: SchemaChecks[], compare: Compare, unchanged: Unchanged) {
  // Bound once: reading a differently shaped family's method at every property was dearer than the checks.
  const propertyChecks = families.flatMap((f) => (f.checkProperty ? [f.checkProperty.bind(f)] : []));

  const walkProperties = (b: Located<Schema>, r: Located<Schema>, direction: Direction, position: SchemaPosition, node: PairNode) => {
    const bNames = b.node.properties == null ? NO_NAMES : Object.keys(b.node.properties);
    const rNames = r.node.properties == null ? NO_NAMES : Object.keys(r.node.properties);
    if (bNames.length === 0 && rNames.length === 0) return;
    const parents = { base: b.pointer, revision: r.pointer };
    const breq: unknown[] = Array.isArray(b.node.required) ? b.node.required : NO_NAMES;
    const rreq: unknown[] = Array.isArray(r.node.required) ? r.node.required : NO_NAMES;
    // One emitter for every property of this pair, naming the one being checked: checks emit only while they run.
    let name = '';
    const emit: SchemaEmit = (f) => pushFinding(node, f, name);
    // One pair for every property of this parent, refilled for each: the checks read it only while they run (PropertyPair).
    const pair: PropertyPair = {
      name,
      base: undefined,
      revision: undefined,
      present: { base: undefined, revision: undefined },
      resolved: { base: undefined, revision: undefined },
      flags: { base: undefined, revision: undefined },
      required: { base: false, revision: false },
      direction,
      position,
      parents,
    };
    // The base's names, then the revision's new ones: the order a set of both would give, without building it.
    for (let n = 0; n < bNames.length + rNames.length; n++) {
      name = n < bNames.length ? bNames[n] : rNames[n - bNames.length];
      if (n >= bNames.length && bNames.length > 0 && Object.hasOwn(b.node.properties, name)) continue;
      if (n < bNames.length && passedOver(b, r, name, breq, rreq, direction, node)) continue;
      const inBase = declaredProperty(b, name);
      const inRevision = declaredProperty(r, name);
      if (!inBase && !inRevision) continue;
      const baseFlags = inBase && flagsOf(inBase.node, inBase.pointer, resolvers.base);
      const revisionFlags = inRevision && flagsOf(inRevision.node, inRevision.pointer, resolvers.revision);
      const base = baseFlags && isVisible(baseFlags, direction) ? inBase : undefined;
      const revision = revisionFlags && isVisible(revisionFlags, direction) ? inRevision : undefined;
      pair.name = name;
      pair.base = base;
      pair.revision = revision;
      pair.present.base = inBase;
      pair.present.revision = inRevision;
      pair.resolved.base = inBase && followProperty('base', inBase);
      pair.resolved.revision = inRevision && followProperty('revision', inRevision);
      pair.flags.base = baseFlags;
      pair.flags.revision = revisionFlags;
      pair.required.base = breq.includes(name);
      pair.required.revision = rreq.includes(name);
      for (let i = 0; i < propertyChecks.length; i++) propertyChecks[i](pair, emit);
      if (!base || !revision) continue;
      const child = compare(base, revision, direction, position);
      node.edges.push({ field: name, child: pair.required.revision ? withoutAssumedDefault(child) : child });
    }
  };

  /**
   * A property both versions write alike (every `$ref` it reaches included) and require alike: its flags, and so every
   * property check, read the same on both sides and find nothing, and `compare` would answer the shared unchanged node.
   * Most properties of a changed object are such (Box: 1,520 of 2,368), so they are passed over before their pointers,
   * flags and checks are built; the edge is kept where `compare`'s would be, since a field path is read along edges.
   */
  const passedOver = (b: Located<Schema>, r: Located<Schema>, name: string, breq: unknown[], rreq: unknown[], direction: Direction, node: PairNode) => {
    const bs = b.node.properties[name];
    const rs = r.node.properties?.[name];
    if (!isSchemaObject(bs) || !isSchemaObject(rs) || breq.includes(name) !== rreq.includes(name)) return false;
    const child = unchanged(bs, rs);
    if (child === undefined) return false;
    const flags = plainFlags(bs) ?? flagsOf(bs, propertyPointer(b, name), resolvers.base);
    if (isVisible(flags, direction)) node.edges.push({ field: name, child });
    return true;
  };

  const declaredProperty = (parent: Located<Schema>, name: string): Located<Schema> | undefined => {
    const raw = parent.node.properties?.[name];
    return isSchemaObject(raw) ? { node: raw, pointer: propertyPointer(parent, name) } : undefined;
  };

  // A property written in place is its own schema: asking the resolver would only allocate a location to read it from.
  const followProperty = (side: Side, located: Located<Schema>): Schema =>
    located.node.$ref === undefined && located.node.$dynamicRef === undefined
      ? located.node
      : (resolvers[side].followSchema<Schema>(located.node, located.pointer).node ?? EMPTY_SCHEMA);

  return walkProperties;
}
