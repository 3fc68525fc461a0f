// Number constraints beyond the bounds: `multipleOf`, and OpenAPI 3.0's boolean `exclusiveMinimum`/
// `exclusiveMaximum`, which make the bound itself invalid. A request may only admit more numbers;
// a response may only admit fewer.
import { emitForTarget } from './keyword-target.js';
import { describePlace } from './schema-ids.js';
import { SCHEMA_NUMBERS_RULES } from './table/schema-numbers.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

/** 3.0 booleans beside their bound; 3.1's numeric form is a bound of its own (rules/schema-constraints.ts). */
const EXCLUSIVE_FLAGS = [
  { flag: 'exclusiveMaximum', bound: 'maximum', exclusive: 'max-became-exclusive', inclusive: 'max-became-inclusive' },
  { flag: 'exclusiveMinimum', bound: 'minimum', exclusive: 'min-became-exclusive', inclusive: 'min-became-inclusive' },
] as const satisfies readonly { flag: string; bound: string; exclusive: SchemaChange; inclusive: SchemaChange }[];

export const schemaNumbersFamily: RuleFamily = {
  name: 'schema-numbers',
  rules: SCHEMA_NUMBERS_RULES,
  keywords: { read: ['multipleOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'type', 'nullable'] },
  checkSchema(pair, emit) {
    checkMultipleOf(pair, emit);
    for (let i = 0; i < EXCLUSIVE_FLAGS.length; i++) checkExclusiveFlag(pair, EXCLUSIVE_FLAGS[i], emit);
  },
};

function checkMultipleOf(pair: SchemaPair, judged: SchemaEmit): void {
  const b = bindingMultiple(pair.base.node);
  const r = bindingMultiple(pair.revision.node);
  if (b === r) return;
  const emit = emitForTarget(pair, 'number', judged);
  const where = describePlace(pair.direction, pair.position);
  const id = (change: SchemaChange) => ruleAt(pair.direction, pair.position, change);
  if (b === undefined) {
    emit({ id: id('multiple-of-set'), side: 'revision', pointer: `${pair.revision.pointer}/multipleOf`, message: `${where} must now be a multiple of ${r}` });
  } else if (r === undefined) {
    emit({ id: id('multiple-of-unset'), side: 'base', pointer: `${pair.base.pointer}/multipleOf`, message: `${where} no longer has to be a multiple of ${b}` });
  } else {
    // Every multiple of 10 is a multiple of 5: 5 -> 10 admits fewer numbers, 10 -> 5 more.
    const change = isMultiple(r, b) ? 'multiple-of-specialized' : isMultiple(b, r) ? 'multiple-of-generalized' : 'multiple-of-changed';
    emit({ id: id(change), side: 'revision', pointer: `${pair.revision.pointer}/multipleOf`, message: `multipleOf of ${where} changed from ${b} to ${r}` });
  }
}

function checkExclusiveFlag(pair: SchemaPair, f: (typeof EXCLUSIVE_FLAGS)[number], judged: SchemaEmit): void {
  // A bound set or dropped is the constraints family's change; only a bound on both sides can change how it is read.
  if (typeof pair.base.node[f.bound] !== 'number' || typeof pair.revision.node[f.bound] !== 'number') return;
  // A 3.1 number on one side is a bound of its own, which rules/schema-constraints.ts compares with the flag read as one.
  if (typeof pair.base.node[f.flag] === 'number' || typeof pair.revision.node[f.flag] === 'number') return;
  const b = pair.base.node[f.flag] === true;
  const r = pair.revision.node[f.flag] === true;
  if (b === r) return;
  const where = describePlace(pair.direction, pair.position);
  const emit = emitForTarget(pair, 'number', judged);
  emit({
    id: ruleAt(pair.direction, pair.position, r ? f.exclusive : f.inclusive),
    side: 'revision',
    pointer: `${pair.revision.pointer}/${r ? f.flag : f.bound}`,
    message:
      (r ? `${f.bound} ${pair.revision.node[f.bound]} of ${where} is now exclusive` : `${f.bound} of ${where} is no longer exclusive`) + movedWhy(pair, f.flag),
  });
}

/**
 * Why a flag kept as written changed its reading: one document is 3.1, where `exclusiveMinimum` is a number, the bound
 * itself, and 3.0's boolean sets nothing (schema-keyword-ignored names it beside). Without this the finding reads as if
 * the author had dropped or added the flag.
 */
function movedWhy(pair: SchemaPair, flag: string): string {
  const b = pair.resolvers?.base.is31;
  const r = pair.resolvers?.revision.is31;
  if (b === undefined || b === r) return '';
  const [from, to] = b ? ['3.1', 'an earlier version'] : ['an earlier version', '3.1'];
  return ` (the document moved from ${from} to ${to}: OpenAPI 3.1 reads \`${flag}\` as a number, the bound itself, and a boolean \`${flag}\` there, 3.0's form, is no keyword and makes no bound exclusive)`;
}

/**
 * The `multipleOf` a schema binds its values to: none where every value it admits is an integer and every integer is a
 * multiple of it (1, 0.5, 0.25: 1 is a whole multiple of them), as `type: integer` with `multipleOf: 1` admits the same.
 */
function bindingMultiple(node: Record<string, unknown>): number | undefined {
  const m = positive(node.multipleOf);
  return m !== undefined && isIntegerOnly(node.type) && isMultiple(1, m) ? undefined : m;
}

/** `integer`, or 3.1's list of types naming integer and at most null besides. */
function isIntegerOnly(type: unknown): boolean {
  if (type === 'integer') return true;
  return Array.isArray(type) && type.includes('integer') && type.every((t) => t === 'integer' || t === 'null');
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Whether `a` is a whole multiple of `b`, within floating-point noise (0.3 of 0.1). */
function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9;
}
