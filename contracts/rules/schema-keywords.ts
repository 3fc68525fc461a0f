// JSON Schema 2020 keywords of body schemas (OpenAPI 3.1): conditional subschemas, `contains`,
// `prefixItems`, `patternProperties`, `propertyNames`, `unevaluated*`, `dependent*` and the
// `content*` keywords. A keyword that adds a constraint narrows a request (breaking) and tightens
// a response (fine); dropping one does the reverse.
import type { Level } from '../model.js';
import { BODY_POSITIONS, describePlace, schemaRules } from './schema-ids.js';
import { type Direction, type RuleDef, type RuleFamily, type SchemaEmit, type SchemaPair, schemaRuleId } from './types.js';

const NARROWS: Partial<Record<Direction, Level>> = { request: 'breaking', response: 'info' };
const WIDENS: Partial<Record<Direction, Level>> = { request: 'info', response: 'breaking' };
const ALWAYS: Partial<Record<Direction, Level>> = { request: 'breaking', response: 'breaking' };

/** Keywords whose presence is a constraint: `name` is the id part. */
const PRESENCE = [
  { keyword: 'if', name: 'if' },
  { keyword: 'then', name: 'then' },
  { keyword: 'else', name: 'else' },
  { keyword: 'contains', name: 'contains' },
  { keyword: 'propertyNames', name: 'property-names' },
  { keyword: 'unevaluatedItems', name: 'unevaluated-items' },
  { keyword: 'unevaluatedProperties', name: 'unevaluated-properties' },
  { keyword: 'contentSchema', name: 'content-schema' },
] as const;

/** Maps of named constraints, judged entry by entry. */
const KEYED = [
  { keyword: 'patternProperties', name: 'pattern-property' },
  { keyword: 'dependentSchemas', name: 'dependent-schema' },
] as const;

const CHANGED = [
  { keyword: 'contentMediaType', name: 'content-media-type' },
  { keyword: 'contentEncoding', name: 'content-encoding' },
] as const;

/** `upper`: a ceiling. */
const CONTAINS_BOUNDS = [
  { keyword: 'minContains', name: 'min-contains', upper: false },
  { keyword: 'maxContains', name: 'max-contains', upper: true },
] as const;

function keywordRules(): RuleDef[] {
  const out: RuleDef[] = [];
  const add = (suffix: string, levels: Partial<Record<Direction, Level>>, what: string) => out.push(...schemaRules(suffix, levels, what, BODY_POSITIONS));
  for (const k of [...PRESENCE, ...KEYED]) {
    add(`${k.name}-added`, NARROWS, `${k.keyword} introduced`);
    add(`${k.name}-removed`, WIDENS, `${k.keyword} dropped`);
  }
  for (const k of CHANGED) add(`${k.name}-changed`, ALWAYS, `${k.keyword} changed`);
  add('dependent-required-added', NARROWS, 'dependentRequired entry introduced');
  add('dependent-required-removed', WIDENS, 'dependentRequired entry dropped');
  add('dependent-required-changed', ALWAYS, 'dependentRequired entry changed');
  for (const b of CONTAINS_BOUNDS) {
    add(`${b.name}-${b.upper ? 'decreased' : 'increased'}`, NARROWS, `${b.keyword} ${b.upper ? 'lowered' : 'raised'}`);
    add(`${b.name}-${b.upper ? 'increased' : 'decreased'}`, WIDENS, `${b.keyword} ${b.upper ? 'raised' : 'lowered'}`);
  }
  // A longer tuple describes more of what a client sends (looser) or receives (more to handle).
  add('prefix-items-added', WIDENS, 'prefixItems entries added');
  add('prefix-items-removed', NARROWS, 'prefixItems entries removed');
  return out;
}

export const schemaKeywordsFamily: RuleFamily = {
  name: 'schema-keywords',
  rules: keywordRules(),
  checkSchema(pair, emit) {
    if (!BODY_POSITIONS.includes(pair.position) || (!usesKeywords(pair.base.node) && !usesKeywords(pair.revision.node))) return;
    checkPresence(pair, emit);
    checkKeyed(pair, emit);
    checkChanged(pair, emit);
    checkDependentRequired(pair, emit);
    checkContainsBounds(pair, emit);
    checkPrefixItems(pair, emit);
  },
};

const ALL_KEYWORDS = [...[...PRESENCE, ...KEYED, ...CHANGED, ...CONTAINS_BOUNDS].map((k) => k.keyword), 'dependentRequired', 'prefixItems'];

/** Whether a schema uses any keyword judged here: most schemas use none, and are passed over. */
function usesKeywords(schema: Record<string, unknown>): boolean {
  for (const k of ALL_KEYWORDS) if (schema[k] !== undefined) return true;
  return false;
}

function idOf(pair: SchemaPair, suffix: string): string {
  return schemaRuleId(pair.direction, pair.position, suffix);
}

function checkPresence(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (const k of PRESENCE) {
    const b = pair.base.node[k.keyword] !== undefined;
    const r = pair.revision.node[k.keyword] !== undefined;
    if (b === r) continue;
    if (r)
      emit({ id: idOf(pair, `${k.name}-added`), side: 'revision', pointer: `${pair.revision.pointer}/${k.keyword}`, message: `${where} now has ${k.keyword}` });
    else
      emit({ id: idOf(pair, `${k.name}-removed`), side: 'base', pointer: `${pair.base.pointer}/${k.keyword}`, message: `${where} no longer has ${k.keyword}` });
  }
}

function checkKeyed(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (const k of KEYED) {
    const b = objectOf(pair.base.node[k.keyword]);
    const r = objectOf(pair.revision.node[k.keyword]);
    for (const name of Object.keys(r)) {
      if (!(name in b))
        emit({
          id: idOf(pair, `${k.name}-added`),
          side: 'revision',
          pointer: `${pair.revision.pointer}/${k.keyword}`,
          message: `${k.keyword} entry "${name}" was added to ${where}`,
        });
    }
    for (const name of Object.keys(b)) {
      if (!(name in r))
        emit({
          id: idOf(pair, `${k.name}-removed`),
          side: 'base',
          pointer: `${pair.base.pointer}/${k.keyword}`,
          message: `${k.keyword} entry "${name}" was removed from ${where}`,
        });
    }
  }
}

function checkChanged(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (const k of CHANGED) {
    const b = pair.base.node[k.keyword];
    const r = pair.revision.node[k.keyword];
    if (b === r) continue;
    emit({
      id: idOf(pair, `${k.name}-changed`),
      side: 'revision',
      pointer: `${pair.revision.pointer}/${k.keyword}`,
      message: `${k.keyword} of ${where} changed from ${show(b)} to ${show(r)}`,
    });
  }
}

function checkDependentRequired(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  const b = objectOf(pair.base.node.dependentRequired);
  const r = objectOf(pair.revision.node.dependentRequired);
  const pointer = (side: 'base' | 'revision') => `${pair[side].pointer}/dependentRequired`;
  for (const name of new Set([...Object.keys(b), ...Object.keys(r)])) {
    if (!(name in b))
      emit({
        id: idOf(pair, 'dependent-required-added'),
        side: 'revision',
        pointer: pointer('revision'),
        message: `${where}: "${name}" now requires ${show(r[name])}`,
      });
    else if (!(name in r))
      emit({
        id: idOf(pair, 'dependent-required-removed'),
        side: 'base',
        pointer: pointer('base'),
        message: `${where}: "${name}" no longer requires ${show(b[name])}`,
      });
    else if (!sameSet(b[name], r[name]))
      emit({
        id: idOf(pair, 'dependent-required-changed'),
        side: 'revision',
        pointer: pointer('revision'),
        message: `${where}: what "${name}" requires changed from ${show(b[name])} to ${show(r[name])}`,
      });
  }
}

function checkContainsBounds(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (const bound of CONTAINS_BOUNDS) {
    const b = pair.base.node[bound.keyword];
    const r = pair.revision.node[bound.keyword];
    if (typeof b !== 'number' || typeof r !== 'number' || b === r) continue;
    const suffix = r > b ? 'increased' : 'decreased';
    emit({
      id: idOf(pair, `${bound.name}-${suffix}`),
      side: 'revision',
      pointer: `${pair.revision.pointer}/${bound.keyword}`,
      message: `${bound.keyword} of ${where} ${suffix} from ${b} to ${r}`,
    });
  }
}

function checkPrefixItems(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  const b = Array.isArray(pair.base.node.prefixItems) ? pair.base.node.prefixItems.length : 0;
  const r = Array.isArray(pair.revision.node.prefixItems) ? pair.revision.node.prefixItems.length : 0;
  if (r > b)
    emit({
      id: idOf(pair, 'prefix-items-added'),
      side: 'revision',
      pointer: `${pair.revision.pointer}/prefixItems`,
      message: `${r - b} prefixItems entr${r - b > 1 ? 'ies were' : 'y was'} added to ${where}`,
    });
  else if (b > r)
    emit({
      id: idOf(pair, 'prefix-items-removed'),
      side: 'base',
      pointer: `${pair.base.pointer}/prefixItems`,
      message: `${b - r} prefixItems entr${b - r > 1 ? 'ies were' : 'y was'} removed from ${where}`,
    });
}

function objectOf(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function sameSet(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? a.map(String).sort() : [];
  const y = Array.isArray(b) ? b.map(String).sort() : [];
  return x.join('\u0000') === y.join('\u0000');
}

function show(v: unknown): string {
  return v === undefined ? 'none' : JSON.stringify(v);
}
