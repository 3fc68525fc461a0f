// Fixed and assumed values: `const`, `default`, and `x-extensible-enum` (an enum that clients
// must expect to grow, so only a removed value matters).
import type { Level } from '../model.js';
import { BODY_POSITIONS, describePlace, schemaRules } from './schema-ids.js';
import { type RuleDef, type RuleFamily, type SchemaEmit, type SchemaPair, schemaRuleId } from './types.js';

const PARAMETER_DEFAULT: Level = 'breaking';

function defaultRules(): RuleDef[] {
  const out: RuleDef[] = [];
  for (const change of ['added', 'removed', 'changed'] as const) {
    // A server-side default a caller relied on by omitting the parameter: changing it changes behaviour.
    out.push({ id: `request-parameter-default-value-${change}`, level: PARAMETER_DEFAULT, description: `request parameter: default value ${change}` });
    out.push(...schemaRules(`default-value-${change}`, { request: 'info', response: 'info' }, `default value ${change}`, BODY_POSITIONS));
  }
  return out;
}

export const schemaValuesFamily: RuleFamily = {
  name: 'schema-values',
  rules: [
    ...defaultRules(),
    ...schemaRules('const-added', { request: 'breaking', response: 'info' }, 'restricted to one constant value', BODY_POSITIONS),
    ...schemaRules('const-removed', { request: 'info', response: 'breaking' }, 'no longer restricted to one constant value', BODY_POSITIONS),
    ...schemaRules('const-changed', { request: 'breaking', response: 'breaking' }, 'constant value changed', BODY_POSITIONS),
    {
      id: 'request-parameter-x-extensible-enum-value-removed',
      level: 'breaking',
      description: 'request parameter: a value was removed from its x-extensible-enum',
    },
    {
      id: 'request-property-x-extensible-enum-value-removed',
      level: 'breaking',
      description: 'request body property: a value was removed from its x-extensible-enum',
    },
  ],
  checkSchema(pair, emit) {
    checkDefault(pair, emit);
    checkConst(pair, emit);
    checkExtensibleEnum(pair, emit);
  },
};

function checkDefault(pair: SchemaPair, emit: SchemaEmit): void {
  const inParameter = pair.position === 'parameter';
  if (!inParameter && !BODY_POSITIONS.includes(pair.position)) return;
  const b = pair.base.node.default;
  const r = pair.revision.node.default;
  if (same(b, r)) return;
  const change = b === undefined ? 'added' : r === undefined ? 'removed' : 'changed';
  const id = inParameter ? `request-parameter-default-value-${change}` : schemaRuleId(pair.direction, pair.position, `default-value-${change}`);
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

function checkConst(pair: SchemaPair, emit: SchemaEmit): void {
  if (!BODY_POSITIONS.includes(pair.position)) return;
  const b = pair.base.node.const;
  const r = pair.revision.node.const;
  if (same(b, r)) return;
  const change = b === undefined ? 'added' : r === undefined ? 'removed' : 'changed';
  const where = describePlace(pair.direction, pair.position);
  const side = change === 'removed' ? 'base' : 'revision';
  const message =
    change === 'added'
      ? `${where} must now be ${show(r)}`
      : change === 'removed'
        ? `${where} is no longer fixed to ${show(b)}`
        : `constant value of ${where} changed from ${show(b)} to ${show(r)}`;
  emit({ id: schemaRuleId(pair.direction, pair.position, `const-${change}`), side, pointer: `${pair[side].pointer}/const`, message });
}

function checkExtensibleEnum(pair: SchemaPair, emit: SchemaEmit): void {
  if (pair.direction !== 'request' || (pair.position !== 'parameter' && pair.position !== 'property')) return;
  const b: unknown[] = Array.isArray(pair.base.node['x-extensible-enum']) ? pair.base.node['x-extensible-enum'] : [];
  const r: unknown[] = Array.isArray(pair.revision.node['x-extensible-enum']) ? pair.revision.node['x-extensible-enum'] : [];
  if (b.length === 0 || !Array.isArray(pair.revision.node['x-extensible-enum'])) return;
  const kept = new Set(r.map((v) => JSON.stringify(v)));
  const where = describePlace(pair.direction, pair.position);
  for (const v of b) {
    if (kept.has(JSON.stringify(v))) continue;
    emit({
      id: `request-${pair.position}-x-extensible-enum-value-removed`,
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
