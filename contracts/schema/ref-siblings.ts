// OpenAPI 3.1 schemas are JSON Schema 2020-12, where `$ref` is an applicator: the keywords written beside it apply
// as well as the schema it names (`{ $ref: Name, maxLength: 10 }` is both). 3.0 and 2.0 ignore them, by their spec.
import { PROPERTY_POINTERS, propertyPointer, type Schema } from './dialect.js';
import { combineKeyword, settleExclusiveFlags } from './keyword-merge.js';
import { putOwn } from './own-key.js';
import { joinPointer } from './pointer.js';
import type { Located } from './resolve.js';

/** Beside a `$ref` these name, hold or describe schemas and constrain nothing: they alone do not make a new schema. */
const INERT = new Set(['$ref', '$dynamicRef', '$id', '$anchor', '$dynamicAnchor', '$schema', '$vocabulary', '$defs', 'definitions', '$comment']);
// `nullable` is 3.0's: 2020-12 has no such keyword, so beside a 3.1 `$ref` it says nothing.
const DOCS = new Set(['title', 'description', 'summary', 'example', 'examples', 'externalDocs', 'nullable']);
/** Flags the property rules read (visibility, deprecation): beside a `$ref` they say nothing new about the value's content. */
const FLAGS = new Set(['readOnly', 'writeOnly', 'deprecated']);

/** What the keywords beside a `$ref` add: nothing, only flags (read by property rules), or constraints on the value. */
export function siblingWeight(node: Schema): 'none' | 'flags' | 'constraints' {
  let weight: 'none' | 'flags' = 'none';
  for (const key in node) {
    if (INERT.has(key) || DOCS.has(key) || key.startsWith('x-')) continue;
    if (!FLAGS.has(key)) return 'constraints';
    weight = 'flags';
  }
  return weight;
}

/**
 * Whether a `$ref` anywhere in the value has keywords beside it that say something (a constraint or a flag): a 3.0
 * reader ignores them and a 3.1 reader applies them, so the same text means two schemas across the two versions.
 * `memo` keeps each object's answer for the life of one diff: the walk asks again at every level below.
 */
export function hasSayingRefSiblings(value: unknown, memo: Map<object, boolean>): boolean {
  if (!value || typeof value !== 'object') return false;
  const known = memo.get(value);
  if (known !== undefined) return known;
  const node = value as Schema;
  let says = !Array.isArray(value) && (typeof node.$ref === 'string' || typeof node.$dynamicRef === 'string') && siblingWeight(node) !== 'none';
  if (!says) for (const key in node) if (hasSayingRefSiblings(node[key], memo)) says = true;
  memo.set(value, says);
  return says;
}

/**
 * One schema saying what the keywords beside each `$ref` of a chain (outermost first) and its end say together:
 * bounds keep the tighter, `required` and `properties` are unioned, `enum` and `type` intersected, flags set by
 * any; any other keyword is taken from the first that writes it (the place of use speaks first). Each property
 * keeps the pointer where it is written.
 */
export function conjoin(parts: Located<Schema>[]): Schema {
  const out: Schema = {};
  const pointers: Record<string, string> = {};
  const properties: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.node)) {
      if (key === '$ref' || key === '$dynamicRef') continue;
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value))
          if (!Object.hasOwn(properties, name)) {
            putOwn(properties, name, value[name]);
            putOwn(pointers, name, propertyPointer(part, name));
          }
      } else if (!(key in out)) {
        out[key] = value;
        noteWhereWritten(value, joinPointer(part.pointer, key));
      } else out[key] = combineKeyword(key, out[key], value);
    }
  }
  settleExclusiveFlags(
    out,
    parts.map((p) => p.node),
  );
  if (Object.keys(properties).length > 0) out.properties = properties;
  Object.defineProperty(out, PROPERTY_POINTERS, { value: pointers, enumerable: false });
  return out;
}

/**
 * Where the subschemas a merge took from its parts are written (a target's `items`, `oneOf` members): a merge is
 * located where its first constraint is, and what the walk finds below it must still point at the lines that say it.
 */
const WRITTEN_AT = new WeakMap<object, string>();

function noteWhereWritten(value: unknown, pointer: string): void {
  if (!value || typeof value !== 'object') return;
  WRITTEN_AT.set(value, pointer);
  if (Array.isArray(value)) value.forEach((v, i) => v && typeof v === 'object' && WRITTEN_AT.set(v, `${pointer}/${i}`));
  else for (const [k, v] of Object.entries(value)) if (v && typeof v === 'object' && !Array.isArray(v)) WRITTEN_AT.set(v, joinPointer(pointer, k));
}

/** Locates a schema met away from where it is written (a copy made for one comparison) at the place it stands for. */
export function pinCopy<T extends object>(copy: T, pointer: string): T {
  WRITTEN_AT.set(copy, pointer);
  return copy;
}

/** The pointer of a subschema a merge holds, where it is written; undefined for any other node. */
export function writtenAt(node: unknown): string | undefined {
  return node && typeof node === 'object' ? WRITTEN_AT.get(node) : undefined;
}
