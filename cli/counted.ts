// Counts in the CLI's messages agree with their noun: "exported 1 record", "2 calls", never "1 records" or "call(s)".

/**
 * `1 record`, `2 records`; `plural` for a noun that does not take an s. `grouped` writes 12,345 for a person watching
 * progress; the last lines, which scripts may read, keep 12345 as they always did.
 */
export function describeCount(n: number, noun: string, options: { plural?: string; grouped?: boolean } = {}): string {
  return `${options.grouped ? n.toLocaleString('en') : n} ${n === 1 ? noun : (options.plural ?? `${noun}s`)}`;
}
