// A shallow copy for the engine's per-change paths, where `{ ...c, key: value }` was a measured cost.

/**
 * The own enumerable keys of a plain object (a finding, a change), in their order, on a new object. V8 copies a
 * spread followed by more keys on its slow path: copying Discord 2023 -> 2026's 3,204 changes took ~11 ms spread
 * and ~4 ms this way, in code that runs once and is never optimised. Keys added to the copy afterwards land where
 * the spread would have put them, so the JSON written is the same.
 */
export function copyOf<T extends object>(o: T): T {
  const out = {} as T;
  // for...in also reads inherited enumerable keys: the objects copied here are literals, whose prototype has none.
  for (const k in o) out[k] = o[k];
  return out;
}
