// Telling from two values, without writing them out, whether JSON.stringify would write them alike: most unlike
// schemas differ near the top, and writing both out in full to learn that was most of the unchanged test's cost.

/** What `writtenAlike` can tell of two values' JSON text. */
export const DIFFERENT = 0;
export const SAME = 1;
export const MAYBE = 2;
type Written = typeof DIFFERENT | typeof SAME | typeof MAYBE;

/**
 * DIFFERENT only where JSON.stringify is sure to write the two values differently, SAME only where it is sure to write
 * them alike (the same keys in the same order down to values written as themselves). Most unlike pairs differ near the
 * top, and writing both out in full to learn that was most of this test's cost; where this cannot tell (a value JSON
 * leaves out or writes as null, a toJSON), it says MAYBE.
 */
export function writtenAlike(b: unknown, r: unknown): Written {
  if (b === r) return SAME;
  if (b === null || r === null || typeof b !== 'object' || typeof r !== 'object') return !isWrittenAsItself(b) || !isWrittenAsItself(r) ? MAYBE : DIFFERENT;
  if (typeof (b as { toJSON?: unknown }).toJSON === 'function' || typeof (r as { toJSON?: unknown }).toJSON === 'function') return MAYBE;
  if (Array.isArray(b) !== Array.isArray(r)) return DIFFERENT;
  let out: Written = SAME;
  if (Array.isArray(b)) {
    const ra = r as unknown[];
    if (b.length !== ra.length) return DIFFERENT;
    for (let i = 0; i < b.length; i++) {
      const each = writtenAlike(b[i], ra[i]);
      if (each === DIFFERENT) return DIFFERENT;
      if (each === MAYBE) out = MAYBE;
    }
    return out;
  }
  const bo = b as Record<string, unknown>;
  const ro = r as Record<string, unknown>;
  const bk = Object.keys(bo);
  const rk = Object.keys(ro);
  if (hasUnwritten(bo, bk) || hasUnwritten(ro, rk)) return MAYBE;
  if (bk.length !== rk.length) return DIFFERENT;
  for (let i = 0; i < bk.length; i++) {
    if (bk[i] !== rk[i]) return DIFFERENT;
    const each = writtenAlike(bo[bk[i]], ro[bk[i]]);
    if (each === DIFFERENT) return DIFFERENT;
    if (each === MAYBE) out = MAYBE;
  }
  return out;
}

/** A string, boolean, null or finite number: two distinct ones are always written differently. */
function isWrittenAsItself(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Whether a member is one JSON.stringify leaves out (undefined, a function, a symbol). */
function hasUnwritten(o: Record<string, unknown>, keys: string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    const t = typeof o[keys[i]];
    if (t === 'undefined' || t === 'function' || t === 'symbol') return true;
  }
  return false;
}
