// Which span each counted call came from, as numbers a registry keeps across exports and replicas: spans end inside out
// and a Collector batches them as they end, so a client library's CLIENT span often reaches the registry in the export
// after the HTTP client's CLIENT span nested in it (or another replica behind the same load balancer), and the one call
// was counted twice.

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

/**
 * Where a nested pair meets: the outer span's own id is the inner one's parent id, and both were counted as the same
 * call. Hashed with the call, so that a registry keeps one number per meeting point, and two calls that only share a
 * parent (siblings of different operations) never meet.
 */
export function meetOf(spanKey: string, call: string): number {
  return hashSpanKey(`${spanKey}\u0000${call}`);
}

/** A counted span's part at a meeting point: 1 its own id is there, 2 its parent's is. */
const MEET_AS_SPAN = 1;
const MEET_AS_PARENT = 2;

/** A counted span's two meeting points (NaN: it has no id, or no parent). */
export interface SpanMeets {
  span: number;
  parent: number;
}

/**
 * Which of `meets`, in order, repeat a call counted already: a span is one when a span counted before named it as its
 * parent (the nested one came first), or when it names as its parent a span counted before. `before` gives what was
 * known of each meeting point before this batch (the parts seen there, ORed); the batch's own are added in order.
 */
export function findRepeats(meets: readonly SpanMeets[], before: (meet: number) => number): boolean[] {
  const seen = new Map<number, number>();
  const partsAt = (meet: number) => seen.get(meet) ?? before(meet);
  return meets.map(({ span, parent }) => {
    const hasSpan = !Number.isNaN(span);
    const hasParent = !Number.isNaN(parent);
    const repeat = (hasSpan && (partsAt(span) & MEET_AS_PARENT) !== 0) || (hasParent && (partsAt(parent) & MEET_AS_SPAN) !== 0);
    if (hasSpan) seen.set(span, partsAt(span) | MEET_AS_SPAN);
    if (hasParent) seen.set(parent, partsAt(parent) | MEET_AS_PARENT);
    return repeat;
  });
}

/** Each meeting point of `meets` with the parts the batch adds there: what a store ORs into what it keeps. */
export function partsOfMeets(meets: readonly SpanMeets[]): Map<number, number> {
  const parts = new Map<number, number>();
  for (const { span, parent } of meets) {
    if (!Number.isNaN(span)) parts.set(span, (parts.get(span) ?? 0) | MEET_AS_SPAN);
    if (!Number.isNaN(parent)) parts.set(parent, (parts.get(parent) ?? 0) | MEET_AS_PARENT);
  }
  return parts;
}
