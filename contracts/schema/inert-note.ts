// The words that say a keyword moved where its schema's `type` lets it constrain nothing, shared by the bounds and
// formats (rules/keyword-target.ts) and by properties and items walked below such a schema (inert-subtree.ts).
import { readTypes, type Schema } from './dialect.js';
import type { Direction } from './pairs.js';

/** Appended to a finding's message; `base`/`revision`: whether that version's `type` may hold the keyword's values. */
export function inertNote(nodes: { base: Schema; revision: Schema }, direction: Direction, base: boolean, revision: boolean): string {
  const b = typeName(nodes.base);
  const r = typeName(nodes.revision);
  if (!base && !revision) {
    const reader = direction === 'request' ? 'a validating server' : 'a validating client';
    const on = b === r ? `${article(r)} ${r} schema` : `${article(r)} ${r} schema (${b} in the base)`;
    return ` on ${on}, where it constrains nothing: ${reader} ignores it`;
  }
  return base
    ? `; the schema is now ${r}, where it constrains nothing (its type change is judged on its own)`
    : `; the schema was ${b}, where it constrained nothing (its type change is judged on its own)`;
}

/** `integer`, `boolean or integer`; `null` where `type` names only null. */
function typeName(node: Schema): string {
  const { types } = readTypes(node);
  return types.length === 0 ? 'null' : types.join(' or ');
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
