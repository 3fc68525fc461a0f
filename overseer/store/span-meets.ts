// Meeting points of nested CLIENT spans as both stores keep them (migration 26), without the engine: the SQLite store's
// writer thread records them too, and loads nothing else.

/**
 * A meeting point of counted CLIENT spans (contracts' `meetOf`, a 53-bit number) with the parts a batch of spans adds
 * there (1: a span's own id, 2: a span's parent id, ORed): what replicas share to count a nested pair of spans once.
 */
export type SpanMeetPart = readonly [meet: number, parts: number];

/** One entry per point, its parts ORed, in point order: an upsert touches a row once, and concurrent batches lock alike. */
export function mergeSpanMeets(meets: readonly SpanMeetPart[]): SpanMeetPart[] {
  const merged = new Map<number, number>();
  for (const [meet, parts] of meets) merged.set(meet, (merged.get(meet) ?? 0) | parts);
  return [...merged].sort(([a], [b]) => a - b);
}

/**
 * Both stores' count bound: the point at `kept` places from the newest and all those stamped with it or before go (a
 * batch shares one stamp, so a few more may go than the count asks, never fewer); none while fewer are kept.
 */
export const FORGET_MANY = 'DELETE FROM span_meets WHERE seen_at <= (SELECT seen_at FROM span_meets ORDER BY seen_at DESC LIMIT 1 OFFSET ?)';
