// A provider's observed calls reach the gate's threads by key (overseer/observe/observer.ts): a hub's thousand calls
// are hundreds of KB of text, which cost the event loop a copy at every ask; a thread keeps what it parsed instead.

import type { ObservedCall } from '../../contracts/index.js';

/** About 16 MB of text per thread: every hub's calls in every environment, several reads over. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

const kept = new Map<string, { calls: ObservedCall[]; bytes: number }>();
let keptBytes = 0;

/** The calls a key stands for: parsed from `text` when given (and kept), else as kept; undefined when this thread lacks them. */
export function readObservedCalls(key: string, text?: string): ObservedCall[] | undefined {
  const known = kept.get(key);
  if (known || text === undefined) return known?.calls;
  const calls = JSON.parse(text) as ObservedCall[];
  // First in, first out: a read the observer replaced is no longer asked for and leaves first.
  for (const [oldest, dropped] of kept) {
    if (keptBytes + text.length <= MAX_TEXT_BYTES) break;
    kept.delete(oldest);
    keptBytes -= dropped.bytes;
  }
  kept.set(key, { calls, bytes: text.length });
  keptBytes += text.length;
  return calls;
}
