// A multipart or form body is not one value on one wire: each of its fields travels as a part of its own, as text or as
// JSON by its media type (Encoding Object `contentType`, or the default its schema implies). A text part carries the
// integer 5 and the string "5" as the same characters, a JSON part does not, so each field is compared on its own wire.
import { propertyPointer, type Schema } from '../schema/dialect.js';
import type { Direction, PairNode } from '../schema/pairs.js';
import { withoutAssumedDefault } from '../schema/property-walk.js';
import type { Located, Resolver } from '../schema/resolve.js';
import { writesStyle } from './body-encoding.js';
import type { MediaEntry } from './media.js';
import { contentTypes } from './part-content-type.js';
import type { SchemaWalker } from './types.js';

type Node = Record<string, any>;

const FORM = 'application/x-www-form-urlencoded';

/** Where a body's fields travel: the wire its root is walked on, and the fields whose wire is the other one. */
interface PartWires {
  text: boolean;
  apart: string[];
}

/**
 * The wires of a form or multipart body's fields, undefined for any other body. A form writes its fields as text (the
 * form style, as a query parameter), save one whose entry names another media type (JSON writes "5" with its quotes); a
 * multipart part is text only where both versions send it as `text/plain` (a primitive's default), otherwise it is
 * compared as JSON, as every other body is (a binary part has no text to widen).
 */
export function partWires(key: string, base: MediaEntry, revision: MediaEntry, resolvers: { base: Resolver; revision: Resolver }): PartWires | undefined {
  const form = key === FORM;
  if (!form && !key.startsWith('multipart/')) return undefined;
  const sides = { base: fieldsOf(base, resolvers.base), revision: fieldsOf(revision, resolvers.revision) };
  const apart: string[] = [];
  for (const name of Object.keys(sides.base.properties)) {
    if (!Object.hasOwn(sides.revision.properties, name)) continue;
    // A 3.1 multipart/form-data part given a `style` is written as a form field is: text, its media type ignored.
    const styled = (e: unknown, is31: boolean) => is31 && key === 'multipart/form-data' && writesStyle(e as Node);
    const text =
      (styled(base.node.encoding?.[name], resolvers.base.is31) || isText(form, base.node.encoding?.[name], sides.base.schemaOf(name))) &&
      (styled(revision.node.encoding?.[name], resolvers.revision.is31) || isText(form, revision.node.encoding?.[name], sides.revision.schemaOf(name)));
    if (text !== form) apart.push(name);
  }
  return { text: form, apart };
}

/** A field's wire in one version: a form's is text unless its entry names a type other than text/plain. */
function isText(form: boolean, entry: Node | undefined, schema: Node | undefined): boolean {
  const e = entry !== null && typeof entry === 'object' ? entry : {};
  if (form) return e.contentType === undefined || isPlainText(contentTypes(e, schema));
  return isPlainText(contentTypes(e, schema));
}

const isPlainText = (types: string[] | undefined) => types !== undefined && types.length > 0 && types.every((t) => t === 'text/plain');

/**
 * The body's node with each field of `apart` compared again on its own wire, in place of the comparison the body's wire
 * gave it. The node is shared by every place the same pair is met, so it is copied, never changed. A field declared only
 * through `allOf` is not found here and keeps the body's wire.
 */
export function withPartsWalked(
  node: PairNode,
  wires: PartWires,
  base: MediaEntry,
  revision: MediaEntry,
  walk: SchemaWalker,
  resolvers: { base: Resolver; revision: Resolver },
  direction: Direction,
): PairNode {
  if (wires.apart.length === 0 || node.edges.length === 0) return node;
  const sides = { base: fieldsOf(base, resolvers.base), revision: fieldsOf(revision, resolvers.revision) };
  const required: unknown[] = Array.isArray(sides.revision.schema?.node.required) ? sides.revision.schema.node.required : [];
  let edges: PairNode['edges'] | undefined;
  for (let i = 0; i < node.edges.length; i++) {
    const { field } = node.edges[i];
    if (!wires.apart.includes(field)) continue;
    const b = sides.base.located(field);
    const r = sides.revision.located(field);
    if (!b || !r) continue;
    const child = walk(b, r, direction, 'property', { text: !wires.text });
    edges ??= node.edges.slice();
    edges[i] = { field, child: required.includes(field) ? withoutAssumedDefault(child) : child };
  }
  return edges ? { local: node.local, edges } : node;
}

/** A body's schema with its `$ref` followed, its declared properties, and each one located and resolved by name. */
function fieldsOf(m: MediaEntry, resolver: Resolver) {
  const schema = m.node.schema === null || typeof m.node.schema !== 'object' ? undefined : resolver.follow<Schema>(m.node.schema, `${m.pointer}/schema`);
  const properties: Node = schema?.node && typeof schema.node.properties === 'object' && schema.node.properties !== null ? schema.node.properties : {};
  const located = (name: string): Located<Schema> | undefined => {
    const raw = properties[name];
    return schema?.node && raw !== null && typeof raw === 'object' ? { node: raw, pointer: propertyPointer(schema as Located<Schema>, name) } : undefined;
  };
  const schemaOf = (name: string): Node | undefined => {
    const raw = properties[name];
    return raw !== null && typeof raw === 'object' ? (resolver.follow<Node>(raw, '').node ?? undefined) : undefined;
  };
  return { schema, properties, located, schemaOf };
}
