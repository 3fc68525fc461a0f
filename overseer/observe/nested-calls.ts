// A call counted from a CLIENT span in one export is not counted again from the CLIENT span around it that arrives in
// another (spans end inside out, so the outer one usually comes later). The worker threads that match exports share
// nothing, so the spans counted are remembered here, on the event loop, within a bound.

import { createNestedCallMemory, type NestedCallMemory, type ObservedCall } from '../../contracts/index.js';
import type { IngestResult } from './ingest-wire.js';

/**
 * Spans remembered, and as many parents: six of a Collector's default batches (8,192 spans), where a nested pair ends
 * moments apart; about 6 MB at most (measured: 100,000 entries in all). Older ones are let go first.
 */
const MAX_REMEMBERED_SPANS = 50_000;

export function createRepeatFilter(max = MAX_REMEMBERED_SPANS): (answer: IngestResult) => IngestResult {
  const memory = createNestedCallMemory(max);
  return (answer) => dropRepeatedCalls(answer, memory);
}

const keyOf = (call: ObservedCall) => [call.consumer, call.provider, call.operation, call.environment, call.consumerVersion ?? ''].join('\u0000');
const idOf = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? undefined : n);

/** The answer without the spans an earlier export counted the same call from: they confirm it, as nested ones in one export do. */
function dropRepeatedCalls(answer: IngestResult, memory: NestedCallMemory): IngestResult {
  const { links, ...rest } = answer;
  if (!links) return rest;
  const repeats = new Array<number>(answer.calls.length).fill(0);
  let repeated = 0;
  const keys = answer.calls.map(keyOf);
  for (let i = 0; i + 2 < links.length; i += 3) {
    const index = links[i + 2]!;
    if (keys[index] === undefined || !memory.isRepeat(idOf(links[i]), idOf(links[i + 1]), keys[index]!)) continue;
    repeats[index]!++;
    repeated++;
  }
  if (repeated === 0) return rest;
  const calls: ObservedCall[] = [];
  const spans: number[] = [];
  answer.calls.forEach((call, i) => {
    const left = (answer.spans[i] ?? 0) - repeats[i]!;
    if (left <= 0) return;
    // A span stands for one call: each repeat takes one away.
    calls.push(repeats[i] === 0 ? call : { ...call, count: Math.max(1, call.count - repeats[i]!) });
    spans.push(left);
  });
  return { ...rest, calls, spans, confirmed: answer.confirmed + repeated };
}
