// Large output is written in slices: Node encodes a string into a buffer of its own size before writing it, and for a
// report of megabytes (Stripe's JSON is 8 MB) that buffer is memory touched for the first time, dearer than the write.
// Slices of 16 K characters are encoded into a small buffer that is reused (~40 ms less of Stripe's `diff --format json`).

export const SLICE_CHARS = 1 << 14;

/** `text` cut into pieces of at most `size` characters, never between the two halves of a surrogate pair. */
export function textSlices(text: string, size = SLICE_CHARS): string[] {
  if (text.length <= size) return [text];
  const slices: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + size, text.length);
    // Split, each half would be encoded on its own as a replacement character.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    slices.push(text.slice(at, end));
    at = end;
  }
  return slices;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
