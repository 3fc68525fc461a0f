// Bounds on values: minimum/maximum, lengths, item counts, patterns. A request schema may only
// loosen them; a response schema may only tighten them.
import type { Level } from '../model.js';
import { describePlace, schemaRules } from './schema-ids.js';
import { type RuleDef, type RuleFamily, type SchemaEmit, type SchemaPair, schemaRuleId } from './types.js';

/** `upper`: a ceiling (lowering it narrows); otherwise a floor (raising it narrows). */
interface Bound {
  keyword: string;
  name: string;
  upper: boolean;
}

const BOUNDS: Bound[] = [
  { keyword: 'maximum', name: 'max', upper: true },
  { keyword: 'minimum', name: 'min', upper: false },
  // OpenAPI 3.1 writes exclusive bounds as numbers; 3.0's booleans qualify `maximum`/`minimum` and are left out.
  { keyword: 'exclusiveMaximum', name: 'exclusive-max', upper: true },
  { keyword: 'exclusiveMinimum', name: 'exclusive-min', upper: false },
  { keyword: 'maxLength', name: 'max-length', upper: true },
  { keyword: 'minLength', name: 'min-length', upper: false },
  { keyword: 'maxItems', name: 'max-items', upper: true },
  { keyword: 'minItems', name: 'min-items', upper: false },
];

function boundRules(): RuleDef[] {
  const out: RuleDef[] = [];
  const level = (narrows: boolean, request: boolean): Level => (narrows === request ? 'breaking' : 'info');
  for (const b of BOUNDS) {
    const tighter = b.upper ? 'decreased' : 'increased';
    const looser = b.upper ? 'increased' : 'decreased';
    out.push(
      ...schemaRules(`${b.name}-${tighter}`, { request: level(true, true), response: level(true, false) }, `${b.keyword} ${b.upper ? 'lowered' : 'raised'}`),
    );
    out.push(
      ...schemaRules(`${b.name}-${looser}`, { request: level(false, true), response: level(false, false) }, `${b.keyword} ${b.upper ? 'raised' : 'lowered'}`),
    );
    out.push(...schemaRules(`${b.name}-set`, { request: 'warning', response: 'info' }, `${b.keyword} introduced where none existed`));
    out.push(...schemaRules(`${b.name}-unset`, { request: 'info', response: 'breaking' }, `${b.keyword} dropped`));
  }
  return out;
}

export const schemaConstraintsFamily: RuleFamily = {
  name: 'schema-constraints',
  rules: [
    ...boundRules(),
    ...schemaRules('pattern-added', { request: 'breaking', response: 'info' }, 'pattern introduced'),
    ...schemaRules('pattern-changed', { request: 'warning', response: 'info' }, 'pattern changed'),
    ...schemaRules('pattern-removed', { request: 'info', response: 'info' }, 'pattern dropped'),
    ...schemaRules('pattern-generalized', { request: 'info' }, 'pattern changed to one that matches any string'),
  ],
  checkSchema(pair, emit) {
    for (const bound of BOUNDS) checkBound(pair, bound, emit);
    checkPattern(pair, emit);
  },
};

function checkBound(pair: SchemaPair, bound: Bound, emit: SchemaEmit): void {
  const b = numberOrUndefined(pair.base.node[bound.keyword]);
  const r = numberOrUndefined(pair.revision.node[bound.keyword]);
  if (b === r) return;
  const where = describePlace(pair.direction, pair.position);
  const id = (suffix: string) => schemaRuleId(pair.direction, pair.position, `${bound.name}-${suffix}`);
  if (b === undefined) {
    emit({ id: id('set'), side: 'revision', pointer: `${pair.revision.pointer}/${bound.keyword}`, message: `${where} now has ${bound.keyword} ${r}` });
  } else if (r === undefined) {
    emit({ id: id('unset'), side: 'base', pointer: `${pair.base.pointer}/${bound.keyword}`, message: `${where} no longer has ${bound.keyword} (was ${b})` });
  } else {
    const suffix = r > b ? 'increased' : 'decreased';
    emit({
      id: id(suffix),
      side: 'revision',
      pointer: `${pair.revision.pointer}/${bound.keyword}`,
      message: `${bound.keyword} of ${where} ${suffix} from ${b} to ${r}`,
    });
  }
}

/** An empty pattern constrains nothing: it is no pattern. */
const patternOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const ANY_STRING = new Set(['.*', '^.*$', '^.*', '.*$', '[\\s\\S]*', '^[\\s\\S]*$']);

function checkPattern(pair: SchemaPair, emit: SchemaEmit): void {
  const b = patternOf(pair.base.node.pattern);
  const r = patternOf(pair.revision.node.pattern);
  if (b === r) return;
  const where = describePlace(pair.direction, pair.position);
  const id = (suffix: string) => schemaRuleId(pair.direction, pair.position, `pattern-${suffix}`);
  if (typeof b !== 'string' && typeof r === 'string') {
    emit({ id: id('added'), side: 'revision', pointer: `${pair.revision.pointer}/pattern`, message: `${where} must now match ${r}` });
  } else if (typeof b === 'string' && typeof r !== 'string') {
    emit({ id: id('removed'), side: 'base', pointer: `${pair.base.pointer}/pattern`, message: `${where} no longer has pattern ${b}` });
  } else if (typeof b === 'string' && typeof r === 'string') {
    if (pair.direction === 'request' && ANY_STRING.has(r)) {
      emit({
        id: id('generalized'),
        side: 'revision',
        pointer: `${pair.revision.pointer}/pattern`,
        message: `pattern of ${where} changed from ${b} to ${r}, which matches any string`,
      });
      return;
    }
    emit({ id: id('changed'), side: 'revision', pointer: `${pair.revision.pointer}/pattern`, message: `pattern of ${where} changed from ${b} to ${r}` });
  }
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
