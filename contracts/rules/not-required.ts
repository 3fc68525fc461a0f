// A `not` that forbids property names: `not: {required: [x]}` on an object says "x must not be sent", and
// `not: {anyOf: [{required: [x]}, {required: [y]}]}` forbids each name alone. A reviewer reads it as a property made
// unsendable, not as "the value's `not` changed": only a client that sends x breaks, so the finding names x and impact
// blocks the consumers that send it, not every caller of the operation. Any other `not` is schema-not.ts's and
// schema-shape.ts's, which leave these shapes to this family (`namesNot`).
import { readTypes } from '../schema/dialect.js';
import { NOT_REQUIRED_RULES } from './table/not-required.js';
import type { RuleFamily, SchemaPair } from './types.js';

type Node = Record<string, any>;

/** Keywords that say nothing about which values match: allowed beside `required` in a names shape. */
const ANNOTATIONS = new Set(['description', 'title', '$comment']);

export const notRequiredFamily: RuleFamily = {
  name: 'not-required',
  rules: NOT_REQUIRED_RULES,
  // Generous on purpose: whether the holding schema admits only objects (`type`, `nullable`) decides if a names shape applies.
  keywords: { read: ['not', 'type', 'nullable', 'properties', 'required'], followed: ['not'] },
  checkSchema(pair, emit) {
    if (pair.base.node.not === undefined && pair.revision.node.not === undefined) return;
    const names = namesNot(pair);
    if (!names) return;
    const request = pair.direction === 'request';
    const said = request
      ? { forbidden: 'may no longer be sent', allowed: 'may now be sent' }
      : { forbidden: 'is no longer returned', allowed: 'may now be returned' };
    names.revision.forEach((combo, i) => {
      if (forbids(names.base, combo)) return;
      emit({
        id: request ? 'request-property-became-forbidden' : 'response-property-became-forbidden',
        side: 'revision',
        pointer: `${pair.revision.pointer}${combinationAt(pair.revision.node, i)}`,
        field: combo[0],
        message: `${subject(pair)} ${said.forbidden}${together(combo)}: its object's \`not\` schema forbids it`,
      });
    });
    // Placed where the base forbade it: the revision may have no `not` left to point at.
    names.base.forEach((combo, i) => {
      if (forbids(names.revision, combo)) return;
      emit({
        id: request ? 'request-property-became-allowed' : 'response-property-became-allowed',
        side: 'base',
        pointer: `${pair.base.pointer}${combinationAt(pair.base.node, i)}`,
        field: combo[0],
        message: `${subject(pair)} ${said.allowed}${together(combo)}: its object's \`not\` schema no longer forbids it`,
      });
    });
  },
};

/**
 * Each version's forbidden combinations (names that must not all be sent together; none where `not` is absent), where
 * both are absent or names shapes on an object body or property; undefined otherwise. `required` constrains objects
 * only, so `not: {required: [x]}` also refuses every value that is no object: read as names only where the schema
 * admits objects alone, or declares properties and no type (a body's object written without `type: object`).
 */
export function namesNot(pair: SchemaPair): { base: string[][]; revision: string[][] } | undefined {
  if (pair.position !== 'body' && pair.position !== 'property') return undefined;
  const base = sideNames(pair.base.node);
  const revision = sideNames(pair.revision.node);
  return base && revision ? { base, revision } : undefined;
}

function sideNames(node: Node): string[][] | undefined {
  if (node.not === undefined) return [];
  if (!isObjectOnly(node)) return undefined;
  const n = node.not;
  if (!isNode(n) || n.$ref !== undefined) return undefined;
  const own = requiredOnly(n);
  if (own) return [own];
  if (!Array.isArray(n.anyOf) || n.anyOf.length === 0 || Object.keys(n).some((k) => k !== 'anyOf' && !ANNOTATIONS.has(k))) return undefined;
  const each = n.anyOf.map((m: unknown) => (isNode(m) ? requiredOnly(m) : undefined));
  return each.every((c: string[] | undefined) => c !== undefined) ? each : undefined;
}

/** The names of `{required: [...]}` with nothing beside it but annotations; undefined for any other schema. */
function requiredOnly(n: Node): string[] | undefined {
  if (!Array.isArray(n.required) || n.required.length === 0 || !n.required.every((r: unknown) => typeof r === 'string')) return undefined;
  return Object.keys(n).every((k) => k === 'required' || ANNOTATIONS.has(k)) ? [...new Set<string>(n.required)] : undefined;
}

function isObjectOnly(node: Node): boolean {
  const { types } = readTypes(node);
  if (types.length === 0) return isNode(node.properties);
  return types.length === 1 && types[0] === 'object';
}

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a side's i-th forbidden combination is written, below the schema. */
function combinationAt(node: Node, i: number): string {
  return Array.isArray(node.not.anyOf) ? `/not/anyOf/${i}/required` : '/not/required';
}

/** Whether a list of forbidden combinations refuses a value sending every name of `combo`: one of them lies within it. */
function forbids(list: string[][], combo: string[]): boolean {
  return list.some((c) => c.every((name) => combo.includes(name)));
}

/** The first name of a combination is the finding's field (`{field}`, its path written in); the others are sent beside it. */
function subject(pair: SchemaPair): string {
  return `${pair.direction} property {field}`;
}

const together = (combo: string[]) =>
  combo.length > 1
    ? ` together with ${combo
        .slice(1)
        .map((n) => `\`${n}\``)
        .join(', ')}`
    : '';
