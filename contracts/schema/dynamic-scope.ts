// JSON Schema 2020-12's dynamic scope, for 3.1 documents: a `$dynamicRef` whose static target is a `$dynamicAnchor`
// of the same name resolves to the outermost schema on the way in that declares that anchor (a generic list's
// `items`, overridden by the schema that uses the list), so the walk keeps the schemas it has entered.
import { isSchemaObject, type Schema } from './dialect.js';
import { joinPointer } from './pointer.js';
import { conjoin, siblingWeight } from './ref-siblings.js';
import type { Located, Resolver } from './resolve.js';

type Side = 'base' | 'revision';

/** Longest `$ref` chain read for the schemas it passes through (the loader refuses cycles; this only bounds the work). */
const MAX_CHAIN = 32;

interface DynamicScope {
  /** Whether a `$dynamicRef` was resolved through the scope: from then on a pair's result depends on where it is met. */
  readonly active: boolean;
  /** Enters a schema (as written, before its `$ref` is followed) for the pairs compared below it. */
  enter(side: Side, schema: Located<Schema>): void;
  /** Leaves the schemas entered since the depth `mark()` returned. */
  leave(side: Side, depth: number): void;
  mark(side: Side): number;
  /** Where a `$dynamicRef` leads in the current scope; undefined when it resolves statically (no bookend, or no override). */
  resolve(side: Side, schema: Located<Schema>): Located<Schema> | undefined;
  /** Tells scopes apart for the memo: the schemas entered that declare dynamic anchors, outermost first. */
  signature(): string;
}

export function createDynamicScope(resolvers: { base: Resolver; revision: Resolver }): DynamicScope {
  // Entered up to `depth`; slots past it are written over, never cut off: truncating the list at every pair left freed
  // its room, and the next pair's push grew it again (~0.3 MB of Box's diff, for a scope only `$dynamicRef` reads).
  const entered = { base: [] as Located<Schema>[], revision: [] as Located<Schema>[] };
  const depth = { base: 0, revision: 0 };
  /**
   * Per side, per schema as written: the schemas along its `$ref` chain (itself first) that declare a dynamic anchor. Per
   * side, since one object may be written in both documents (a caller's shared part) and leads into each one's own.
   */
  const declaring = { base: new WeakMap<object, Located<Schema>[]>(), revision: new WeakMap<object, Located<Schema>[]>() };
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  let active = false;
  /** Per `$dynamicRef` schema with keywords beside it, per override: the two joined, once, so the walk's memo meets one node. */
  const joined = new WeakMap<object, Map<object, Located<Schema>>>();

  // 2020-12 applies the keywords beside a `$dynamicRef` as well as the schema it resolves to, as it does beside a `$ref`.
  const withSiblings = (side: Side, schema: Located<Schema>, target: Located<Schema>): Located<Schema> => {
    const weight = siblingWeight(schema.node);
    if (weight === 'none') return target;
    const end = resolvers[side].followSchema<Schema>(target.node, target.pointer);
    let byEnd = joined.get(schema.node);
    if (byEnd === undefined) joined.set(schema.node, (byEnd = new Map()));
    let out = byEnd.get(end.node);
    if (out === undefined) {
      const node = isSchemaObject(end.node) ? conjoin([schema, end]) : end.node;
      byEnd.set(end.node, (out = { ...end, node, pointer: weight === 'constraints' ? schema.pointer : end.pointer }));
    }
    return out;
  };

  const declarersOf = (side: Side, start: Located<Schema>): Located<Schema>[] => {
    const known = declaring[side].get(start.node);
    if (known) return known;
    const found: Located<Schema>[] = [];
    let at: Located<Schema> | undefined = start;
    for (let i = 0; at && i < MAX_CHAIN; i++) {
      if (declares(at.node)) found.push(at);
      // Read as the resolver reads it: in 3.1 a `$ref` inside a schema with `$id` names a place in that resource.
      const ref: string | undefined = typeof at.node.$ref === 'string' ? resolvers[side].refOf(at.node) : undefined;
      const next: unknown = ref !== undefined ? resolvers[side].target(ref) : undefined;
      at = isSchemaObject(next) ? { node: next, pointer: ref === '#' || ref?.startsWith('#/') ? ref.slice(1) : at.pointer } : undefined;
    }
    declaring[side].set(start.node, found);
    return found;
  };

  /** The anchors in scope, outermost first, each schema once. */
  const scopeOf = (side: Side): Located<Schema>[] => {
    const out: Located<Schema>[] = [];
    const seen = new Set<object>();
    for (let i = 0; i < depth[side]; i++)
      for (const d of declarersOf(side, entered[side][i]))
        if (!seen.has(d.node)) {
          seen.add(d.node);
          out.push(d);
        }
    return out;
  };

  return {
    get active() {
      return active;
    },
    enter: (side, schema) => void (entered[side][depth[side]++] = schema),
    mark: (side) => depth[side],
    leave: (side, at) => void (depth[side] = at),
    resolve(side, schema) {
      const ref: unknown = schema.node.$dynamicRef;
      if (typeof ref !== 'string' || !ref.startsWith('#') || ref === '#' || ref.startsWith('#/')) return undefined;
      const name = ref.slice(1);
      // The static target first, in the `$dynamicRef`'s own resource (id-refs.ts): not a same-named anchor of another.
      const own = schema.node.$ref === undefined ? resolvers[side].refOf(schema.node) : undefined;
      const bookend = resolvers[side].target(own ?? ref);
      if (!isSchemaObject(bookend) || bookend.$dynamicAnchor !== name) return undefined;
      active = true;
      for (const d of scopeOf(side)) {
        const at = anchorIn(d, name);
        if (at) return withSiblings(side, schema, at);
      }
      return undefined;
    },
    signature() {
      const idsOf = (side: Side) =>
        scopeOf(side)
          .map((d) => {
            let id = ids.get(d.node);
            if (id === undefined) ids.set(d.node, (id = nextId++));
            return id;
          })
          .join(',');
      return `${idsOf('base')}|${idsOf('revision')}`;
    },
  };
}

/** A schema that declares a dynamic anchor itself or in one of its `$defs`. */
function declares(schema: Schema): boolean {
  if (typeof schema.$dynamicAnchor === 'string') return true;
  const defs = schema.$defs;
  return isSchemaObject(defs) && Object.values(defs).some((d) => isSchemaObject(d) && typeof d.$dynamicAnchor === 'string');
}

function anchorIn(schema: Located<Schema>, name: string): Located<Schema> | undefined {
  if (schema.node.$dynamicAnchor === name) return schema;
  const defs = schema.node.$defs;
  if (!isSchemaObject(defs)) return undefined;
  for (const [key, d] of Object.entries(defs))
    if (isSchemaObject(d) && d.$dynamicAnchor === name) return { node: d, pointer: joinPointer(schema.pointer, '$defs', key) };
  return undefined;
}
