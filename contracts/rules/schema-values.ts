// Fixed and assumed values: `const`, `default`, and `x-extensible-enum` (an enum that clients
// must expect to grow, so only a removed value matters).
import { readTypes, type Schema } from '../schema/dialect.js';
import { BODY_POSITIONS, describePlace, isParameterRoot } from './schema-ids.js';
import { enumOf } from './schema-types.js';
import { SCHEMA_VALUES_RULES } from './table/schema-values.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

const DEFAULT_CHANGES = { added: 'default-value-added', removed: 'default-value-removed', changed: 'default-value-changed' } as const satisfies Record<
  string,
  SchemaChange
>;
const CONST_CHANGES = { added: 'const-added', removed: 'const-removed', changed: 'const-changed' } as const satisfies Record<string, SchemaChange>;

export const schemaValuesFamily: RuleFamily = {
  name: 'schema-values',
  rules: SCHEMA_VALUES_RULES,
  keywords: { read: ['default', 'const', 'enum', 'x-extensible-enum', 'type', 'nullable'] },
  checkSchema(pair, emit) {
    checkDefault(pair, emit);
    checkConst(pair, emit);
    checkExtensibleEnum(pair, emit);
  },
};

function checkDefault(pair: SchemaPair, emit: SchemaEmit): void {
  const inParameter = isParameterRoot(pair.position);
  if (!inParameter && !BODY_POSITIONS.includes(pair.position)) return;
  const b = pair.base.node.default;
  const r = pair.revision.node.default;
  if (same(b, r)) return;
  const change = b === undefined ? 'added' : r === undefined ? 'removed' : 'changed';
  // A request's default, of a parameter or a property alike, is what the server assumes for callers that omit the value:
  // its move changes what their requests mean, not whether they are accepted, so the table rates every place at warning.
  const id = ruleAt(pair.direction, pair.position, DEFAULT_CHANGES[change]);
  const where = describePlace(pair.direction, pair.position);
  const side = change === 'removed' ? 'base' : 'revision';
  const message =
    change === 'added'
      ? `${where} now defaults to ${show(r)}`
      : change === 'removed'
        ? `${where} no longer defaults to ${show(b)}`
        : `default of ${where} changed from ${show(b)} to ${show(r)}`;
  emit({ id, side, pointer: `${pair[side].pointer}/default`, message, ...(inParameter ? { everyCaller: true } : {}) });
}

/**
 * `const: null` and `type: "null"` admit the one same value (JSON Schema): one traded for the other, or the const written
 * beside that type, changes nothing. Read where one side has `const: null`, the other none, neither an enum, and the
 * types admit null alone (none written beside the const, or only "null").
 */
function sameNullOnly(b: Schema, r: Schema): boolean {
  const [fixed, other] = b.const === null ? [b, r] : [r, b];
  if (fixed.const !== null || other.const !== undefined || fixed.enum !== undefined || other.enum !== undefined) return false;
  const only = (node: Schema, typeless: boolean) => {
    if (node.type === undefined) return typeless;
    const { types, nullable } = readTypes(node);
    return types.length === 0 && nullable;
  };
  return only(other, false) && only(fixed, true);
}

// Judged wherever a value is sent or read, parameters and headers included: a parameter fixed to one value narrows what
// a caller may send as an enum of one does; the table declares no id inside a response header's properties.
function checkConst(pair: SchemaPair, emit: SchemaEmit): void {
  const b = pair.base.node.const;
  const r = pair.revision.node.const;
  if (same(b, r)) return;
  // A `const` on one side and an `enum` on the other is a list of values changed: schema-types.ts judges it.
  if (enumOf(pair.base.node, pair.revision.node) !== undefined && enumOf(pair.revision.node, pair.base.node) !== undefined) return;
  if (sameNullOnly(pair.base.node, pair.revision.node)) return;
  const change = b === undefined ? 'added' : r === undefined ? 'removed' : 'changed';
  const where = describePlace(pair.direction, pair.position);
  const side = change === 'removed' ? 'base' : 'revision';
  const message =
    change === 'added'
      ? `${where} must now be ${show(r)}`
      : change === 'removed'
        ? `${where} is no longer fixed to ${show(b)}`
        : `constant value of ${where} changed from ${show(b)} to ${show(r)}`;
  emit({ id: ruleAt(pair.direction, pair.position, CONST_CHANGES[change]), side, pointer: `${pair[side].pointer}/const`, message });
}

function checkExtensibleEnum(pair: SchemaPair, emit: SchemaEmit): void {
  if (pair.direction !== 'request' || (!isParameterRoot(pair.position) && pair.position !== 'property')) return;
  const b: unknown[] = Array.isArray(pair.base.node['x-extensible-enum']) ? pair.base.node['x-extensible-enum'] : [];
  const r: unknown[] = Array.isArray(pair.revision.node['x-extensible-enum']) ? pair.revision.node['x-extensible-enum'] : [];
  if (b.length === 0 || !Array.isArray(pair.revision.node['x-extensible-enum'])) return;
  const kept = new Set(r.map((v) => JSON.stringify(v)));
  const where = describePlace(pair.direction, pair.position);
  for (const v of b) {
    if (kept.has(JSON.stringify(v))) continue;
    emit({
      id: ruleAt('request', pair.position, 'x-extensible-enum-value-removed'),
      side: 'base',
      pointer: `${pair.base.pointer}/x-extensible-enum`,
      message: `value ${show(v)} was removed from the x-extensible-enum of ${where}`,
    });
  }
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

function show(v: unknown): string {
  return JSON.stringify(v);
}
