// Keywords that narrow or widen a value and that no other family reads: uniqueItems, additionalProperties: false,
// `not`, a format or an enum list introduced or dropped. The table rates each by direction (rules/table/schema-shape.ts).
import { readTypes } from '../schema/dialect.js';
import { enumAt } from '../schema/value-list.js';
import { extensibleValues } from './extensible-enum.js';
import { emitForFormat } from './format-target.js';
import { isClosed } from './inert-keywords.js';
import { emitForTarget, type KeywordTarget } from './keyword-target.js';
import { namesNot } from './not-required.js';
import { describePlace } from './schema-ids.js';
import { enumIsWholeType } from './schema-types.js';
import { SCHEMA_SHAPE_REQUEST_RULES } from './table/schema-shape-request.js';
import { SCHEMA_SHAPE_RESPONSE_RULES } from './table/schema-shape-response.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

type Node = Record<string, any>;

/** A keyword whose presence (as `has` reads it) narrows the value. */
interface Presence {
  keyword: string;
  has: (node: Node) => boolean;
  /** The type of value it constrains, where its move on a schema of another type is info (rules/keyword-target.ts). */
  target?: KeywordTarget;
  set: SchemaChange;
  unset: SchemaChange;
  words: [introduced: string, dropped: string];
}

const PRESENCES: readonly Presence[] = [
  {
    keyword: 'uniqueItems',
    has: (n) => n.uniqueItems === true,
    target: 'array',
    set: 'unique-items-set',
    unset: 'unique-items-unset',
    words: ['must now hold unique items', 'may now hold repeated items'],
  },
  {
    keyword: 'additionalProperties',
    has: (n) => n.additionalProperties === false,
    target: 'object',
    set: 'additional-properties-forbidden',
    unset: 'additional-properties-allowed',
    words: ['no longer admits undeclared properties', 'may now hold undeclared properties'],
  },
  {
    keyword: 'not',
    has: (n) => n.not !== undefined,
    set: 'not-added',
    unset: 'not-removed',
    words: ['now excludes what its `not` schema matches', 'no longer has a `not` schema'],
  },
];

export const schemaShapeFamily: RuleFamily = {
  name: 'schema-shape',
  rules: [...SCHEMA_SHAPE_REQUEST_RULES, ...SCHEMA_SHAPE_RESPONSE_RULES],
  keywords: {
    read: [
      ...['additionalProperties', 'unevaluatedProperties', 'patternProperties', 'properties', 'required', 'allOf', 'anyOf', 'oneOf'],
      ...['if', 'then', 'else', 'dependentSchemas', 'not', 'uniqueItems', 'maxItems', 'items', 'format', 'enum', 'const'],
      ...['x-extensible-enum', 'type', 'nullable'],
    ],
  },
  checkSchema(pair, emit) {
    // Indexed, as in every check run per pair: a for...of allocates a result per step in code V8 has not optimised.
    for (let i = 0; i < PRESENCES.length; i++) checkPresence(pair, PRESENCES[i], emit);
    checkFormatPresence(pair, emit);
    checkEnumDropped(pair, emit);
    checkClosedNames(pair, emit);
  },
};

function checkPresence(pair: SchemaPair, p: Presence, emit: SchemaEmit): void {
  const b = p.has(pair.base.node);
  const r = p.has(pair.revision.node);
  if (b === r || (p.keyword === 'additionalProperties' && isClosed(pair.base.node) && isClosed(pair.revision.node))) return;
  // A `not` that forbids property names is judged name by name (not-required.ts).
  if (p.keyword === 'not' && namesNot(pair)) return;
  const side = r ? 'revision' : 'base';
  const judged = p.target ? emitForTarget(pair, p.target, emit) : emit;
  const few = p.keyword === 'uniqueItems' ? fewItems(pair) : undefined;
  (few ? (f: Parameters<SchemaEmit>[0]) => judged({ ...f, message: f.message + few, inert: true }) : judged)({
    id: ruleAt(pair.direction, pair.position, r ? p.set : p.unset),
    side,
    pointer: `${pair[side].pointer}/${p.keyword}`,
    message: `${describePlace(pair.direction, pair.position)} ${r ? p.words[0] : p.words[1]}`,
  });
}

/**
 * `uniqueItems` on an array of at most one element refuses nothing, as no item repeats: where either version's
 * `maxItems` holds it there, arrays of two or more were never sent or returned, or no longer are, and that length
 * change is the finding (schema-constraints.ts).
 */
function fewItems(pair: SchemaPair): string | undefined {
  const few = (m: unknown): m is number => typeof m === 'number' && m <= 1;
  const [b, r] = [pair.base.node.maxItems, pair.revision.node.maxItems];
  const items = (n: number) => `at most ${n} item${n === 1 ? '' : 's'} (maxItems ${n}), where none repeats`;
  if (few(b) && few(r)) return ` on an array of ${items(Math.min(b, r))}: no value is accepted or refused differently`;
  if (few(b)) return `; the array held ${items(b)} in the base: its length change is judged on its own`;
  if (few(r)) return `; the array now holds ${items(r)}: its length change is judged on its own`;
  return undefined;
}

/** A format changed from one to another is the types family's; here only one that appears or goes, on an unchanged type. */
function checkFormatPresence(pair: SchemaPair, emit: SchemaEmit): void {
  const b = pair.base.node.format;
  const r = pair.revision.node.format;
  if ((typeof b === 'string') === (typeof r === 'string')) return;
  if (readTypes(pair.base.node).types.join() !== readTypes(pair.revision.node).types.join()) return;
  const where = describePlace(pair.direction, pair.position);
  const judged = emitForFormat(pair, b, r, emit);
  if (typeof r === 'string') {
    judged({
      id: ruleAt(pair.direction, pair.position, 'format-added'),
      side: 'revision',
      pointer: `${pair.revision.pointer}/format`,
      message: `${where} must now have format ${r}`,
    });
  } else {
    judged({
      id: ruleAt(pair.direction, pair.position, 'format-removed'),
      side: 'base',
      pointer: `${pair.base.pointer}/format`,
      message: `${where} no longer has format ${b}`,
    });
  }
}

/**
 * An enum list dropped admits every value of the type: a reader of a response may meet values it has no case for. Made
 * an `x-extensible-enum`, it says so outright; in a request that list is still what a server accepts (schema-types.ts).
 */
function checkEnumDropped(pair: SchemaPair, emit: SchemaEmit): void {
  if (!Array.isArray(pair.base.node.enum) || pair.revision.node.enum !== undefined) return;
  if (pair.revision.node.const !== undefined || enumIsWholeType(pair.base.node, pair.base.node.enum)) return;
  const opened = extensibleValues(pair.revision.node) !== undefined;
  if (opened && pair.direction === 'request') return;
  const values = pair.base.node.enum.map((v: unknown) => JSON.stringify(v)).join(', ');
  emit({
    id: ruleAt(pair.direction, pair.position, 'enum-removed'),
    side: 'base',
    pointer: enumAt(pair.base),
    message: `${describePlace(pair.direction, pair.position)} is no longer limited to ${values}${opened ? ': its enum became an x-extensible-enum, which tells readers to expect other values' : ''}`,
  });
}

/**
 * In an object closed to other names in both versions, `properties` (with `patternProperties`) lists every name a value
 * may hold (JSON Schema: additionalProperties refuses the rest). A name dropped from a request is refused where clients
 * could send it; a name added to a response may now arrive where old readers were told it never would. Said only in
 * those two directions: the other two are the property's own finding (new optional property, optional one removed).
 */
function checkClosedNames(pair: SchemaPair, emit: SchemaEmit): void {
  if (!isClosed(pair.base.node) || !isClosed(pair.revision.node)) return;
  const request = pair.direction === 'request';
  const side = request ? 'base' : 'revision';
  const [from, to] = request ? [pair.base.node, pair.revision.node] : [pair.revision.node, pair.base.node];
  const id = ruleAt(pair.direction, pair.position, request ? 'additional-properties-forbidden' : 'additional-properties-allowed');
  const where = describePlace(pair.direction, pair.position);
  for (const name of Object.keys(objectOf(from.properties))) {
    if (Object.hasOwn(objectOf(to.properties), name) || matchesPattern(to, name) || !inPayload(from.properties[name], request)) continue;
    emit({
      id,
      side,
      pointer: `${pair[side].pointer}/properties`,
      field: name,
      message: request
        ? `${where} no longer admits \`${name}\`: it was removed from an object closed to other names (additionalProperties: false), so a request still sending it is invalid`
        : `${where} may now hold \`${name}\`: it was added to an object closed to other names (additionalProperties: false), which old readers were told never comes`,
    });
  }
}

const objectOf = (v: unknown): Record<string, any> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : {});

/** A readOnly property is not sent in a request, a writeOnly one not returned: refusing or admitting its name changes no payload. */
function inPayload(property: unknown, request: boolean): boolean {
  const p = objectOf(property);
  return request ? p.readOnly !== true : p.writeOnly !== true;
}

function matchesPattern(node: Node, name: string): boolean {
  return Object.keys(objectOf(node.patternProperties)).some((pattern) => {
    try {
      return new RegExp(pattern, 'u').test(name);
    } catch {
      return true;
    }
  });
}
