// JSON Schema 2020 keywords of body schemas (OpenAPI 3.1): conditional subschemas, `contains`,
// `prefixItems`, `patternProperties`, `propertyNames`, `unevaluated*`, `dependent*` and the
// `content*` keywords. A keyword that adds a constraint narrows a request (breaking) and tightens
// a response (fine); dropping one does the reverse.
import { admitsNothing } from '../schema/admits-nothing.js';
import { hasAnyKey, isSchemaObject, mayHoldType } from '../schema/dialect.js';
import { inlineRefs } from '../schema/inline.js';
import { admitsAll } from '../schema/subschemas.js';
import { INERT_READS, isClosed, isInert, isWritten } from './inert-keywords.js';
import { emitForTarget, type KeywordTarget } from './keyword-target.js';
import { sameContentName } from './media.js';
import { namesDirection } from './property-names.js';
import { checkDependentRequired, pairDependents } from './schema-dependents.js';
import { BODY_POSITIONS, describePlace } from './schema-ids.js';
import { SCHEMA_KEYWORDS_RULES } from './table/schema-keywords.js';
import { type RuleId, ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

/** Keywords whose presence is a constraint: `name` is the id part. */
const PRESENCE = [
  { keyword: 'if', added: 'if-added', removed: 'if-removed' },
  { keyword: 'then', added: 'then-added', removed: 'then-removed' },
  { keyword: 'else', added: 'else-added', removed: 'else-removed' },
  { keyword: 'contains', added: 'contains-added', removed: 'contains-removed' },
  { keyword: 'propertyNames', added: 'property-names-added', removed: 'property-names-removed' },
  { keyword: 'unevaluatedItems', added: 'unevaluated-items-added', removed: 'unevaluated-items-removed' },
  { keyword: 'unevaluatedProperties', added: 'unevaluated-properties-added', removed: 'unevaluated-properties-removed' },
  { keyword: 'contentSchema', added: 'content-schema-added', removed: 'content-schema-removed' },
] as const satisfies readonly { keyword: string; added: SchemaChange; removed: SchemaChange }[];

/** Maps of named constraints, judged entry by entry. */
const KEYED = [
  { keyword: 'patternProperties', added: 'pattern-property-added', removed: 'pattern-property-removed' },
  { keyword: 'dependentSchemas', added: 'dependent-schema-added', removed: 'dependent-schema-removed' },
] as const satisfies readonly { keyword: string; added: SchemaChange; removed: SchemaChange }[];

/**
 * How a string carries other content (OpenAPI 3.1 4.8.14.1; JSON Schema 2020-12 Validation 8). Both versions naming
 * different ones is another wire form: a reader decodes the old way, a sender encodes it. Written or dropped on one side
 * only, the other said nothing (an annotation: no validator asserts it), so the string may always have been sent that
 * way, which a reviewer knows and the contract does not: a warning.
 */
const CHANGED = [
  { keyword: 'contentMediaType', added: 'content-media-type-added', removed: 'content-media-type-removed', changed: 'content-media-type-changed' },
  { keyword: 'contentEncoding', added: 'content-encoding-added', removed: 'content-encoding-removed', changed: 'content-encoding-changed' },
] as const satisfies readonly { keyword: string; added: SchemaChange; removed: SchemaChange; changed: SchemaChange }[];

const CONTAINS_BOUNDS = [
  { keyword: 'minContains', increased: 'min-contains-increased', decreased: 'min-contains-decreased' },
  { keyword: 'maxContains', increased: 'max-contains-increased', decreased: 'max-contains-decreased' },
] as const satisfies readonly { keyword: string; increased: SchemaChange; decreased: SchemaChange }[];
const NO_CONTAINS = ' with no `contains` beside it, where it constrains nothing: it bounds how many items match `contains`';
/** What JSON Schema 2020-12 reads where `contains` is written without them. */
const CONTAINS_DEFAULTS: Record<string, number> = { minContains: 1, maxContains: Number.POSITIVE_INFINITY };

/** Most schemas use none of the keywords judged here, and are passed over. */
const JUDGED = [...PRESENCE, ...KEYED, ...CHANGED, ...CONTAINS_BOUNDS].map((k) => k.keyword);
const ALL_KEYWORDS = new Set([...JUDGED, 'dependentRequired', 'dependencies', 'prefixItems']);

export const schemaKeywordsFamily: RuleFamily = {
  name: 'schema-keywords',
  rules: SCHEMA_KEYWORDS_RULES,
  // Its own keywords, what makes one inert or closed, and the types it binds; `if` and `propertyNames` are compared as written out.
  keywords: {
    read: [...ALL_KEYWORDS, ...INERT_READS, 'properties', 'required', 'type', 'nullable', 'enum', 'minItems', 'maxItems'],
    followed: ['if', 'propertyNames'],
  },
  checkSchema(pair, emit) {
    if (!BODY_POSITIONS.includes(pair.position) || (!hasAnyKey(pair.base.node, ALL_KEYWORDS) && !hasAnyKey(pair.revision.node, ALL_KEYWORDS))) return;
    checkPresence(pair, emit);
    checkKeyed(pair, emit);
    checkChanged(pair, emit);
    checkUndirected(pair, emit);
    checkDependentRequired(pair, emitForTarget(pair, 'object', emit));
    const arrays = emitForTarget(pair, 'array', emit);
    checkContainsBounds(pair, arrays);
    checkPrefixItems(pair, arrays);
  },
};

/**
 * The type of value each keyword applies to (JSON Schema 2020-12 Core 10.3, Validation 8): where either version's `type`
 * admits none, every value meets it, so its move is info there (rules/keyword-target.ts).
 */
const TARGET: Record<string, KeywordTarget> = {
  contains: 'array',
  unevaluatedItems: 'array',
  propertyNames: 'object',
  unevaluatedProperties: 'object',
  patternProperties: 'object',
  dependentSchemas: 'object',
  contentSchema: 'string',
  contentMediaType: 'string',
  contentEncoding: 'string',
};

/** The emit for a keyword's findings: as they are, or info where it constrains nothing (rules/keyword-target.ts). */
function emitFor(pair: SchemaPair, keyword: string, emit: SchemaEmit): SchemaEmit {
  const target = TARGET[keyword];
  return target === undefined ? emit : emitForTarget(pair, target, emit);
}

function idOf(pair: SchemaPair, change: SchemaChange): RuleId | undefined {
  return ruleAt(pair.direction, pair.position, change);
}

/** Subschemas whose `false` forbids what a schema there would only constrain: a schema turned `false` narrows further. */
const FALSE_CLOSES = new Set(['unevaluatedItems', 'unevaluatedProperties']);

function checkPresence(pair: SchemaPair, all: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (let at = 0; at < PRESENCE.length; at++) {
    const k = PRESENCE[at];
    const emit = emitFor(pair, k.keyword, all);
    const bv = pair.base.node[k.keyword];
    const rv = pair.revision.node[k.keyword];
    const bInert = isInert(pair.base.node, k.keyword);
    const rInert = isInert(pair.revision.node, k.keyword);
    // An `if` kept while a `then` arrives is that `then` added, not the `if`: an `if` is absent only where it is inert in both.
    const absent = k.keyword === 'if' ? [bInert && rInert, bInert && rInert] : [bInert, rInert];
    const b = isWritten(pair.base.node, pair.revision.node, k.keyword) && !absent[0];
    const r = isWritten(pair.revision.node, pair.base.node, k.keyword) && !absent[1];
    if (b && r && FALSE_CLOSES.has(k.keyword) && (bv === false) !== (rv === false)) {
      const closed = rv === false;
      emit({
        id: idOf(pair, closed ? k.added : k.removed),
        side: 'revision',
        pointer: `${pair.revision.pointer}/${k.keyword}`,
        message: closed ? `${where} now admits nothing its ${k.keyword} schema admitted (${k.keyword}: false)` : `${where}: ${k.keyword} is no longer false`,
      });
    }
    if (b === r || (k.keyword === 'unevaluatedProperties' && isClosed(pair.base.node) && isClosed(pair.revision.node))) continue;
    // A contains that leaves no value at all (maxItems 0): the type rule says what the schema now admits.
    if (k.keyword === 'contains' && admitsNothing(pair[r ? 'revision' : 'base'].node) !== undefined) continue;
    // The subschema itself, shortened: "now has propertyNames" alone left a reviewer to open the document.
    if (r)
      emit({
        id: idOf(pair, k.added),
        side: 'revision',
        pointer: `${pair.revision.pointer}/${k.keyword}`,
        message: `${where} now has ${k.keyword}: ${brief(rv)}`,
      });
    else
      emit({
        id: idOf(pair, k.removed),
        side: 'base',
        pointer: `${pair.base.pointer}/${k.keyword}`,
        message: `${where} no longer has ${k.keyword}: ${brief(bv)}`,
      });
  }
}

/**
 * In an object closed to undeclared names in both versions (`additionalProperties` or `unevaluatedProperties` false), a
 * patternProperties entry admits names that were refused (JSON Schema 2020-12 Core 10.3.2.3, 11.3): added it opens.
 */
function keyedChanges(pair: SchemaPair, k: (typeof KEYED)[number]): { added: SchemaChange; removed: SchemaChange; note: string } {
  const isClosed = (n: Record<string, unknown>) => n.additionalProperties === false || n.unevaluatedProperties === false;
  if (k.keyword !== 'patternProperties' || !isClosed(pair.base.node) || !isClosed(pair.revision.node)) return { ...k, note: '' };
  return { added: 'additional-properties-allowed', removed: 'additional-properties-forbidden', note: ' (an object closed to other names)' };
}

function checkKeyed(pair: SchemaPair, all: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  // dependentSchemas as its other spellings leave it: a required-only entry traded for dependentRequired is none.
  const dependents = pairDependents(pair);
  for (let at = 0; at < KEYED.length; at++) {
    const k = KEYED[at];
    const emit = emitFor(pair, k.keyword, all);
    const dependent = k.keyword === 'dependentSchemas';
    const b = dependent ? dependents.base.schemas : objectOf(pair.base.node[k.keyword]);
    const r = dependent ? dependents.revision.schemas : objectOf(pair.revision.node[k.keyword]);
    const ids = keyedChanges(pair, k);
    for (const name of Object.keys(r)) {
      if (!(name in b))
        emit({
          id: idOf(pair, ids.added),
          side: 'revision',
          pointer: `${pair.revision.pointer}/${k.keyword}`,
          message: `${k.keyword} entry "${name}" was added to ${where}${ids.note}`,
        });
    }
    for (const name of Object.keys(b)) {
      if (!(name in r))
        emit({
          id: idOf(pair, ids.removed),
          side: 'base',
          pointer: `${pair.base.pointer}/${k.keyword}`,
          message: `${k.keyword} entry "${name}" was removed from ${where}${ids.note}`,
        });
    }
  }
}

function checkChanged(pair: SchemaPair, all: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  for (let at = 0; at < CHANGED.length; at++) {
    const k = CHANGED[at];
    const emit = emitFor(pair, k.keyword, all);
    const b = pair.base.node[k.keyword];
    const r = pair.revision.node[k.keyword];
    if (b === r || sameContentName(b, r)) continue;
    const change = b === undefined ? k.added : r === undefined ? k.removed : k.changed;
    const side = r === undefined ? 'base' : 'revision';
    emit({
      id: idOf(pair, change),
      side,
      pointer: `${pair[side].pointer}/${k.keyword}`,
      message: `${k.keyword} of ${where} changed from ${show(b)} to ${show(r)}`,
    });
  }
}

/**
 * Subschemas kept but changed whose change has no direction we know, read with their `$ref`s written out: which names a
 * `propertyNames` admits, and which values an `if` sends to `then` rather than `else` (narrowing an `if` can widen what
 * is valid), so an `if` is not walked as a constraint on the value.
 */
const UNDIRECTED = [
  { keyword: 'propertyNames', changed: 'property-names-changed' },
  { keyword: 'if', changed: 'if-changed' },
] as const satisfies readonly { keyword: string; changed: SchemaChange }[];

function checkUndirected(pair: SchemaPair, all: SchemaEmit): void {
  for (let at = 0; at < UNDIRECTED.length; at++) {
    const k = UNDIRECTED[at];
    const b = pair.base.node[k.keyword];
    const r = pair.revision.node[k.keyword];
    if (b === undefined || r === undefined || (isInert(pair.base.node, k.keyword) && isInert(pair.revision.node, k.keyword))) continue;
    // propertyNames that admits every name on one side is no propertyNames there: checkPresence reports it added or removed.
    if (k.keyword === 'propertyNames' && (admitsAll(b) || admitsAll(r))) continue;
    const text = (side: 'base' | 'revision', v: unknown) => JSON.stringify(pair.resolvers ? inlineRefs(v, pair.resolvers[side]) : v);
    const bt = text('base', b);
    const rt = text('revision', r);
    if (bt === rt) continue;
    const where = describePlace(pair.direction, pair.position);
    const emit = emitFor(pair, k.keyword, all);
    // Names are strings: where only the keywords bounding a string moved, and all one way, the change has a direction.
    const way = k.keyword === 'propertyNames' ? namesDirection(JSON.parse(bt), JSON.parse(rt)) : undefined;
    emit({
      id: idOf(pair, way ? `property-names-${way}` : k.changed),
      side: 'revision',
      pointer: `${pair.revision.pointer}/${k.keyword}`,
      message: `${k.keyword} of ${where} ${way ?? 'changed'} from ${bt} to ${rt}`,
    });
  }
}

/**
 * `minContains` and `maxContains` bound how many items match `contains`; where both versions have a `contains`, one
 * left out is its default (at least 1, no most), so writing `maxContains: 2` lowers a bound and dropping it raises one.
 * Where neither has one, they bound nothing (2020-12 Validation 6.4.4-5: "this keyword has no effect"): info, saying so.
 */
function checkContainsBounds(pair: SchemaPair, emit: SchemaEmit): void {
  const where = describePlace(pair.direction, pair.position);
  const bothContain = pair.base.node.contains !== undefined && pair.revision.node.contains !== undefined;
  // On a schema that cannot be an array the emit says why already (rules/keyword-target.ts).
  const neither =
    pair.base.node.contains === undefined &&
    pair.revision.node.contains === undefined &&
    mayHoldType(pair.base.node, 'array') &&
    mayHoldType(pair.revision.node, 'array');
  for (let at = 0; at < CONTAINS_BOUNDS.length; at++) {
    const bound = CONTAINS_BOUNDS[at];
    const fallback = bothContain ? CONTAINS_DEFAULTS[bound.keyword] : undefined;
    const b = pair.base.node[bound.keyword] ?? fallback;
    const r = pair.revision.node[bound.keyword] ?? fallback;
    if (typeof b !== 'number' || typeof r !== 'number' || b === r) continue;
    const suffix = r > b ? 'increased' : 'decreased';
    emit({
      id: idOf(pair, bound[suffix]),
      side: 'revision',
      pointer: `${pair.revision.pointer}/${bound.keyword}`,
      message: `${bound.keyword} of ${where} ${suffix} from ${showBound(b)} to ${showBound(r)}${neither ? NO_CONTAINS : ''}`,
      inert: neither || undefined,
    });
  }
}

/**
 * `prefixItems` constrains the first positions of an array; 2020-12's `items` governs the positions after them. An entry
 * added where `items` left the position open narrows what may be there (one removed widens). A tuple closed by
 * `items: false` holds at most as many items as it has entries: lengthening, shortening, closing or opening it is
 * judged as that bound on the array's length (`max-items-*`, with maxItems in rules/schema-constraints.ts).
 */
function checkPrefixItems(pair: SchemaPair, emit: SchemaEmit): void {
  const b = tupleOf(pair.base.node);
  const r = tupleOf(pair.revision.node);
  if (b.length === r.length && b.closed === r.closed) return;
  const where = describePlace(pair.direction, pair.position);
  // The length a closed tuple allows is judged with maxItems, as the bound it is (rules/schema-constraints.ts).
  if (b.closed || r.closed) return;
  if (r.length > b.length) {
    if (sameAsItems(pair.revision.node.prefixItems, b.length, pair.base.node.items)) return;
    emit({
      id: idOf(pair, 'prefix-items-added'),
      side: 'revision',
      pointer: `${pair.revision.pointer}/prefixItems`,
      message: `${r.length - b.length} prefixItems entr${r.length - b.length > 1 ? 'ies were' : 'y was'} added to ${where}`,
    });
  } else if (!sameAsItems(pair.base.node.prefixItems, r.length, pair.revision.node.items))
    emit({
      id: idOf(pair, 'prefix-items-removed'),
      side: 'base',
      pointer: `${pair.base.pointer}/prefixItems`,
      message: `${b.length - r.length} prefixItems entr${b.length - r.length > 1 ? 'ies were' : 'y was'} removed from ${where}`,
    });
}

/**
 * Whether the entries from `from` on are each written as the `items` schema that holds those positions in the other
 * version: then they change nothing. Other entries over an `items` schema are also compared with it, position by
 * position (schema/prefix-positions.ts), which says what changed there; this id says the tuple grew or shrank.
 */
function sameAsItems(entries: unknown[], from: number, items: unknown): boolean {
  if (!isSchemaObject(items)) return false;
  const text = JSON.stringify(items);
  for (let i = from; i < entries.length; i++) if (JSON.stringify(entries[i]) !== text) return false;
  return true;
}

interface Tuple {
  length: number;
  /** `items: false`: no item past the entries (none at all without prefixItems). */
  closed: boolean;
}

function tupleOf(node: Record<string, unknown>): Tuple {
  const entries = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
  return { length: entries, closed: node.items === false };
}

function showBound(n: number): string {
  return n === Number.POSITIVE_INFINITY ? 'no limit' : String(n);
}

/** A subschema as JSON, cut to a line: messages name it, the pointer leads to all of it. */
function brief(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function objectOf(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function show(v: unknown): string {
  return v === undefined ? 'none' : JSON.stringify(v);
}
