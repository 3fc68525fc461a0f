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
  // A name no part declares is refused by any part that says `false` (dropRefusedProperties handles declared names).
  if (key === 'additionalProperties' && (a === false || b === false)) return false;
  if (key === 'required' && Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])];
  if (key === 'enum' && Array.isArray(a) && Array.isArray(b)) {
    const kept = new Set(b.map((v) => JSON.stringify(v)));
    return a.filter((v) => kept.has(JSON.stringify(v)));
  }
  if (key === 'type') return intersectTypes(a, b) ?? a;
  return a;
}

/**
 * `additionalProperties` sees only the `properties` and `patternProperties` of its own schema object (JSON Schema
 * 2020-12 Core 10.3.2.3; draft 4 5.4.4, which 3.0 and 2.0 build on): where a part says `false`, a name another part
 * declares and that part neither declares nor matches is refused whatever the other says, so it is no property of
 * the merge. `unevaluatedProperties` sees through applicators and is not read here.
 */
export function dropRefusedProperties(properties: Record<string, unknown>, parts: Schema[]): void {
  const closers = parts.filter((p) => p.additionalProperties === false);
  if (closers.length === 0) return;
  for (const name of Object.keys(properties)) if (!closers.every((c) => admitsName(c, name))) delete properties[name];
}

function admitsName(closer: Schema, name: string): boolean {
  const own = closer.properties;
  if (own !== null && typeof own === 'object' && Object.hasOwn(own, name)) return true;
  const patterns = closer.patternProperties;
  if (patterns === null || typeof patterns !== 'object') return false;
  return Object.keys(patterns).some((pattern) => matchesPattern(pattern, name));
}

/** A pattern no engine can compile is read as admitting the name: the merge keeps what it cannot prove refused. */
function matchesPattern(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return true;
  }
}

/**
 * A 3.0 boolean `exclusiveMaximum` belongs to the `maximum` beside it, so after the tighter bound is kept it must be the
 * flag of the schema that wrote that bound (or of any that wrote the same value: exclusive wins), not the first flag met.
 */
export function settleExclusiveFlags(merged: Schema, parts: Schema[]): void {
  for (const [bound, flag] of FLAGGED_BOUNDS) {
    const value = merged[bound];
    if (typeof value !== 'number' || !parts.some((p) => typeof p[flag] === 'boolean')) continue;
    const exclusive = parts.some((p) => p[bound] === value && p[flag] === true);
    if (exclusive) merged[flag] = true;
    else if (typeof merged[flag] === 'boolean') merged[flag] = false;
  }
}

/** The types both admit (an integer is a number); undefined when they admit none in common, which is left as written. */
function intersectTypes(a: unknown, b: unknown): unknown {
  const list = (t: unknown) => (Array.isArray(t) ? t : typeof t === 'string' ? [t] : undefined);
  const [la, lb] = [list(a), list(b)];
  if (!la || !lb) return undefined;
  const both = la.filter((t) => lb.includes(t) || (t === 'integer' && lb.includes('number')));
  for (const t of lb) if (t === 'integer' && la.includes('number') && !both.includes('integer')) both.push('integer');
  if (both.length === 0) return undefined;
  return both.length === 1 ? both[0] : both;
}
