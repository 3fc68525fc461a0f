// Meeting points of nested CLIENT spans on SQLite (migration 26): what every process on the file shares, so that a
// nested pair split between two processes, or exports far apart, is counted once.

import type Database from 'better-sqlite3';
import { FORGET_MANY, mergeSpanMeets, type SpanMeetPart } from '../span-meets.js';

export function createSpanMeets(db: Database.Database) {
  const upsert = db
    .prepare<[number, number, number], number>(
      `INSERT INTO span_meets (meet, parts, seen_at) VALUES (?, ?, ?)
       ON CONFLICT (meet) DO UPDATE SET parts = parts | excluded.parts, seen_at = max(seen_at, excluded.seen_at)
       RETURNING parts`,
    )
    .pluck();
  // IMMEDIATE (below): the write lock is taken first, so another process's batch cannot come between this one's upserts.
  const write = db.transaction((meets: readonly SpanMeetPart[], at: number) => new Map(meets.map(([meet, parts]) => [meet, upsert.get(meet, parts, at)!])));
  const forgetOld = db.prepare<[number]>('DELETE FROM span_meets WHERE seen_at < ?');
  const forgetMany = db.prepare<[number]>(FORGET_MANY);
  return {
    recordSpanMeets(meets: readonly SpanMeetPart[], at: number): number[] {
      const written = write.immediate(mergeSpanMeets(meets), at);
      return meets.map(([meet]) => written.get(meet)!);
    },
    pruneSpanMeets: db.transaction((before: number, kept: number): number => forgetOld.run(before).changes + forgetMany.run(kept).changes),
  };
}
