// How long to wait before attempt n+1: doubling from the base, capped, with jitter so that a receiver coming back
// is not hit by every waiting notification at the same instant.

export function computeBackoff(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the ceiling, so delays still grow, the other half random.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
