// Meeting points of nested CLIENT spans on PostgreSQL (migration 26): shared by every replica, so that a nested pair
// split between two replicas behind one load balancer is counted once.

import { FORGET_MANY, mergeSpanMeets, type SpanMeetPart } from '../span-meets.js';
import type { Queryable } from './db.js';

export function createSpanMeets(db: Queryable) {
  return {
    async recordSpanMeets(meets: readonly SpanMeetPart[], at: number): Promise<number[]> {
      if (meets.length === 0) return [];
      // A batch meeting another at a point waits for its commit and ORs into what it wrote. The points go as two lists
      // of digits (pg's array literals cost 3 µs a number on the event loop), and only the points that held a part
      // before come back: an export's thousands of others hold what it added.
      const sorted = mergeSpanMeets(meets);
      const rows = await db.query<{ meet: string; parts: number }>(
        `WITH input AS (SELECT * FROM unnest(string_to_array($1, ',')::bigint[], string_to_array($2, ',')::int[]) AS i(meet, parts)),
         written AS (
           INSERT INTO span_meets AS m (meet, parts, seen_at) SELECT meet, parts, $3 FROM input ORDER BY meet
           ON CONFLICT (meet) DO UPDATE SET parts = m.parts | excluded.parts, seen_at = greatest(m.seen_at, excluded.seen_at)
           RETURNING m.meet, m.parts)
         SELECT written.meet::text AS meet, written.parts FROM written JOIN input USING (meet) WHERE written.parts <> input.parts`,
        [sorted.map(([meet]) => meet).join(','), sorted.map(([, parts]) => parts).join(','), at],
      );
      const after = new Map(sorted);
      for (const row of rows) after.set(Number(row.meet), row.parts);
      return meets.map(([meet]) => after.get(meet)!);
    },
    async pruneSpanMeets(before: number, kept: number): Promise<number> {
      const old = await db.execute('DELETE FROM span_meets WHERE seen_at < $1', [before]);
      return old + (await db.execute(FORGET_MANY.replace('?', '$1'), [kept]));
    },
  };
}
