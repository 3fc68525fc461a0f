// How a size and its limit read in a refusal: in a unit that tells them apart, since "0.0 MB, over the 0.0 MB limit"
// (a limit of a few bytes) and "16.0 MB, over the 16.0 MB limit" (a few bytes over) said nothing to act on.

/** The size and the limit, written in the largest unit the limit fills and in which the two still read differently. */
export function describeSizes(size: number, limit: number): [string, string] {
  for (const [unit, bytes] of [
    ['MB', 1024 * 1024],
    ['KB', 1024],
  ] as const) {
    if (limit < bytes) continue;
    const [a, b] = [size, limit].map((n) => `${(n / bytes).toFixed(1)} ${unit}`);
    if (a !== b) return [a, b];
  }
  return [`${size.toLocaleString('en')} bytes`, `${limit.toLocaleString('en')} bytes`];
}
