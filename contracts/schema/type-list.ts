// A "list of types" (`oneOf: [{type: string}, {type: integer}]`) read as JSON Schema applies it: `type`, `oneOf` and
// `anyOf` each apply to the value (2020-12 Core 10.2.1), so the types admitted are what all three let through, not
// what any one lists; a value of a type two `oneOf` alternatives both take matches neither.
import { isSchemaObject, NON_INTEGRAL, readTypes, type Schema, typeCovered } from './dialect.js';

// Indexed loops over it: a for...of allocates a result per step in code V8 has not optimised, and this runs per schema.
const ALTERNATIVES = ['oneOf', 'anyOf'] as const;

/** Per side, whether its document reads 3.0's `nullable` (see readTypes). */
export type NullableKeyword = { base: boolean; revision: boolean };
const BOTH_READ: NullableKeyword = { base: true, revision: true };

/** Both schemas are type lists, or one is and the other a plain type: compared as sets of types. */
export function typeListPair(b: Schema, r: Schema, keyword: NullableKeyword = BOTH_READ): { base: string[]; revision: string[] } | undefined {
  const bl = composedTypeList(b, keyword.base);
  const rl = composedTypeList(r, keyword.revision);
  if (!bl && !rl) return undefined;
  const plain = (s: Schema, nullableKeyword: boolean) => {
    if (s.oneOf !== undefined || s.anyOf !== undefined || s.type === undefined) return undefined;
    const t = readTypes(s, nullableKeyword);
    return t.nullable ? [...t.types, 'null'].sort() : t.types;
  };
  const base = bl ?? plain(b, keyword.base);
  const revision = rl ?? plain(r, keyword.revision);
  return base && revision ? { base, revision } : undefined;
}

/** The types of `to` that admit values `from` did not, named as `to` writes them (`integer` where `from` took fractions only). */
export function typesGained(from: string[], to: string[]): string[] {
  return to.flatMap((t) => (typeCovered(t, from) ? [] : t === 'number' && from.includes(NON_INTEGRAL) ? ['integer'] : [t]));
}

/** Whether the schema is a list of types whose `type`, `oneOf` and `anyOf` let no type through together. */
export function sharesNoType(schema: Schema): boolean {
  return composedTypeList(schema)?.length === 0;
}

const TYPE_ONLY_KEYS = new Set(['type', 'title', 'description', 'nullable']);

// The kinds of value a type name stands for: `number` is its integral values (which `integer` names too) and the rest.
const KINDS: Readonly<Record<string, readonly string[]>> = {
  null: ['null'],
  boolean: ['boolean'],
  string: ['string'],
  object: ['object'],
  array: ['array'],
  integer: ['integer'],
  number: ['integer', 'fraction'],
};

/**
 * The types a schema admits when it is a list of types: `oneOf`/`anyOf` alternatives that say nothing but a type, and
 * perhaps a `type` beside them. Undefined for anything else. `oneOf: [{type: integer}, {type: number}]` takes fractions
 * only: it is listed as NON_INTEGRAL, so that `number` written for it is a widening and not two alternatives removed.
 */
function composedTypeList(schema: Schema, nullableKeyword = true): string[] | undefined {
  if (schema.oneOf === undefined && schema.anyOf === undefined) return undefined;
  // Asked three times per pair with alternatives, and most alternatives are more than a type (a 3.1 `oneOf` of a
  // `$ref` and `{type: 'null'}`): they are told apart before anything is built.
  if (!onlyTypes(schema.oneOf) || !onlyTypes(schema.anyOf)) return undefined;
  let kinds: Set<string> | undefined;
  if (schema.type !== undefined) {
    const own = readTypes(schema, false);
    kinds = kindsOf(own.types, own.nullable);
  }
  for (let at = 0; at < ALTERNATIVES.length; at++) {
    const keyword = ALTERNATIVES[at];
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    const counts = new Map<string, number>();
    for (const b of list as Schema[])
      for (const kind of kindsOf([b.type], nullableKeyword && b.nullable === true)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    // A value must match exactly one `oneOf` alternative, at least one `anyOf` alternative.
    const taken = new Set([...counts].filter(([, n]) => keyword === 'anyOf' || n === 1).map(([kind]) => kind));
    kinds = kinds === undefined ? taken : new Set([...kinds].filter((kind) => taken.has(kind)));
  }
  // 3.0's `nullable: true` beside alternatives admits null whatever they say (admits-null.ts says why).
  if (nullableKeyword && schema.nullable === true) kinds!.add('null');
  return namesOf(kinds!);
}

function kindsOf(types: readonly string[], nullable: boolean): Set<string> {
  const kinds = new Set<string>(nullable ? ['null'] : []);
  for (const t of types) for (const kind of KINDS[t] ?? [t]) kinds.add(kind);
  return kinds;
}

function namesOf(kinds: Set<string>): string[] {
  if (!kinds.delete('fraction')) return [...kinds].sort();
  const number = kinds.delete('integer') ? 'number' : NON_INTEGRAL;
  return [...kinds, number].sort();
}

/** Whether every alternative of a list (if it is one) says nothing but a type. */
function onlyTypes(list: unknown): boolean {
  if (!Array.isArray(list)) return true;
  for (let i = 0; i < list.length; i++) {
    const b = list[i];
    if (!isSchemaObject(b) || typeof b.type !== 'string') return false;
    for (const key in b) if (!TYPE_ONLY_KEYS.has(key)) return false;
  }
  return true;
}
