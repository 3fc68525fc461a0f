// Types, nullability, enums and const: what values a schema admits.
import { readTypes, typeCovered } from '../schema.js';
import { schemaRules, describePlace } from './schema-ids.js';
import { schemaRuleId, type RuleFamily, type SchemaPair, type SchemaEmit } from './types.js';

export const schemaTypesFamily: RuleFamily = {
  rules: [
    ...schemaRules('type-changed', { request: 'breaking', response: 'breaking' }, 'type changed incompatibly'),
    ...schemaRules('type-generalized', { request: 'info' }, 'type broadened (e.g. integer to number)'),
    ...schemaRules('type-specialized', { response: 'info' }, 'type narrowed (e.g. number to integer)'),
    ...schemaRules('became-not-nullable', { request: 'breaking', response: 'info' }, 'null is no longer a valid value'),
    ...schemaRules('became-nullable', { request: 'info', response: 'breaking' }, 'null became a valid value'),
    ...schemaRules('enum-value-removed', { request: 'breaking', response: 'info' }, 'an enum value was dropped'),
    ...schemaRules('enum-value-added', { request: 'info', response: 'warning' }, 'a new enum value'),
    ...schemaRules('became-enum', { request: 'breaking' }, 'restricted to a list of values'),
    ...schemaRules('format-changed', { request: 'breaking', response: 'breaking' }, 'format changed'),
  ],
  checkSchema(pair, emit) {
    checkTypes(pair, emit);
    checkNullable(pair, emit);
    checkEnum(pair, emit);
    checkFormat(pair, emit);
  },
};

function checkTypes(pair: SchemaPair, emit: SchemaEmit): void {
  const b = readTypes(pair.base.node).types;
  const r = readTypes(pair.revision.node).types;
  if (b.join() === r.join()) return;
  const where = describePlace(pair.direction, pair.position);
  const from = b.join('|') || 'any';
  const to = r.join('|') || 'any';
  // Requests: the new schema must accept everything the old one did. Responses: the reverse.
  const [wider, narrower] = pair.direction === 'request' ? [r, b] : [b, r];
  const compatible = narrower.length > 0 && narrower.every((t) => typeCovered(t, wider));
  const id = compatible
    ? schemaRuleId(pair.direction, pair.position, pair.direction === 'request' ? 'type-generalized' : 'type-specialized')
    : schemaRuleId(pair.direction, pair.position, 'type-changed');
  emit({ id, side: 'revision', pointer: pair.revision.pointer, message: `type of ${where} changed from ${from} to ${to}` });
}

function checkNullable(pair: SchemaPair, emit: SchemaEmit): void {
  const b = readTypes(pair.base.node).nullable;
  const r = readTypes(pair.revision.node).nullable;
  if (b === r) return;
  const where = describePlace(pair.direction, pair.position);
  const suffix = r ? 'became-nullable' : 'became-not-nullable';
  emit({ id: schemaRuleId(pair.direction, pair.position, suffix), side: 'revision', pointer: pair.revision.pointer, message: `${where} ${r ? 'may now be null' : 'may no longer be null'}` });
}

function checkEnum(pair: SchemaPair, emit: SchemaEmit): void {
  const b: unknown[] | undefined = Array.isArray(pair.base.node.enum) ? pair.base.node.enum : undefined;
  const r: unknown[] | undefined = Array.isArray(pair.revision.node.enum) ? pair.revision.node.enum : undefined;
  const where = describePlace(pair.direction, pair.position);
  if (!b && !r) return;
  if (!b && r) {
    if (pair.direction === 'request') {
      emit({ id: schemaRuleId('request', pair.position, 'became-enum'), side: 'revision', pointer: pair.revision.pointer + '/enum', message: `${where} now only accepts ${formatValues(r)}` });
    }
    return;
  }
  if (!b || !r) return;
  const bKeys = new Set(b.map((v) => JSON.stringify(v)));
  const rKeys = new Set(r.map((v) => JSON.stringify(v)));
  const removed = b.filter((v) => !rKeys.has(JSON.stringify(v)) && v !== null);
  const added = r.filter((v) => !bKeys.has(JSON.stringify(v)) && v !== null);
  for (const v of removed) {
    emit({ id: schemaRuleId(pair.direction, pair.position, 'enum-value-removed'), side: 'base', pointer: pair.base.pointer + '/enum', message: `enum value ${JSON.stringify(v)} was removed from ${where}` });
  }
  for (const v of added) {
    emit({ id: schemaRuleId(pair.direction, pair.position, 'enum-value-added'), side: 'revision', pointer: pair.revision.pointer + '/enum', message: `enum value ${JSON.stringify(v)} was added to ${where}` });
  }
}

function checkFormat(pair: SchemaPair, emit: SchemaEmit): void {
  const b = pair.base.node.format;
  const r = pair.revision.node.format;
  if (b === r || typeof b !== 'string' || typeof r !== 'string') return;
  if (readTypes(pair.base.node).types.join() !== readTypes(pair.revision.node).types.join()) return;
  if (isCompatibleFormat(pair.direction === 'request' ? b : r, pair.direction === 'request' ? r : b)) return;
  const where = describePlace(pair.direction, pair.position);
  emit({ id: schemaRuleId(pair.direction, pair.position, 'format-changed'), side: 'revision', pointer: pair.revision.pointer + '/format', message: `format of ${where} changed from ${b} to ${r}` });
}

/** int32 values fit int64, float values fit double. */
function isCompatibleFormat(narrow: string, wide: string): boolean {
  return (narrow === 'int32' && wide === 'int64') || (narrow === 'float' && wide === 'double');
}

function formatValues(values: unknown[]): string {
  const shown = values.slice(0, 5).map((v) => JSON.stringify(v)).join(', ');
  return values.length > 5 ? `${shown}, ... (${values.length} values)` : shown;
}
