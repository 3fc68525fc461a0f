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
  // The revision's keys go on one shared stack, each call's above its caller's, and the base's are read in place: a
  // list of keys per side of every pair compared was ~4 MB of a Cloudflare diff's garbage.
  const start = top;
  for (const key in ro) {
    if (isUnwritten(ro[key])) return unwind(start, MAYBE);
    keys[top++] = key;
  }
  const count = top - start;
  let i = 0;
  let ordered = true;
  for (const key in bo) {
    if (isUnwritten(bo[key])) return unwind(start, MAYBE);
    if (i >= count || keys[start + i] !== key) ordered = false;
    i++;
  }
  if (!ordered || i !== count) return unwind(start, DIFFERENT);
  for (let k = start; k < start + count; k++) {
    const each = writtenAlike(bo[keys[k]], ro[keys[k]]);
    if (each === DIFFERENT) return unwind(start, DIFFERENT);
    if (each === MAYBE) out = MAYBE;
  }
  return unwind(start, out);
}

const keys: string[] = [];
let top = 0;

function unwind(start: number, answer: Written): Written {
  top = start;
  return answer;
}

/** A string, boolean, null or finite number: two distinct ones are always written differently. */
function isWrittenAsItself(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Whether a member is one JSON.stringify leaves out (undefined, a function, a symbol). */
function isUnwritten(v: unknown): boolean {
  const t = typeof v;
  return t === 'undefined' || t === 'function' || t === 'symbol';
}
