// How many calls an observed call stands for, bounded: a counter's point is whatever an exporter sends, and a count past
// 2^53 is no longer exact in JavaScript and past 2^63 fits no store column, where it failed every write after it.

/** The largest count kept (2^53 - 1): more calls than any service makes, and still exact as a number and as a bigint. */
export const MAX_CALL_COUNT = Number.MAX_SAFE_INTEGER;

/** `a + b`, stopping at MAX_CALL_COUNT. */
export function addCallCounts(a: number, b: number): number {
  return Math.min(a + b, MAX_CALL_COUNT);
}
