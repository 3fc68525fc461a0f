// Whether a schema admits null, read the way JSON Schema and OpenAPI 3.0.3 read it: through its type, enum or const,
// else through its alternatives; a schema that says none of these admits every value, null among them.
import { describedTypes, isSchemaObject, readTypes, type Schema } from './dialect.js';
import type { Resolver } from './resolve.js';

/** Alternatives nested deeper than this are not read: a document that nests them so is judged by its type change. */
const MAX_DEPTH = 4;

/**
 * True or false where the schema decides it; `any` where nothing in it constrains the value's type (null is valid, and so
 * is everything else: a change to or from it is a type change, and 3.0's `nullable` there adds nothing); undefined where
 * it cannot be told (a `not`, or alternatives nested too deep). A schema's own `allOf` is merged before this is asked;
 * an alternative's is read here.
 *
 * 3.0's `nullable: true` beside `oneOf`/`anyOf` and no `type` admits null: 3.0.0 to 3.0.2 say it "allows sending a null
 * value for the defined schema", tooling may not tell 3.0 patch versions apart, and the documents that write it (Stripe's
 * `anyOf: [$ref], nullable: true`) mean and send null. 3.0.3 would have it do nothing there; docs/ENGINE.md says why not.
 */
export function admitsNull(schema: Schema, resolver: Resolver | undefined, nullableKeyword: boolean, depth = 0): Answer {
  const read = readTypes(schema, nullableKeyword);
  if (read.types.length > 0 || schema.type !== undefined || schema.enum !== undefined) {
    // An enum beside a type that lists "null" restricts it (JSON Schema): null is valid only where the enum lists it. A 3.0
    // `nullable` beside an enum is read as 3.0.0 wrote it, admitting null (docs/ENGINE.md says why).
    const byNullable = nullableKeyword && schema.nullable === true;
    if (read.nullable && !byNullable && Array.isArray(schema.enum) && !schema.enum.includes(null)) return false;
    return read.nullable;
  }
  // A 3.0 schema that lists properties (or items) with no type is read as the object its author wrote, which `nullable`
  // alone makes nullable: as beside alternatives below, the documents that write it mean it. 3.1 has no such word.
  if (nullableKeyword && describedTypes(schema).length > 0) return read.nullable;
  if (schema.const !== undefined) return schema.const === null;
  if (schema.not !== undefined) return undefined;
  // Asked of every pair the walk compares: the common answers are given before any list is built.
  const composed = Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);
  if (!composed && !Array.isArray(schema.allOf)) return 'any';
  if (composed && read.nullable) return true;
  if (resolver === undefined || depth >= MAX_DEPTH) return undefined;
  const alternatives = [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])];
  const parts = Array.isArray(schema.allOf) ? schema.allOf : [];
  const ask = (s: unknown): Answer => {
    const node = resolver.followSchema(s, '').node;
    return isSchemaObject(node) ? admitsNull(node, resolver, nullableKeyword, depth + 1) : undefined;
  };
  // Every part of an allOf must admit null (a member's allOf is not merged before this is asked), and one alternative.
  const answers = parts.map(ask);
  if (answers.includes(false)) return false;
  if (alternatives.length > 0) {
    const chosen = alternatives.map(ask);
    answers.push(chosen.some((a) => a === true || a === 'any') ? true : chosen.includes(undefined) ? undefined : false);
  }
  if (answers.includes(false)) return false;
  if (answers.includes(undefined)) return undefined;
  return answers.every((a) => a === 'any') ? 'any' : true;
}

type Answer = boolean | 'any' | undefined;
