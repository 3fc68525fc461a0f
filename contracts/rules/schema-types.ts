// Types, nullability, enums and const: what values a schema admits.
import { admitsNothing } from '../schema/admits-nothing.js';
import { admitsNull } from '../schema/admits-null.js';
import { describedTypes, jsonTypeOf, readTypes, type Schema, typeCovered } from '../schema/dialect.js';
import { type NullableKeyword, typeListPair, typesGained } from '../schema/type-list.js';
import { enumAt } from '../schema/value-list.js';
import { hasList, listTypes } from '../schema/wrap-match.js';
import { enumKeyword, extensibleValues, readsExtensibleAsEnum } from './extensible-enum.js';
import { actingFormatChange, emitForFormat } from './format-target.js';
import { describePlace, isParameterProperty, isParameterRoot } from './schema-ids.js';
import { SCHEMA_TYPES_RULES } from './table/schema-types.js';
import { ruleAt, type SchemaChange } from './table.js';
import { coversAsText } from './text-types.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

export const schemaTypesFamily: RuleFamily = {
  name: 'schema-types',
  rules: SCHEMA_TYPES_RULES,
  // Types are read from `type`, `nullable`, the values listed and the alternatives (followed); what a value looks like
  // (`properties`, `items`) names a type left out; a string's bounds say what travels as text; `contains` beside a closed array admits nothing.
  keywords: {
    read: [
      ...['type', 'nullable', 'enum', 'const', 'x-extensible-enum', 'format', 'oneOf', 'anyOf', 'allOf', 'not'],
      ...['properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'contains', 'minContains', 'maxItems'],
      ...['maxLength', 'minLength', 'pattern'],
    ],
    followed: ['oneOf', 'anyOf', 'allOf'],
  },
  checkSchema(pair, emit) {
    checkTypes(pair, emit);
    checkNullable(pair, emit);
    checkEnum(pair, emit);
    checkFormat(pair, emit);
  },
};

/** 3.0's `nullable` is read in 3.0 and 2.0 documents, not in 3.1 ones (JSON Schema 2020-12 has no such keyword). */
function nullableKeyword(pair: SchemaPair): NullableKeyword {
  return { base: pair.resolvers?.base.is31 !== true, revision: pair.resolvers?.revision.is31 !== true };
}

function checkTypes(pair: SchemaPair, emit: SchemaEmit): void {
  const none = { base: admitsNothing(pair.base.node), revision: admitsNothing(pair.revision.node) };
  if (none.base !== undefined || none.revision !== undefined) return checkNothing(pair, none, emit);
  const lists = typeListPair(pair.base.node, pair.revision.node, nullableKeyword(pair));
  if (lists) return checkTypeList(pair, lists.base, lists.revision, emit);
  const bNull = nullOnly(pair.base.node);
  const rNull = nullOnly(pair.revision.node);
  // Both admit null alone: no type changed, whatever says so. One by its enum or const: that rule says what changed
  // ("no longer limited to null"), at its level.
  if ((bNull && rNull) || bNull === 'value' || rNull === 'value') return;
  let b = bNull ? NULL_ONLY : readTypes(pair.base.node).types;
  let r = rNull ? NULL_ONLY : readTypes(pair.revision.node).types;
  // Against a side that admits null alone, whether the other admits null too tells a type changed from one widened.
  if (bNull && readTypes(pair.revision.node, nullableKeyword(pair).revision).nullable) r = ['null', ...r];
  if (rNull && readTypes(pair.base.node, nullableKeyword(pair).base).nullable) b = ['null', ...b];
  // One side a list of alternatives the walk could not pair with the other (schema/wrap-match.ts): its type is theirs together.
  const keyword = nullableKeyword(pair);
  if (b.length === 0 && r.length > 0 && !hasList(pair.revision.node) && pair.resolvers) b = listTypes(pair.base.node, pair.resolvers.base, keyword.base) ?? b;
  else if (r.length === 0 && b.length > 0 && !hasList(pair.base.node) && pair.resolvers)
    r = listTypes(pair.revision.node, pair.resolvers.revision, keyword.revision) ?? r;
  // A side with no type whose enum or const lists its values admits their types only: where the other side's type covers
  // them all, the values changed (said by the enum rule), not the type.
  if (b.length === 0 && r.length > 0) b = valueTypes(pair.base.node, r) ?? b;
  else if (r.length === 0 && b.length > 0) r = valueTypes(pair.revision.node, b) ?? r;
  if (b.join() === r.join()) return;
  const where = describePlace(pair.direction, pair.position);
  const from = b.join('|') || untyped(pair.base.node);
  const to = r.join('|') || untyped(pair.revision.node);
  emit({
    id: ruleAt(pair.direction, pair.position, typeChange(pair, b, r)),
    side: 'revision',
    pointer: pair.revision.pointer,
    message: `type of ${where} changed from ${from} to ${to}${coversAsText(pair, b, r) ?? ''}`,
  });
}

/**
 * Whether a schema admits null alone, and what says so: its `type` (`"null"`), or a `const` or `enum` of null, which
 * JSON Schema applies beside any type (3.0's `{type: object, enum: [null], nullable: true}`). readTypes lists no type
 * there, or the type the enum restricts, so `string` becoming `null` would read as "generalized".
 */
function nullOnly(schema: Schema): 'type' | 'value' | undefined {
  const raw = schema.type;
  if (raw === 'null' || (Array.isArray(raw) && raw.length > 0 && raw.every((t) => t === 'null'))) return 'type';
  if (schema.const === null || (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v: unknown) => v === null))) return 'value';
  return undefined;
}
const NULL_ONLY: string[] = Object.freeze(['null']) as string[];

/**
 * A schema that admits no value, or no longer does: no request that sends a value there is accepted, no response carries
 * one. Becoming so narrows as a type change does (breaking in a request, info in a response), ceasing to widens.
 */
function checkNothing(pair: SchemaPair, none: { base?: string; revision?: string }, emit: SchemaEmit): void {
  if (none.base !== undefined && none.revision !== undefined) return;
  const where = describePlace(pair.direction, pair.position);
  const types = (node: Schema) => readTypes(node).types.join('|') || untyped(node);
  const change: SchemaChange = none.revision !== undefined ? (pair.direction === 'request' ? 'type-changed' : 'type-specialized') : 'type-generalized';
  emit({
    id: ruleAt(pair.direction, pair.position, change),
    side: 'revision',
    pointer: pair.revision.pointer,
    message:
      none.revision !== undefined
        ? `${where} now admits no value (was ${types(pair.base.node)}): ${none.revision}`
        : `${where} admitted no value (${none.base}) and now admits ${types(pair.revision.node)}`,
  });
}

/** The types of the values a schema's `enum` or `const` lists (null aside), read as `other` where it covers them all. */
function valueTypes(schema: Schema, other: string[]): string[] | undefined {
  const values: unknown[] | undefined = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  const types = [...new Set((values ?? []).filter((v) => v !== null).map(jsonTypeOf))].sort();
  if (types.length === 0) return undefined;
  return types.every((t) => typeCovered(t, other)) ? other : types;
}

/** "any", and why a schema that reads like an object or array is not one: a reader would think its type had not changed. */
function untyped(schema: Record<string, unknown>): string {
  const shape = describedTypes(schema);
  return shape.length === 0 ? 'any' : `any (no \`type\`: its ${shape[0]} keywords bind only ${shape[0]}s)`;
}

function typeChange(pair: SchemaPair, b: string[], r: string[]): SchemaChange {
  if (pair.xml && [b.join(), r.join()].sort().join('|') === 'object|string') return 'type-compatible';
  // The type written or dropped is the one the keywords already described (`properties`: object): JSON Schema lets other
  // types through without it, but no author meant them, so a reviewer warns rather than blocks a lint fix.
  if (pair.direction === 'request' && b.length === 0 && writesDescribed(describedTypes(pair.base.node), r)) return 'type-declared';
  if (pair.direction === 'response' && r.length === 0 && writesDescribed(describedTypes(pair.revision.node), b)) return 'type-undeclared';
  if (pair.direction === 'request' && isParameterRoot(pair.position) && becameFreeTextArray(b, r, pair.revision.node.items)) return 'type-generalized';
  if (coversAsText(pair, b, r) !== undefined) return pair.direction === 'request' ? 'type-generalized' : 'type-specialized';
  // Requests: the new schema must accept everything the old one did. Responses: the reverse.
  const [wider, narrower] = pair.direction === 'request' ? [r, b] : [b, r];
  if (narrower.length > 0 && narrower.every((t) => typeCovered(t, wider))) return pair.direction === 'request' ? 'type-generalized' : 'type-specialized';
  if (pair.direction === 'response' && b.length > 0 && b.every((t) => typeCovered(t, r))) return 'type-generalized';
  if (isParameterProperty(pair.position) && b.length === 1 && b[0] === 'string') return 'type-specialized';
  return 'type-changed';
}

/** Whether `written` is the `described` type, null allowed beside it. */
function writesDescribed(described: readonly string[], written: string[]): boolean {
  return described.length > 0 && described.every((t) => written.includes(t)) && written.every((t) => t === 'null' || described.includes(t));
}

/** A parameter that became an array of unconstrained strings still takes the one value it took before. */
function becameFreeTextArray(b: string[], r: string[], items: unknown): boolean {
  if (r.join() !== 'array' || b.includes('array') || b.length === 0 || !items || typeof items !== 'object') return false;
  const i = items as Record<string, unknown>;
  const constrained = ['pattern', 'enum', 'const', 'format', 'minLength', 'maxLength', '$ref'].some((k) => i[k] !== undefined);
  return !constrained && readTypes(i).types.join() === 'string';
}

function checkNullable(pair: SchemaPair, emit: SchemaEmit): void {
  const keyword = nullableKeyword(pair);
  // Written in 3.1 where it says nothing: the author meant null to be valid, and no 3.1 reader will think so.
  if (!keyword.revision && pair.revision.node.nullable === true && pair.base.node.nullable !== true)
    emit({
      id: 'schema-nullable-ignored',
      side: 'revision',
      pointer: `${pair.revision.pointer}/nullable`,
      message: `${describePlace(pair.direction, pair.position)}: \`nullable\` is no keyword of OpenAPI 3.1 and changes nothing; null is valid only if \`type\` lists "null"`,
    });
  // A list of types says "or null" with a null alternative: checkTypeList judges it.
  if (typeListPair(pair.base.node, pair.revision.node, keyword)) return;
  const b = admitsNull(pair.base.node, pair.resolvers?.base, keyword.base);
  const r = admitsNull(pair.revision.node, pair.resolvers?.revision, keyword.revision);
  // A schema that constrains nothing admits null already (JSON Schema; OpenAPI 3.0.3 says so of 3.0): going to or from
  // it, whether null stays valid is part of the type change, which checkTypes reports.
  if (b === 'any' || r === 'any' || b === undefined || r === undefined || b === r) return;
  // Where both types admit null, the enums alone decide it, and checkEnum reports null as the value it is.
  if (Array.isArray(pair.base.node.enum) && Array.isArray(pair.revision.node.enum) && typesAdmitNull(pair)) return;
  const where = describePlace(pair.direction, pair.position);
  const suffix = r ? 'became-nullable' : 'became-not-nullable';
  // A document moved to 3.1 that kept 3.0's word: say why null is gone, and how 3.1 says it.
  const kept = !keyword.revision && pair.revision.node.nullable === true ? ' (`nullable` is no keyword of OpenAPI 3.1: write `type: [..., "null"]`)' : '';
  emit({
    id: ruleAt(pair.direction, pair.position, suffix),
    side: 'revision',
    pointer: pair.revision.pointer,
    message: `${where} ${r ? 'may now be null' : 'may no longer be null'}${kept}`,
  });
}

/**
 * The values a schema lists: its `enum`, or a `const` read as an enum of one value where the other version lists an
 * `enum` (`const: a` rewritten as `enum: [a, b]` adds a value; `enum: [a]` as `const: a` is no change). schema-values.ts
 * leaves those pairs to this check.
 */
export function enumOf(node: Schema, other: Schema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  return node.const !== undefined && Array.isArray(other.enum) && other.const === undefined ? [node.const] : undefined;
}

/** Both versions' types admit null, so only their enums can tell whether null is valid. */
function typesAdmitNull(pair: SchemaPair): boolean {
  const keyword = nullableKeyword(pair);
  return readTypes(pair.base.node, keyword.base).nullable && readTypes(pair.revision.node, keyword.revision).nullable;
}

/** An enum that lists every value its type admits (`true` and `false` of a boolean) restricts nothing. */
export function enumIsWholeType(node: Schema, values: unknown[]): boolean {
  const types: unknown[] = Array.isArray(node.type) ? node.type : [node.type];
  if (!types.every((t) => t === 'boolean' || t === 'null')) return false;
  const admitted = [...(types.includes('boolean') ? [true, false] : []), ...(types.includes('null') || node.nullable === true ? [null] : [])];
  return admitted.every((v) => values.includes(v));
}

function checkEnum(pair: SchemaPair, emit: SchemaEmit): void {
  let b = enumOf(pair.base.node, pair.revision.node);
  let r = enumOf(pair.revision.node, pair.base.node);
  if (readsExtensibleAsEnum(pair.direction, pair.base.node, pair.revision.node)) {
    b ??= extensibleValues(pair.base.node);
    r ??= extensibleValues(pair.revision.node);
  }
  // Most pairs have no enum: they leave before anything is written for a message.
  if (!b && !r) return;
  const where = describePlace(pair.direction, pair.position);
  const bKey = enumKeyword(pair.base.node);
  const rKey = enumKeyword(pair.revision.node);
  if (!b && r) {
    if (pair.direction === 'request' && !enumIsWholeType(pair.revision.node, r)) {
      emit({
        id: ruleAt('request', pair.position, 'became-enum'),
        side: 'revision',
        pointer: rKey === 'enum' ? enumAt(pair.revision) : `${pair.revision.pointer}/${rKey}`,
        message: `${where} now only accepts ${formatValues(r)}${rKey === 'enum' ? '' : ' (its x-extensible-enum, the values a server accepts today)'}`,
      });
    }
    return;
  }
  if (!b || !r) return;
  // 3.0's `nullable: true` beside an enum admits null (3.0.0's reading, docs/ENGINE.md): its enum is read with null in
  // it, so the same schema moved to 3.1 as `type: [string, "null"], enum: [a, null]` adds no value.
  const keyword = nullableKeyword(pair);
  if (keyword.base && pair.base.node.nullable === true && !b.includes(null)) b = [...b, null];
  if (keyword.revision && pair.revision.node.nullable === true && !r.includes(null)) r = [...r, null];
  const bKeys = new Set(b.map((v) => JSON.stringify(v)));
  const rKeys = new Set(r.map((v) => JSON.stringify(v)));
  // Null in an enum is judged with nullability (checkNullable), except where the type admits null on both sides: there
  // the enum alone decides it (`type: [string, "null"], enum: [a, null]` losing its null refuses null), and says nothing else.
  const nullByEnum = typesAdmitNull(pair);
  const removed = b.filter((v) => !rKeys.has(JSON.stringify(v)) && (v !== null || nullByEnum));
  const added = r.filter((v) => !bKeys.has(JSON.stringify(v)) && (v !== null || nullByEnum));
  for (const v of removed) {
    const never = neverAdmitted(pair.base.node, v);
    emit({
      id: ruleAt(pair.direction, pair.position, 'enum-value-removed'),
      side: 'base',
      pointer: bKey === 'enum' ? enumAt(pair.base) : `${pair.base.pointer}/${bKey}`,
      message: `enum value ${JSON.stringify(v)} was removed from ${where}${never}`,
      inert: never !== '' || undefined,
    });
  }
  for (const v of added) {
    const never = neverAdmitted(pair.revision.node, v);
    emit({
      id: ruleAt(pair.direction, pair.position, 'enum-value-added'),
      side: 'revision',
      pointer: rKey === 'enum' ? enumAt(pair.revision) : `${pair.revision.pointer}/${rKey}`,
      message: `enum value ${JSON.stringify(v)} was added to ${where}${never}`,
      inert: never !== '' || undefined,
    });
  }
}

/**
 * Words saying the schema's own `type` refuses a value its enum lists (`enum: [1, "x"]` beside `type: integer`): JSON
 * Schema applies both, so that value was never valid and listing it or not accepts nothing differently. '' otherwise.
 */
function neverAdmitted(node: Schema, value: unknown): string {
  const { types } = readTypes(node);
  const type = jsonTypeOf(value);
  if (types.length === 0 || value === null || typeCovered(type, types)) return '';
  return `, which its type ${types.join(' or ')} never admitted: no value is accepted or refused differently`;
}

function checkFormat(pair: SchemaPair, emit: SchemaEmit): void {
  const b = pair.base.node.format;
  const r = pair.revision.node.format;
  if (b === r || typeof b !== 'string' || typeof r !== 'string') return;
  if (readTypes(pair.base.node).types.join() !== readTypes(pair.revision.node).types.join()) return;
  const acting = actingFormatChange(pair);
  if (acting) {
    const [kept, idle] = acting === 'format-added' ? [r, b] : [b, r];
    const on = `${idle} constrains no ${readTypes(pair.revision.node).types.join(' or ')}`;
    emit({
      id: ruleAt(pair.direction, pair.position, acting),
      side: 'revision',
      pointer: `${pair.revision.pointer}/format`,
      message: `format of ${describePlace(pair.direction, pair.position)} changed from ${b} to ${r}: ${on}, so ${acting === 'format-added' ? `it must now have format ${kept}` : `format ${kept} is dropped`}`,
    });
    return;
  }
  if (isCompatibleFormat(pair.direction === 'request' ? b : r, pair.direction === 'request' ? r : b)) return;
  const where = describePlace(pair.direction, pair.position);
  emitForFormat(
    pair,
    b,
    r,
    emit,
  )({
    id: ruleAt(pair.direction, pair.position, 'format-changed'),
    side: 'revision',
    pointer: `${pair.revision.pointer}/format`,
    message: `format of ${where} changed from ${b} to ${r}`,
  });
}

/** int32 values fit int64, float values fit double. */
function isCompatibleFormat(narrow: string, wide: string): boolean {
  return (narrow === 'int32' && wide === 'int64') || (narrow === 'float' && wide === 'double');
}

function formatValues(values: unknown[]): string {
  const shown = values
    .slice(0, 5)
    .map((v) => JSON.stringify(v))
    .join(', ');
  return values.length > 5 ? `${shown}, ... (${values.length} values)` : shown;
}

function checkTypeList(pair: SchemaPair, b: string[], r: string[], emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  // `number` admits every integer: integer dropped where number is written takes no value away, or added where it was.
  const added = typesGained(b, r);
  const removed = typesGained(r, b);
  const text = (l: string[]) => l.join(', ');
  if (added.length > 0)
    emit({
      id: ruleAt(pair.direction, pair.position, 'list-of-types-widened'),
      side: 'revision',
      pointer: pair.revision.pointer,
      message: `${where} now also allows ${text(added)} (was ${text(b) || 'any'})`,
    });
  if (removed.length > 0)
    emit({
      id: ruleAt(pair.direction, pair.position, 'list-of-types-narrowed'),
      side: 'revision',
      pointer: pair.revision.pointer,
      message: `${where} no longer allows ${text(removed)} (now ${text(r) || 'any'})`,
    });
}
