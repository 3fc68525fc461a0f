// Following local `$ref`s. The engine keeps references in the document and follows them as it
// walks, so recursive schemas cost nothing and every node keeps the pointer where it is written.

import { type IdIndex, indexIdRefs, nowhere } from './id-refs.js';
import { escapeToken, resolvePointer } from './pointer.js';
import { conjoin, siblingWeight } from './ref-siblings.js';

export interface Located<T = any> {
  node: T;
  pointer: string;
  /** The component name when the node was reached through a `$ref` (`#/components/schemas/Pet` -> `Pet`). */
  refName?: string;
}

const EMPTY = Object.freeze({});
/** OpenAPI 3.1's default `jsonSchemaDialect`. */
export const OAS_31_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';
/** A component's own pointer: `/components/schemas/Pet`. */
const COMPONENT = /^\/components\/[^/]+\/[^/]+$/;

export class Resolver {
  /** What each pointer asked about names, undefined included: `has` and `target` are asked again for every pair met. */
  private readonly values = new Map<string, unknown>();
  /** Where each `$ref` met so far ends: a long chain is walked once, not at every use. */
  private readonly ends = new Map<string, Located>();
  /** Where each anchor (`$anchor`, `$dynamicAnchor`) sits, first in document order: one walk of the document, when first needed. */
  private anchors: Map<string, string> | undefined;
  /** OpenAPI 3.1 (JSON Schema 2020-12): keywords beside a schema's `$ref` apply too, and a `$ref` may name a schema by its `$id`. */
  readonly is31: boolean;
  /**
   * 3.1 only: per `$ref` whose meaning an `$id` sets (one by URI, or one written inside a schema resource), the local
   * reference of the schema it names. One walk of the document, when its first `$ref` is met.
   */
  private idIndex: IdIndex | undefined;
  /**
   * Per `$ref` node and place, what `followSchema` gave: the walk asks again for every pair and branch that meets it.
   * A Map, not a WeakMap: a resolver lives for one diff, and the collector handles weak tables apart at every pass.
   */
  private readonly followed = new Map<object, Map<string, Located>>();

  /**
   * Whether a `$ref` followed so far names something inside a schema or an operation rather than a component of its own
   * (`#/components/schemas/Pet/properties/id`): then that place is met both where it is written and through the `$ref`,
   * and the walk's place memo (`place-memo.ts`), which takes every schema written in place to be met there only, stops.
   */
  refsInside = false;

  /** The JSON Schema dialect a schema without `$schema` is read in: 3.1's `jsonSchemaDialect`, or its default; none before 3.1. */
  readonly dialect: string | undefined;

  /**
   * `anchors: false`: the loader saw no `$anchor` or `$dynamicAnchor` in the document, so the index is empty without a walk
   * (one string in an example that reads like `#c5ed1b` cost Cloudflare's diff a walk of each 4 MB side).
   */
  constructor(
    private readonly doc: unknown,
    options: { anchors?: boolean } = {},
  ) {
    if (options.anchors === false) this.anchors = new Map();
    const version = (doc as { openapi?: unknown } | null)?.openapi;
    this.is31 = typeof version === 'string' && version.startsWith('3.1');
    const written = (doc as { jsonSchemaDialect?: unknown } | null)?.jsonSchemaDialect;
    this.dialect = !this.is31 ? undefined : typeof written === 'string' ? written : OAS_31_DIALECT;
  }

  /**
   * Follows a chain of `$ref`s from a node, however long (the loader refuses chains that loop; on a
   * document that did not go through it, a loop stops where it closes). A reference to nothing
   * reads as an empty schema.
   */
  follow<T = any>(node: unknown, pointer: string): Located<T> {
    const first = this.refOf(node);
    if (first === undefined) return { node: (node ?? EMPTY) as T, pointer };
    const known = this.ends.get(first);
    if (known) return known as Located<T>;
    const chain = new Set<string>();
    let ref: string | undefined = first;
    let end: Located = { node: EMPTY, pointer };
    while (ref !== undefined && !chain.has(ref)) {
      chain.add(ref);
      const done = this.ends.get(ref);
      if (done) {
        end = done;
        break;
      }
      const at = ref.startsWith('#/') || ref === '#' ? ref.slice(1) : (this.anchorAt(ref.slice(1)) ?? nowhere(ref.slice(1)));
      if (!COMPONENT.test(at)) this.refsInside = true;
      end = { node: this.lookup(at), pointer: at, refName: ref.slice(ref.lastIndexOf('/') + 1) };
      ref = this.refOf(end.node);
    }
    for (const r of chain) this.ends.set(r, end);
    return end as Located<T>;
  }

  /**
   * A schema's `$ref` chain followed, as `follow` does; in a 3.1 document the keywords beside each `$ref` of the
   * chain are joined to its end (`ref-siblings.ts`). Where they constrain the value, the merge is a schema of its
   * own, located at the first `$ref` whose siblings constrain; where they are only flags (readOnly, deprecated), it
   * keeps the end's place, since what is compared there is the end's content. Non-schema Reference Objects use `follow`: their
   * `summary` and `description` only document.
   */
  followSchema<T = any>(node: unknown, pointer: string): Located<T> {
    const end = this.follow<T>(node, pointer);
    if (!this.is31) return end;
    const ref = this.refOf(node);
    if (ref === undefined || this.isOneBareStep(node, ref, end)) return end;
    // Kept per place as well as per node: a merge records where the properties written beside the `$ref` are.
    let byPlace = this.followed.get(node as object);
    if (byPlace === undefined) this.followed.set(node as object, (byPlace = new Map()));
    let out = byPlace.get(pointer);
    if (out === undefined) {
      const merge = this.mergeChain({ node, pointer }, end);
      byPlace.set(pointer, (out = merge === null ? end : { ...end, node: merge.node, pointer: merge.at ?? end.pointer }));
    }
    return out as Located<T>;
  }

  /**
   * A bare `{ $ref }` naming a schema that is not a reference itself: nothing to join, so no merge to look for
   * or keep. Most references are this, and the walk meets each at every pair and branch.
   */
  private isOneBareStep(node: unknown, ref: string, end: Located): boolean {
    if (!ref.startsWith('#/') || end.pointer !== ref.slice(1) || this.refOf(end.node) !== undefined) return false;
    for (const key in node as object) if (key !== '$ref') return false;
    return true;
  }

  /** The keywords beside each `$ref` of a chain joined to its end; null when none of them says anything. */
  private mergeChain(start: Located, end: Located): { node: object; at: string | undefined } | null {
    const parts: Located[] = [];
    let constrained: string | undefined;
    const seen = new Set<unknown>();
    let step: Located | undefined = start;
    while (step && this.refOf(step.node) !== undefined && !seen.has(step.node)) {
      seen.add(step.node);
      const weight = siblingWeight(step.node);
      if (weight !== 'none') parts.push(step);
      if (weight === 'constraints') constrained ??= step.pointer;
      const ref: string = this.refOf(step.node)!;
      const target = this.target(ref);
      step = target === undefined ? undefined : { node: target, pointer: ref.startsWith('#/') ? ref.slice(1) : (this.anchorAt(ref.slice(1)) ?? '') };
    }
    return parts.length === 0 ? null : { node: conjoin([...parts, end]), at: constrained };
  }

  /**
   * A node's `$ref` as a local reference (`#/pointer` or `#anchor`), or 3.1's `$dynamicRef` read statically (it names
   * the schema whose anchor it gives, as a `$ref` would); in 3.1 a `$ref` by URI that names a schema of this document
   * by its `$id` is given as the pointer of that schema. Undefined for no reference, or one outside the document.
   */
  refOf(node: unknown): string | undefined {
    if (!node || typeof node !== 'object') return undefined;
    const { $ref, $dynamicRef } = node as { $ref?: unknown; $dynamicRef?: unknown };
    const ref = $ref ?? $dynamicRef;
    if (typeof ref !== 'string') return undefined;
    if (ref.startsWith('#')) {
      if (!this.is31) return ref;
      const ids = (this.idIndex ??= indexIdRefs(this.doc));
      return ids.embedded ? (ids.refs.get(node) ?? ref) : ref;
    }
    if (!this.is31 || ref !== $ref) return undefined;
    this.idIndex ??= indexIdRefs(this.doc);
    return this.idIndex.refs.get(node);
  }

  /**
   * Whether a schema of this 3.1 document declares an `$id`: then a fragment-only `$ref` may mean a place inside that
   * resource, which its text alone does not say.
   */
  hasResources(): boolean {
    if (!this.is31) return false;
    this.idIndex ??= indexIdRefs(this.doc);
    return this.idIndex.embedded;
  }

  /** What a local `$ref` (or a `$dynamicRef`'s anchor) names, one step (not the end of a chain); undefined when it names nothing. */
  target(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    if (ref === '#' || ref.startsWith('#/')) return this.valueAt(ref.slice(1));
    const at = this.anchorAt(ref.slice(1));
    return at === undefined ? undefined : this.valueAt(at);
  }

  /** The pointer of the first schema, in document order, whose `$dynamicAnchor` or `$anchor` is `name`. */
  private anchorAt(name: string): string | undefined {
    this.anchors ??= indexAnchors(this.doc);
    return this.anchors.get(name);
  }

  /**
   * Whether `node` is written at `pointer` in this document. One object may be written at two places (a YAML alias), and
   * a pointer the walk builds below a merge may name no place at all: only a real place deserves findings of its own.
   */
  isAt(pointer: string, node: unknown): boolean {
    return resolvePointer(this.doc, pointer) === node;
  }

  /** Whether a `$ref` names something in this document (a component renamed away does not). */
  has(ref: string): boolean {
    return ref.startsWith('#') && this.valueAt(ref.slice(1)) !== undefined;
  }

  private lookup(pointer: string): unknown {
    return this.valueAt(pointer) ?? EMPTY;
  }

  private valueAt(pointer: string): unknown {
    let value = this.values.get(pointer);
    if (value === undefined && !this.values.has(pointer)) this.values.set(pointer, (value = resolvePointer(this.doc, pointer)));
    return value;
  }
}

/**
 * Every anchor to where it sits, the first in document order winning: one walk serves every lookup.
 * The walk keeps the keys on a stack and writes a pointer only where an anchor is: a pointer string
 * per node of a 4 MB document was most of the cost of the walk.
 */
function indexAnchors(doc: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const keys: (string | number)[] = [];
  // Run once per document when a `$ref` is no pointer (a string such as "#c5ed1b" in an example is read as one), and
  // so over every node of a 4 MB contract: keys are met with for...in, no array of them is made per object, no scalar
  // is entered, and an object's anchors are read by name only when one of its keys is an anchor.
  const visit = (node: object): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item === null || typeof item !== 'object') continue;
        keys.push(i);
        visit(item);
        keys.pop();
      }
      return;
    }
    const n = node as Record<string, unknown>;
    let anchored = false;
    for (const key in n) if (key === '$anchor' || key === '$dynamicAnchor') anchored = true;
    // Before its members, as a pointer to this object is shorter than any below it.
    if (anchored) {
      if (typeof n.$dynamicAnchor === 'string' && !found.has(n.$dynamicAnchor)) found.set(n.$dynamicAnchor, pointerOf(keys));
      if (typeof n.$anchor === 'string' && !found.has(n.$anchor)) found.set(n.$anchor, pointerOf(keys));
    }
    for (const key in n) {
      const value = n[key];
      if (value === null || typeof value !== 'object') continue;
      keys.push(key);
      visit(value);
      keys.pop();
    }
  };
  if (doc !== null && typeof doc === 'object') visit(doc);
  return found;
}

function pointerOf(keys: (string | number)[]): string {
  let out = '';
  for (const key of keys) out += `/${escapeToken(key)}`;
  return out;
}
