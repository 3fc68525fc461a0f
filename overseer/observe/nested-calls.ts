// A call counted from a CLIENT span in one export is not counted again from the CLIENT span around it that arrives in
// another (spans end inside out, so the outer one usually comes later), nor when the two reach two replicas behind one
// load balancer. The worker threads that match exports share nothing, and replicas share only the store: the meeting
// points of counted spans are kept there (migration 26), bounded by time and by count.

import { findRepeats, type ObservedCall, partsOfMeets, type SpanMeets } from '../../contracts/index.js';
import type { Store } from '../store/store.js';
import type { IngestResult } from './ingest-wire.js';

/**
 * How long a meeting point is kept: a nested pair ends moments apart, but the halves of one may travel in two exports a
 * Collector retried apart (its exporter gives up after five minutes by default).
 */
const KEEP_MEETS_MS = 15 * 60 * 1000;
/** Points kept past which the oldest go, whatever their time: about 60 bytes each with their indexes, 30 MB at most. */
const MAX_MEETS = 500_000;
/** How often a process prunes them: between two prunes the table grows by a minute of spans at most. */
export const PRUNE_MEETS_EVERY_MS = 60 * 1000;

interface RepeatFilter {
  /** The answer without the spans a counted span nested in them, or around them, was counted from already. */
  drop(answer: IngestResult): Promise<IngestResult>;
  /** Forgets the points older than they are kept, and the oldest past the bound. */
  prune(): Promise<number>;
}

export function createRepeatFilter(store: Store, now: () => number): RepeatFilter {
  return {
    drop: (answer) => dropRepeatedCalls(answer, store, now()),
    prune: () => store.pruneSpanMeets(now() - KEEP_MEETS_MS, MAX_MEETS),
  };
}

const idOf = (n: number | undefined) => (n === undefined ? Number.NaN : n);

async function dropRepeatedCalls(answer: IngestResult, store: Store, at: number): Promise<IngestResult> {
  const { links, ...rest } = answer;
  if (!links) return rest;
  const meets: (SpanMeets & { index: number })[] = [];
  for (let i = 0; i + 2 < links.length; i += 3) meets.push({ span: idOf(links[i]), parent: idOf(links[i + 1]), index: links[i + 2]! });
  const added = partsOfMeets(meets);
  const points = [...added];
  const after = await store.recordSpanMeets(points, at);
  // What was kept before this export: the parts now there, less those it added (both parts of one point never come
  // from one export: the worker counted such a pair once already).
  const before = new Map(points.map(([meet, parts], i) => [meet, after[i]! & ~parts]));
  const repeated = findRepeats(meets, (meet) => before.get(meet) ?? 0);
  const repeats = new Array<number>(answer.calls.length).fill(0);
  let dropped = 0;
  repeated.forEach((repeat, i) => {
    if (!repeat || answer.calls[meets[i]!.index] === undefined) return;
    repeats[meets[i]!.index]!++;
    dropped++;
  });
  if (dropped === 0) return rest;
  const calls: ObservedCall[] = [];
  const spans: number[] = [];
  answer.calls.forEach((call, i) => {
    const left = (answer.spans[i] ?? 0) - repeats[i]!;
    if (left <= 0) return;
    // A span stands for one call: each repeat takes one away.
    calls.push(repeats[i] === 0 ? call : { ...call, count: Math.max(1, call.count - repeats[i]!) });
    spans.push(left);
  });
  return { ...rest, calls, spans, confirmed: answer.confirmed + dropped };
}
