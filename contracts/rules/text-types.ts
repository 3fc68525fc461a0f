// Types of values sent as text: a `schema` parameter or header is expanded by its style into characters, where the
// integer 5 and the string "5" are the same three bytes `5`, so a string that asks nothing more admits them all.
import type { Schema } from '../schema/dialect.js';
import { formatTargets } from './format-target.js';
import type { SchemaPair } from './types.js';

/** Types whose every value has a text that a free string admits: the number 1e3 is sent as `1e3`, true as `true`. */
const SCALARS = new Set(['integer', 'number', 'boolean']);
const COMPOSED = ['allOf', 'anyOf', 'oneOf', 'not', 'if'] as const;

// The integer formats whose every value is the decimal text a string of format int64 holds.
const INT64_TEXTS = new Set(['int32', 'int64']);

/**
 * Keywords by which a string refuses some text: a pattern, a list of values, a length, or a format naming what the text
 * holds (a date, a uuid), which a server may check. minLength 1 refuses only the empty text, which no number or boolean
 * is. A format defined for numbers alone (int32, float, double) lets every string through (JSON Schema 2020-12
 * Validation 7.1), so it refuses nothing; int64, which a string may hold as digits, is read apart (`int64Text`).
 */
function narrowsText(s: Schema): boolean {
  // Alternatives and conditions beside the type may hold any of those: not read here, so not called free.
  if (COMPOSED.some((k) => s[k] !== undefined)) return true;
  if (s.pattern !== undefined || s.enum !== undefined || s.const !== undefined || s.maxLength !== undefined) return true;
  if (s.format !== undefined && formatTargets(s.format)?.includes('string') !== false) return true;
  return typeof s.minLength === 'number' && s.minLength > 1;
}

/** A string that asks only for format int64: the decimal text of a 64-bit integer, as an int64 integer is written. */
function int64Text(s: Schema, types: string[]): boolean {
  if (s.format !== 'int64' || !types.includes('string') || !types.every((t) => t === 'string' || t === 'null')) return false;
  return !narrowsText({ ...s, format: undefined });
}

const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'enum', 'const'] as const;

/** An integer of format int32 or int64 that asks nothing more: each value's text is int64 digits. */
function integerText(s: Schema, types: string[]): boolean {
  if (!types.includes('integer') || !types.every((t) => t === 'integer' || t === 'null') || !INT64_TEXTS.has(s.format)) return false;
  return !COMPOSED.some((k) => s[k] !== undefined) && !NUMBER_KEYWORDS.some((k) => s[k] !== undefined);
}

const FREE_TEXT = ': it is sent as text, and a string with no pattern, format, length or values listed admits every text the other did';
const INT64_DIGITS = ': it is sent as text, and a string of format int64 holds the digits of a 64-bit integer, as the integer is written';

/**
 * Why, on a text wire, the `wider` side (the revision of a request, the base of a response) admits every value of the
 * other, in words for the finding's message; undefined where it does not. It does where the wider side is a free string
 * and the other's types all scalars, or where the one side is an int64 integer and the other a string of its digits:
 * the change widens a request (no client's value is refused) or narrows a response (a client reads text it read before).
 */
export function coversAsText(pair: SchemaPair, b: string[], r: string[]): string | undefined {
  if (!pair.text) return undefined;
  const [wider, narrower, node] = pair.direction === 'request' ? [r, b, pair.revision.node] : [b, r, pair.base.node];
  const other = pair.direction === 'request' ? pair.base.node : pair.revision.node;
  // `type: string, format: int64` holds the texts an int64 integer is written in, and no other (an int32's among them):
  // the two are the same values on a text wire, whichever way the type moves.
  if (int64Text(node, wider) && integerText(other, narrower)) return INT64_DIGITS;
  if (int64Text(other, narrower) && integerText(node, wider) && node.format === 'int64') return INT64_DIGITS;
  if (narrower.length === 0 || !narrower.every((t) => SCALARS.has(t) || t === 'null')) return undefined;
  if (!wider.includes('string') || narrowsText(node)) return undefined;
  return node.format === undefined
    ? FREE_TEXT
    : `: it is sent as text, and format ${node.format} is defined for numbers alone, so the string admits every text the other did`;
}
