// What two schemas that both apply to one value say together, keyword by keyword: used where JSON Schema applies
// several schemas at once (the members of an `allOf`, the keywords beside a 3.1 `$ref` and what it names).
import type { Schema } from './dialect.js';

/** Bounds where both apply and the tighter wins. */
const LOWEST = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']);
const HIGHEST = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains']);
/** JSON Schema 2020-12 (meta-data vocabulary): where several apply, one `true` makes it true. */
const ANY_TRUE = new Set(['readOnly', 'writeOnly', 'deprecated', 'uniqueItems']);
/** OpenAPI 3.0's boolean flags, which only qualify the bound beside them (JSON Schema draft 4). */
const FLAGGED_BOUNDS = [
  ['maximum', 'exclusiveMaximum'],
  ['minimum', 'exclusiveMinimum'],
] as const;

/** One keyword's value when both schemas set it: the tighter bound, the union of `required`, the common `enum` values and types; else the first. */
export function combineKeyword(key: string, a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (LOWEST.has(key)) return Math.min(a, b);
    if (HIGHEST.has(key)) return Math.max(a, b);
  }
  if (ANY_TRUE.has(key)) return a === true || b === true;
  if (key === 'required' && Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])];
  if (key === 'enum' && Array.isArray(a) && Array.isArray(b)) {
    const kept = new Set(b.map((v) => JSON.stringify(v)));
    return a.filter((v) => kept.has(JSON.stringify(v)));
  }
  if (key === 'type') return intersectTypes(a, b) ?? a;
  return a;
}

/**
 * A 3.0 boolean `exclusiveMaximum` belongs to the `maximum` beside it, so after the tighter bound is kept it must be the
 * flag of the schema that wrote that bound (or of any that wrote the same value: exclusive wins), not the first flag met.
 */
export function settleExclusiveFlags(merged: Schema, parts: Schema[]): void {
  // Indexed and not destructured: each merge runs this, mostly before V8 optimises it, and both allocate per step there.
  for (let i = 0; i < FLAGGED_BOUNDS.length; i++) {
    const bound = FLAGGED_BOUNDS[i][0];
    const flag = FLAGGED_BOUNDS[i][1];
    const value = merged[bound];
    if (typeof value !== 'number' || !parts.some((p) => typeof p[flag] === 'boolean')) continue;
    const exclusive = parts.some((p) => p[bound] === value && p[flag] === true);
    if (exclusive) merged[flag] = true;
    else if (typeof merged[flag] === 'boolean') merged[flag] = false;
  }
}

/** The types both admit (an integer is a number); none in common is `[]`, a type no value has (admits-nothing.ts). */
function intersectTypes(a: unknown, b: unknown): unknown {
  // Two single names, as nearly every merge meets them: answered without the lists below.
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return a;
    return (a === 'integer' && b === 'number') || (a === 'number' && b === 'integer') ? 'integer' : [];
  }
  const list = (t: unknown) => (Array.isArray(t) ? t : typeof t === 'string' ? [t] : undefined);
  const la = list(a);
  const lb = list(b);
  if (!la || !lb) return undefined;
  const both = la.filter((t) => lb.includes(t) || (t === 'integer' && lb.includes('number')));
  for (const t of lb) if (t === 'integer' && la.includes('number') && !both.includes('integer')) both.push('integer');
  return both.length === 1 ? both[0] : both;
}
