// Which span each counted call came from, kept across exports: spans end inside out and a Collector batches them as
// they end, so a client library's CLIENT span often reaches the registry in the export after the HTTP client's CLIENT
// span nested in it, and the one call was counted twice. The ids go as numbers, compact to send back and to keep.

/** `trace/span` as one number: 53 bits of two FNV-1a hashes, so two ids meet by chance about once in 2^53. */
export function hashSpanKey(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x0100019d) >>> 0;
  }
  return (b & 0x1fffff) * 0x100000000 + a;
}

export interface NestedCallMemory {
  /**
   * Whether a counted CLIENT span is a call counted already: a span counted before named it as its parent for the same
   * call (the nested one came first), or it names as its parent a span counted before for the same call. Remembers it.
   */
  isRepeat(span: number | undefined, parent: number | undefined, call: string): boolean;
}

/**
 * At most `max` spans and `max` parents are kept, in two generations of half each: when the newer is full the older is
 * let go whole. (A Map evicting its oldest key one at a time skips every deleted slot before it: 150 µs a span.)
 */
export function createNestedCallMemory(max: number): NestedCallMemory {
  const spans = createGenerations(max);
  const parents = createGenerations(max);
  return {
    isRepeat(span, parent, call) {
      const repeat = (span !== undefined && parents.get(span) === call) || (parent !== undefined && spans.get(parent) === call);
      if (span !== undefined) spans.set(span, call);
      if (parent !== undefined) parents.set(parent, call);
      return repeat;
    },
  };
}

function createGenerations(max: number): { get(key: number): string | undefined; set(key: number, call: string): void } {
  const half = Math.max(1, Math.floor(max / 2));
  let newer = new Map<number, string>();
  let older = new Map<number, string>();
  return {
    get: (key) => newer.get(key) ?? older.get(key),
    set(key, call) {
      if (newer.size >= half) {
        older = newer;
        newer = new Map();
      }
      newer.set(key, call);
    },
  };
}
