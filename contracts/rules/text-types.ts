// Types of values sent as text: a `schema` parameter or header is expanded by its style into characters, where the
// integer 5 and the string "5" are the same three bytes `5`, so a string that asks nothing more admits them all.
import type { Schema } from '../schema/dialect.js';
import type { SchemaPair } from './types.js';

/** Types whose every value has a text that a free string admits: the number 1e3 is sent as `1e3`, true as `true`. */
const SCALARS = new Set(['integer', 'number', 'boolean']);
const COMPOSED = ['allOf', 'anyOf', 'oneOf', 'not', 'if'] as const;

/**
 * Keywords by which a string refuses some text: a pattern, a list of values, a length, or a format naming what the text
 * holds (a date, a uuid), which a server may check. minLength 1 refuses only the empty text, which no number or boolean is.
 */
function narrowsText(s: Schema): boolean {
  // Alternatives and conditions beside the type may hold any of those: not read here, so not called free.
  if (COMPOSED.some((k) => s[k] !== undefined)) return true;
  if (s.pattern !== undefined || s.enum !== undefined || s.const !== undefined || s.format !== undefined || s.maxLength !== undefined) return true;
  return typeof s.minLength === 'number' && s.minLength > 1;
}

/**
 * Whether, on a text wire, the `wider` side (the revision of a request, the base of a response) is a free string and the
 * other side's types all scalars: every value the narrower side allowed is text the wider side allows, so the change
 * widens a request (no client's value is refused) or narrows a response (a client reads text it read before).
 */
export function coversAsText(pair: SchemaPair, b: string[], r: string[]): boolean {
  if (!pair.text) return false;
  const [wider, narrower, node] = pair.direction === 'request' ? [r, b, pair.revision.node] : [b, r, pair.base.node];
  if (narrower.length === 0 || !narrower.every((t) => SCALARS.has(t) || t === 'null')) return false;
  return wider.includes('string') && !narrowsText(node);
}
