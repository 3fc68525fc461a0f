// Bounds on values: minimum/maximum, lengths, item and property counts, patterns. A request schema may only
// loosen them; a response schema may only tighten them.
import { hasAnyKey, keywordPointer, withKeywords } from '../schema/dialect.js';
import { emitForTarget, type KeywordTarget } from './keyword-target.js';
import { describePlace } from './schema-ids.js';
import { SCHEMA_CONSTRAINTS_RULES } from './table/schema-constraints.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

/** A bound keyword and the change each move of it is; which way narrows is in the table's levels. */
interface Bound {
  keyword: string;
  /** The type of value the keyword constrains: on a schema that admits none in either version its move is info. */
  target: KeywordTarget;
  increased: SchemaChange;
  decreased: SchemaChange;
  set: SchemaChange;
  unset: SchemaChange;
}

// OpenAPI 3.1 writes exclusive bounds as numbers; 3.0's booleans qualify `maximum`/`minimum` and are left out here.
const BOUNDS: readonly Bound[] = [
  { keyword: 'maximum', target: 'number', increased: 'max-increased', decreased: 'max-decreased', set: 'max-set', unset: 'max-unset' },
  { keyword: 'minimum', target: 'number', increased: 'min-increased', decreased: 'min-decreased', set: 'min-set', unset: 'min-unset' },
  {
    keyword: 'exclusiveMaximum',
    target: 'number',
    increased: 'exclusive-max-increased',
    decreased: 'exclusive-max-decreased',
    set: 'exclusive-max-set',
    unset: 'exclusive-max-unset',
  },
  {
    keyword: 'exclusiveMinimum',
    target: 'number',
    increased: 'exclusive-min-increased',
    decreased: 'exclusive-min-decreased',
    set: 'exclusive-min-set',
    unset: 'exclusive-min-unset',
  },
  {
    keyword: 'maxLength',
    target: 'string',
    increased: 'max-length-increased',
    decreased: 'max-length-decreased',
    set: 'max-length-set',
    unset: 'max-length-unset',
  },
  {
    keyword: 'minLength',
    target: 'string',
    increased: 'min-length-increased',
    decreased: 'min-length-decreased',
    set: 'min-length-set',
    unset: 'min-length-unset',
  },
  { keyword: 'maxItems', target: 'array', increased: 'max-items-increased', decreased: 'max-items-decreased', set: 'max-items-set', unset: 'max-items-unset' },
  { keyword: 'minItems', target: 'array', increased: 'min-items-increased', decreased: 'min-items-decreased', set: 'min-items-set', unset: 'min-items-unset' },
  {
    keyword: 'maxProperties',
    target: 'object',
    increased: 'max-properties-increased',
    decreased: 'max-properties-decreased',
    set: 'max-properties-set',
    unset: 'max-properties-unset',
  },
  {
    keyword: 'minProperties',
    target: 'object',
    increased: 'min-properties-increased',
    decreased: 'min-properties-decreased',
    set: 'min-properties-set',
    unset: 'min-properties-unset',
  },
];

const PATTERN = {
  added: 'pattern-added',
  removed: 'pattern-removed',
  changed: 'pattern-changed',
  generalized: 'pattern-generalized',
} as const satisfies Record<string, SchemaChange>;

export const schemaConstraintsFamily: RuleFamily = {
  name: 'schema-constraints',
  rules: SCHEMA_CONSTRAINTS_RULES,
  // A tuple closed by `items: false` bounds the length as maxItems does; `type` and `nullable` say where a bound applies.
  keywords: { read: [...BOUNDS.map((b) => b.keyword), 'items', 'prefixItems', 'pattern', 'type', 'nullable', 'format'] },
  checkSchema(given, emit) {
    if (!hasAnyKey(given.base.node, CONSTRAINT_KEYS) && !hasAnyKey(given.revision.node, CONSTRAINT_KEYS)) return;
    const pair = sameExclusiveSpelling(given);
    // Most pairs write every bound alike (or not at all): those are passed over without a call. Indexed: for...of
    // allocated a result per bound of every pair.
    for (let i = 0; i < BOUNDS.length; i++) {
      const bound = BOUNDS[i];
      if (bound.keyword === 'maxItems') checkLength(pair, bound, emit);
      else if (pair.base.node[bound.keyword] !== pair.revision.node[bound.keyword]) checkBound(pair, bound, emit);
    }
    checkPattern(pair, emit);
  },
};

/** Every keyword this family reads: a pair where neither side writes one has nothing to judge here. */
const CONSTRAINT_KEYS: ReadonlySet<string> = new Set([...BOUNDS.map((b) => b.keyword), 'items', 'prefixItems', 'pattern']);

/**
 * 3.1 bounds a number from each side with two keywords, one inclusive and one exclusive (numbers there; 3.0's booleans
 * are no number and never match). A bound written or dropped while its partner in the other version bounds at least as
 * tightly moves nothing: `minimum: 1` rewritten as `exclusiveMinimum: 1` narrows only by the value 1, which the
 * exclusive keyword's own finding says; the inclusive one's drop is no widening. `covers(partner, own)`: the partner
 * written as `partner` implies the keyword written as `own`.
 */
const PARTNERS: Record<string, { keyword: string; covers: (partner: number, own: number) => boolean }> = {
  minimum: { keyword: 'exclusiveMinimum', covers: (partner, own) => partner >= own },
  exclusiveMinimum: { keyword: 'minimum', covers: (partner, own) => partner > own },
  maximum: { keyword: 'exclusiveMaximum', covers: (partner, own) => partner <= own },
  exclusiveMaximum: { keyword: 'maximum', covers: (partner, own) => partner < own },
};

const FLAGGED = [
  ['exclusiveMinimum', 'minimum'],
  ['exclusiveMaximum', 'maximum'],
] as const;

/**
 * A 3.0 `exclusiveMinimum: true` makes the `minimum` beside it exclusive (draft 4 5.1.3), which 3.1 writes as
 * `exclusiveMinimum: <number>` (2020-12 Validation 6.2.5). Where one version writes the flag and the other the number,
 * the flag's side is read in the number's spelling, so the two bounds are compared as bounds; where both write flags,
 * rules/schema-numbers.ts judges the flag.
 */
function sameExclusiveSpelling(pair: SchemaPair): SchemaPair {
  let { base, revision } = pair;
  // Indexed, no destructuring: this runs for every pair, mostly before V8 optimises it, where each allocated.
  for (let i = 0; i < FLAGGED.length; i++) {
    const flag = FLAGGED[i][0];
    const bound = FLAGGED[i][1];
    const b = base.node[flag];
    const r = revision.node[flag];
    if (typeof b === 'boolean' && typeof r === 'number') base = withKeywords(base, asNumber(base.node, flag, bound));
    else if (typeof r === 'boolean' && typeof b === 'number') revision = withKeywords(revision, asNumber(revision.node, flag, bound));
  }
  return base === pair.base && revision === pair.revision ? pair : { ...pair, base, revision };
}

/** The flag and its bound as 3.1 writes them: the bound moved to the exclusive keyword, or the flag dropped. */
function asNumber(node: Record<string, unknown>, flag: string, bound: string): Record<string, unknown> {
  return node[flag] === true && typeof node[bound] === 'number' ? { [flag]: node[bound], [bound]: undefined } : { [flag]: undefined };
}

const ZERO_IS_ABSENT = new Set(['minLength', 'minItems', 'minProperties']);

/** Whether the other version's partner keyword implies `value` of this bound (so writing or dropping it moves nothing). */
function coveredByPartner(bound: Bound, value: number, other: Record<string, unknown>): boolean {
  const partner = PARTNERS[bound.keyword];
  const p = partner && numberOrUndefined(other[partner.keyword]);
  return p !== undefined && partner.covers(p, value);
}

/** One version's bound: its value, where it is written, and how a message names it. */
interface Written {
  value: number | undefined;
  pointer: string;
  note: string;
}

function written(located: SchemaPair['base'], keyword: string): Written {
  return { value: numberOrUndefined(located.node[keyword]), pointer: keywordPointer(located, keyword), note: '' };
}

/**
 * 2020-12's `items: false` admits no item past the `prefixItems` entries (none when there are none): a bound on the
 * length as `maxItems` is, so the tighter of the two is the array's, and trading one spelling for the other is no change.
 */
function checkLength(pair: SchemaPair, bound: Bound, emit: SchemaEmit): void {
  // Neither side closes its items: the two `maxItems` as written decide, and most pairs write them alike (or not at all).
  const bn = pair.base.node;
  const rn = pair.revision.node;
  if (bn.items !== false && rn.items !== false && bn.maxItems === rn.maxItems) return;
  const b = mostItems(pair.base);
  const r = mostItems(pair.revision);
  if (b.value !== r.value) checkBound(pair, bound, emit, b, r);
}

function mostItems(located: SchemaPair['base']): Written {
  const max = written(located, 'maxItems');
  const node = located.node;
  if (node.items !== false) return max;
  const entries = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
  if (max.value !== undefined && max.value <= entries) return max;
  const note = entries > 0 ? ` (items: false after ${entries} prefixItems entr${entries === 1 ? 'y' : 'ies'})` : ' (items: false)';
  return { value: entries, pointer: `${located.pointer}/items`, note };
}

function checkBound(
  pair: SchemaPair,
  bound: Bound,
  judged: SchemaEmit,
  bw = written(pair.base, bound.keyword),
  rw = written(pair.revision, bound.keyword),
): void {
  const b = bw.value;
  const r = rw.value;
  if (b === r) return;
  const emit = emitForTarget(pair, bound.target, judged);
  if (b === undefined ? coveredByPartner(bound, r!, pair.base.node) : r === undefined && coveredByPartner(bound, b, pair.revision.node)) return;
  // JSON Schema: leaving a lower count or length out "has the same behavior as a value of 0".
  if (ZERO_IS_ABSENT.has(bound.keyword) && (b ?? 0) === 0 && (r ?? 0) === 0) return;
  const where = describePlace(pair.direction, pair.position);
  const id = (change: SchemaChange) => ruleAt(pair.direction, pair.position, change);
  if (b === undefined) {
    emit({ id: id(bound.set), side: 'revision', pointer: rw.pointer, message: `${where} now has ${bound.keyword} ${r}${rw.note}` });
  } else if (r === undefined) {
    emit({ id: id(bound.unset), side: 'base', pointer: bw.pointer, message: `${where} no longer has ${bound.keyword} (was ${b}${bw.note})` });
  } else {
    const suffix = r > b ? 'increased' : 'decreased';
    emit({
      id: id(bound[suffix]),
      side: 'revision',
      pointer: rw.pointer,
      message: `${bound.keyword} of ${where} ${suffix} from ${b}${bw.note} to ${r}${rw.note}`,
    });
  }
}

/** An empty pattern constrains nothing: it is no pattern. */
const patternOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const ANY_STRING = new Set(['.*', '^.*$', '^.*', '.*$', '[\\s\\S]*', '^[\\s\\S]*$']);

function checkPattern(pair: SchemaPair, judged: SchemaEmit): void {
  const b = patternOf(pair.base.node.pattern);
  const r = patternOf(pair.revision.node.pattern);
  if (b === r || (ANY_STRING.has(b ?? '') && ANY_STRING.has(r ?? ''))) return;
  const emit = emitForTarget(pair, 'string', judged);
  const where = describePlace(pair.direction, pair.position);
  const id = (change: keyof typeof PATTERN) => ruleAt(pair.direction, pair.position, PATTERN[change]);
  if (typeof b !== 'string' && typeof r === 'string') {
    emit({ id: id('added'), side: 'revision', pointer: `${pair.revision.pointer}/pattern`, message: `${where} must now match ${r}` });
  } else if (typeof b === 'string' && typeof r !== 'string') {
    emit({ id: id('removed'), side: 'base', pointer: `${pair.base.pointer}/pattern`, message: `${where} no longer has pattern ${b}` });
  } else if (typeof b === 'string' && typeof r === 'string') {
    // A pattern that matches any string constrains nothing: going to it is a pattern dropped (a request's has an
    // id of its own, oasdiff's), coming from it a pattern introduced, each at the level of its side.
    if (ANY_STRING.has(r)) {
      const change = pair.direction === 'request' ? 'generalized' : 'removed';
      const message = `pattern of ${where} changed from ${b} to ${r}, which matches any string`;
      emit({ id: id(change), side: 'revision', pointer: `${pair.revision.pointer}/pattern`, message });
      return;
    }
    if (ANY_STRING.has(b)) {
      emit({
        id: id('added'),
        side: 'revision',
        pointer: `${pair.revision.pointer}/pattern`,
        message: `${where} must now match ${r} (it was ${b}, which matches any string)`,
      });
      return;
    }
    emit({ id: id('changed'), side: 'revision', pointer: `${pair.revision.pointer}/pattern`, message: `pattern of ${where} changed from ${b} to ${r}` });
  }
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
