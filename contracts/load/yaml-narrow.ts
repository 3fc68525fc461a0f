// A contract's YAML is read by js-yaml from a copy of its text held in one byte per character. V8 keeps a string
// with any character above U+00FF in two bytes per character, and so every key and value js-yaml cuts from it: a
// few curly quotes in Stripe's descriptions made its whole document, and the report built from it, twice as large.
import yaml, { type Schema, type State } from 'js-yaml';

/** The text with each character above U+00FF replaced by a stand-in (U+00C0 to U+00FF, one the text never holds). */
interface NarrowText {
  text: string;
  /** Offsets of the stand-ins, ascending: a string read from between two offsets that hold none has none. */
  offsets: number[];
  /** Stand-in -> the character it replaced. */
  original: Map<string, string>;
}

const NON_ASCII = /[^\x00-\x7f]/g;
// A double-quoted scalar's escapes can write any character: those that write one of the stand-ins' range rule it out.
const HEX_ESCAPE = /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g;
const FIRST_STAND_IN = 0xc0;
const LAST_STAND_IN = 0xff;

/**
 * The one-byte copy of `text`, or undefined when it is one byte already or cannot be copied faithfully: more
 * distinct wide characters than free stand-ins, or a character js-yaml refuses (U+FFFE, U+FFFF, a lone surrogate),
 * which must reach it as written. A surrogate pair is two stand-ins, so every offset and line stays where it was.
 */
export function narrowText(text: string): NarrowText | undefined {
  const wide = new Map<string, number>();
  const taken = new Set<number>();
  const offsets: number[] = [];
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m !== null; m = NON_ASCII.exec(text)) {
    const code = m[0].charCodeAt(0);
    if (code <= 0xff) {
      taken.add(code);
      continue;
    }
    if (code >= 0xfffe || !isPaired(text, m.index, code)) return undefined;
    offsets.push(m.index);
    wide.set(m[0], 0);
  }
  if (wide.size === 0) return undefined;
  HEX_ESCAPE.lastIndex = 0;
  for (let m = HEX_ESCAPE.exec(text); m !== null; m = HEX_ESCAPE.exec(text)) taken.add(Number.parseInt(m[1] ?? m[2] ?? m[3], 16));
  const original = new Map<string, string>();
  let next = FIRST_STAND_IN;
  for (const char of wide.keys()) {
    while (taken.has(next)) next++;
    if (next > LAST_STAND_IN) return undefined;
    wide.set(char, next);
    original.set(String.fromCharCode(next++), char);
  }
  // Written byte by byte: a string cut from the two-byte text, or joined from such cuts, would stay two-byte.
  const bytes = Buffer.from(text, 'latin1');
  for (const at of offsets) bytes[at] = wide.get(text[at]) as number;
  return { text: bytes.toString('latin1'), offsets, original };
}

function isPaired(text: string, at: number, code: number): boolean {
  if (code < 0xd800 || code > 0xdfff) return true;
  if (code <= 0xdbff) return isLowSurrogate(text.charCodeAt(at + 1));
  return at > 0 && isHighSurrogate(text.charCodeAt(at - 1));
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Parses one YAML document as js-yaml does, from the one-byte copy when there is one. */
export function loadYaml(text: string, file: string, schema: Schema): unknown {
  const narrow = narrowText(text);
  if (narrow === undefined) return yaml.load(text, { filename: file, schema });
  try {
    return yaml.load(narrow.text, { filename: file, schema, listener: restorer(narrow) });
  } catch {
    // Refused: read as written, so that js-yaml's message quotes the text itself.
    return yaml.load(text, { filename: file, schema });
  }
}

/**
 * js-yaml's listener: as each string closes, before it becomes a key or a value, its stand-ins are turned back.
 * Only a string read from between offsets that hold a stand-in is searched, and an alias (no kind), whose string
 * was stored under its anchor before this ran.
 */
function restorer(narrow: NarrowText): (event: 'open' | 'close', state: State) => void {
  const starts: number[] = [];
  const pattern = new RegExp(`[${[...narrow.original.keys()].join('')}]`, 'g');
  const restore = (s: string) => s.replace(pattern, (c) => narrow.original.get(c) as string);
  return (event, state) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    const start = starts.pop() as number;
    const { result } = state;
    if (typeof result !== 'string') return;
    if (state.kind === null || holdsOffset(narrow.offsets, start, state.position)) state.result = restore(result);
  };
}

/** Whether a stand-in sits in [from, to). */
function holdsOffset(offsets: number[], from: number, to: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (offsets[mid] < from) low = mid + 1;
    else high = mid;
  }
  return low < offsets.length && offsets[low] < to;
}
