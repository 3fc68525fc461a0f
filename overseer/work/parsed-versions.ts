// A hub's consumers reach the gate's threads as JSON text on every ask (gather/gate-inputs.ts). A consumer version and
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

/** Listings kept by key (overseer/gather/consumer-listings.ts): their versions are the objects parseCountedText gave. */
const listings = new Map<string, { versions: WireGateVersion[]; textLength: number }>();
let listedBytes = 0;

/** The listing's versions: parsed from `texts` when given (and kept), else as kept; undefined when this thread lacks it. */
export function readListing(key: string, texts?: string[]): WireGateVersion[] | undefined {
  const known = listings.get(key);
  if (known || !texts) return known?.versions;
  const versions = texts.map(parseCountedText);
  const textLength = texts.reduce((sum, text) => sum + text.length, 0);
  // First in, first out, as the texts: a listing of a generation gone is no longer asked for and leaves first.
  for (const [oldest, dropped] of listings) {
    if (listedBytes + textLength <= MAX_TEXT_BYTES) break;
    listings.delete(oldest);
    listedBytes -= dropped.textLength;
  }
  listings.set(key, { versions, textLength });
  listedBytes += textLength;
  return versions;
}
