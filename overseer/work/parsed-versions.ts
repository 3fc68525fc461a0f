// A hub's consumers reach the gate's threads as JSON text on every ask (routes/gate-inputs.ts). A consumer version and
// what it declares never change once published, so the same text always parses to the same value: each thread keeps
// what it parsed, and an ask about a hub parses only the consumers it has not seen, not its hundreds again.

import type { WireGateVersion } from './wire.js';

/** About 8 MB of text per thread: tens of thousands of consumer versions. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

const parsed = new Map<string, WireGateVersion>();
let textBytes = 0;

/** The version a text stands for; the same object for the same text while it is kept, which nobody may change. */
export function parseCountedText(text: string): WireGateVersion {
  // First in, first out: a hub asked about often parses its consumers again only after the cache has turned over.
  const known = parsed.get(text);
  if (known) return known;
  const version = JSON.parse(text) as WireGateVersion;
  parsed.set(text, version);
  textBytes += text.length;
  while (textBytes > MAX_TEXT_BYTES && parsed.size > 1) {
    const oldest = parsed.keys().next().value as string;
    parsed.delete(oldest);
    textBytes -= oldest.length;
  }
  return version;
}
