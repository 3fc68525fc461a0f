// One dependency has three spellings: `dependentRequired: {a: [b]}`, `dependentSchemas: {a: {required: [b]}}` (JSON Schema
// 2020-12 Validation 6.5.4, Core 10.2.2.4) and `dependencies`, which they were split from (draft 4 5.4.5; still in the
// 2020-12 meta-schema, deprecated). Read as one, trading spellings is no change, and a change across spellings is judged once.
import { isSchemaObject } from '../schema/dialect.js';
import { describePlace } from './schema-ids.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { SchemaEmit, SchemaPair } from './types.js';

type Entries = Record<string, unknown>;

/** Per name, what a present name requires, and the dependent schemas that say more than that. */
interface Dependents {
  required: Record<string, string[]>;
  schemas: Entries;
}

/** Words beside `required` in a dependent schema that constrain nothing. */
const ANNOTATIONS = new Set(['title', 'description', '$comment']);

/** The names a dependent schema requires when requiring them is all it says; undefined for any other schema. */
function requiredOnly(v: unknown): string[] | undefined {
  if (!isSchemaObject(v) || !Array.isArray(v.required) || !v.required.every((n) => typeof n === 'string')) return undefined;
  for (const key in v) if (key !== 'required' && !ANNOTATIONS.has(key)) return undefined;
  return v.required;
}

function entriesOf(v: unknown): Entries {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Entries) : {};
}

/** The names required through `dependentRequired` or `dependencies`, the spellings that are not dependentSchemas. */
function requiredElsewhere(node: Entries): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, names: string[]) => {
    out[name] = [...new Set([...(out[name] ?? []), ...names])];
  };
  for (const [name, v] of Object.entries(entriesOf(node.dependentRequired))) if (Array.isArray(v)) add(name, v.map(String));
  for (const [name, v] of Object.entries(entriesOf(node.dependencies))) {
    const names = Array.isArray(v) ? v.map(String) : requiredOnly(v);
    if (names) add(name, names);
  }
  return out;
}

/**
 * Both sides' dependents. A required-only `dependentSchemas` entry is read as dependentRequired where the other side
 * writes that name with another spelling; where both sides write it in `dependentSchemas`, it stays a schema, which the
 * walk compares keyword by keyword.
 */
export function pairDependents(pair: SchemaPair): { base: Dependents; revision: Dependents } {
  const nodes = { base: pair.base.node, revision: pair.revision.node };
  const elsewhere = { base: requiredElsewhere(nodes.base), revision: requiredElsewhere(nodes.revision) };
  const read = (side: 'base' | 'revision', other: 'base' | 'revision'): Dependents => {
    const required = { ...elsewhere[side] };
    const schemas: Entries = {};
    for (const [name, v] of Object.entries(entriesOf(nodes[side].dependencies))) if (!Array.isArray(v) && !requiredOnly(v)) schemas[name] = v;
    const otherSchemas = entriesOf(nodes[other].dependentSchemas);
    for (const [name, v] of Object.entries(entriesOf(nodes[side].dependentSchemas))) {
      const names = requiredOnly(v);
      if (names && name in elsewhere[other] && !(name in otherSchemas)) required[name] = [...new Set([...(required[name] ?? []), ...names])];
      else schemas[name] = v;
    }
    return { required, schemas };
  };
  return { base: read('base', 'revision'), revision: read('revision', 'base') };
}

/** Names a present property requires, added, dropped or changed, whichever spelling each side uses. */
export function checkDependentRequired(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  const { base, revision } = pairDependents(pair);
  const b = base.required;
  const r = revision.required;
  const pointer = (side: 'base' | 'revision', name: string) => `${pair[side].pointer}/${dependentKeyword(pair[side].node, name)}`;
  const idOf = (change: SchemaChange) => ruleAt(pair.direction, pair.position, change);
  for (const name of new Set([...Object.keys(b), ...Object.keys(r)])) {
    if (!(name in b))
      emit({
        id: idOf('dependent-required-added'),
        side: 'revision',
        pointer: pointer('revision', name),
        message: `${where}: "${name}" now requires ${show(r[name])}`,
      });
    else if (!(name in r))
      emit({
        id: idOf('dependent-required-removed'),
        side: 'base',
        pointer: pointer('base', name),
        message: `${where}: "${name}" no longer requires ${show(b[name])}`,
      });
    else if (!sameSet(b[name], r[name]))
      // oasdiff's id where a client may break; a request's names only shrunk, or a response's only grown, is none.
      emit({
        id: idOf(harmless(pair, b[name], r[name]) ?? 'dependent-required-changed'),
        side: 'revision',
        pointer: pointer('revision', name),
        message: `${where}: what "${name}" requires changed from ${show(b[name])} to ${show(r[name])}`,
      });
  }
}

function harmless(pair: SchemaPair, b: string[], r: string[]): SchemaChange | undefined {
  const within = (x: string[], y: string[]) => x.every((n) => y.includes(n));
  if (pair.direction === 'request') return within(r, b) ? 'dependent-required-removed' : undefined;
  return within(b, r) ? 'dependent-required-added' : undefined;
}

function sameSet(a: string[], b: string[]): boolean {
  return [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

function show(v: unknown): string {
  return v === undefined ? 'none' : JSON.stringify(v);
}

/** Which spelling to point at for a name's requirement on one side. */
function dependentKeyword(node: Entries, name: string): string {
  if (name in entriesOf(node.dependentRequired)) return 'dependentRequired';
  return name in entriesOf(node.dependencies) ? 'dependencies' : 'dependentSchemas';
}
