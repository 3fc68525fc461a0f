// The line scan of JSON text (load/lines.ts holds the pointers wanted in a trie). A one-off diff runs
// this before V8 has optimised it: it jumps from one string or bracket to the next with native searches
// instead of reading the indentation char by char, and counts lines only where a wanted key is met.
import { escapeToken } from '../schema/pointer.js';
import type { Trie } from './lines.js';

/** Sets the line of every trie node whose key or array item the text holds. */
export function scanJson(text: string, root: Trie): void {
  // A minified document is one line: every pointer is on it.
  const firstNewline = text.indexOf('\n');
  if (firstNewline < 0 || firstNewline === text.length - 1) return;
  // Made per scan: a global regex carries its position, and a scan must not see another's. A whole string is one
  // match, passed over by the regex engine rather than by a search per quote; the text parsed as JSON, so every
  // string is closed and each match ends where the string does (linear: no string is tried twice).
  const structure = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\],]/g;
  // Text up to the next bracket outside a string: a run of neither quote nor bracket, then strings each followed by
  // such a run (the unrolled form: no two ways to match the same text, so no backtracking on a long run).
  const toBracket = /[^"{}[\]]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}[\]]*)*[{}[\]]/y;
  const tries: (Trie | null)[] = [];
  const counters: number[] = [];
  const kinds: ('o' | 'a')[] = [];
  let pendingKey: Trie | null | undefined;
  let top: Trie | null = root;
  // Lines are counted up to where one is wanted, from where the last was: positions only grow.
  let line = 1;
  let counted = 0;
  const lineAt = (at: number): number => {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) line++;
    counted = at;
    return line;
  };
  const enterValue = (at: number): Trie | null => {
    const kind = kinds[kinds.length - 1];
    if (kind === undefined) return root;
    if (kind === 'o') return pendingKey ?? null;
    const t = top ? (top.children?.get(String(counters[counters.length - 1]++)) ?? null) : (counters[counters.length - 1]++, null);
    if (t && t.line === undefined) t.line = lineAt(at);
    return t;
  };
  // After `[` or `,` in an array: a bare scalar (number, true, null) is an item the quote and bracket search would not see.
  const countScalar = (from: number): void => {
    let i = from;
    while (i < text.length && text.charCodeAt(i) <= 32) i++;
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 34 && c !== 123 && c !== 91 && c !== 93 && c !== 125 && c !== 44 && c !== 58) enterValue(i);
  };
  while (structure.test(text)) {
    const i = structure.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 34) {
      // `i` is where the string ends: JSON holds no raw line break inside a string, so its end is on its first line.
      if (kinds[kinds.length - 1] === 'o' && pendingKey === undefined && isKeyPosition(text, i)) {
        const key = top ? (top.children?.get(escapeToken(readKey(text, openingQuote(text, i), i))) ?? null) : null;
        if (key && key.line === undefined) key.line = lineAt(i);
        pendingKey = key;
      } else enterValue(i);
    } else if (c === 123 || c === 91) {
      const t = enterValue(i);
      pendingKey = undefined;
      if (t === null) {
        // No wanted pointer lies inside: pass over the whole value.
        structure.lastIndex = skipNested(text, i, toBracket) + 1;
        continue;
      }
      tries.push(top);
      top = t;
      kinds.push(c === 123 ? 'o' : 'a');
      counters.push(0);
      if (c === 91) countScalar(i + 1);
    } else if (c === 125 || c === 93) {
      top = tries.pop() ?? null;
      kinds.pop();
      counters.pop();
      pendingKey = undefined;
    } else {
      pendingKey = undefined;
      if (kinds[kinds.length - 1] === 'a') countScalar(i + 1);
    }
  }
}

/** The key quoted from `start` to `end`: most keys hold no escape and need no JSON.parse. */
function readKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/**
 * The index of the bracket that closes the object or array opening at `start`. One match per bracket: the text between
 * two brackets (strings whole, brackets inside them included) is passed over by the regex engine, not one string at a
 * time by this loop, which ran in the interpreter for every string of every branch no pointer enters. Sticky, so a match
 * never starts anywhere but where the last one ended (never inside a string).
 */
function skipNested(text: string, start: number, toBracket: RegExp): number {
  let depth = 0;
  toBracket.lastIndex = start;
  while (toBracket.test(text)) {
    const i = toBracket.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) depth++;
    else if (--depth === 0) return i;
  }
  return text.length - 1;
}

/** Where the string closing at `end` opens: the nearest quote before it that no backslash escapes. */
function openingQuote(text: string, end: number): number {
  let from = end - 1;
  for (;;) {
    const quote = text.lastIndexOf('"', from);
    if (quote <= 0) return 0;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote;
    from = quote - 1;
  }
}

function isKeyPosition(text: string, end: number): boolean {
  for (let i = end + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return true;
    if (c > 32) return false;
  }
  return false;
}
