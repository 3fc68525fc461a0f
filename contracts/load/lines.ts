// Where JSON pointers sit in the source text, found by one light scan of the text for all the
// pointers wanted at once. A second full YAML parse with positions would double the cost of every
// run; the scan follows only the branches of the document that lead to a wanted pointer.
import { escapeToken, splitPointer } from '../schema/pointer.js';

interface Trie {
  /** Made when a first child is: most nodes are the ends of pointers and have none. */
  children?: Map<string, Trie>;
  /** Line of this node once seen. */
  line?: number;
}

/** The 1-based line of each pointer, or of its nearest ancestor the scan saw. */
export function findLines(text: string, format: 'yaml' | 'json', pointers: Iterable<string>): Map<string, number> {
  const root: Trie = { line: 1 };
  const wanted: [string, string[]][] = [];
  for (const p of pointers) {
    const tokens = escapedTokens(p);
    wanted.push([p, tokens]);
    let node = root;
    for (const t of tokens) {
      node.children ??= new Map();
      let next = node.children.get(t);
      if (!next) node.children.set(t, (next = {}));
      node = next;
    }
  }
  // Nothing below the root is wanted: every pointer is on line 1, with no scan.
  if (root.children === undefined) return new Map(wanted.map(([p]) => [p, 1]));
  if (format === 'json') scanJson(text, root);
  else scanYaml(text, root);
  const out = new Map<string, number>();
  for (const [p, tokens] of wanted) {
    let node: Trie | undefined = root;
    let line = 1;
    for (const t of tokens) {
      node = node.children?.get(t);
      if (!node || node.line === undefined) break;
      line = node.line;
    }
    out.set(p, line);
  }
  return out;
}

// A `~` that is not `~0` or `~1`: unescaping and escaping again would not give the token back.
const MALFORMED_TILDE = /~(?![01])/;

/** The tokens of a pointer as the trie keys them (escaped); a pointer the engine built is split as it is. */
function escapedTokens(pointer: string): string[] {
  if (pointer.startsWith('#') || MALFORMED_TILDE.test(pointer)) return splitPointer(pointer).map(escapeToken);
  return pointer.split('/').slice(1);
}

interface Frame {
  col: number;
  trie: Trie | null;
  kind: 'key' | 'item';
  /** The key has no inline value, so a block (possibly a sequence at its own column) follows. */
  open: boolean;
  items: number;
}

/**
 * Splits `key: value` (the key as written, quotes included). A hand-written scan rather than a
 * regex: the regex this replaces backtracked quadratically on a long run of spaces, and one line
 * of 16,000 spaces took a second.
 */
function splitKey(line: string): { key: string; value: string } | undefined {
  const first = line.charCodeAt(0);
  let end: number;
  if (first === 34 /* " */ || first === 39 /* ' */) {
    const close = findClosingQuote(line, first);
    if (close < 0) return undefined;
    end = close + 1;
    while (isBlank(line.charCodeAt(end))) end++;
    if (line.charCodeAt(end) !== 58 /* : */) return undefined;
  } else {
    // Not a key: a comment, a flow collection, an explicit key, or a sequence dash.
    if (first === 35 || first === 123 || first === 91 || first === 63 || isBlank(first) || (first === 45 && isBlank(line.charCodeAt(1)))) return undefined;
    end = -1;
    for (let i = 1; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 58 && (i + 1 === line.length || isBlank(line.charCodeAt(i + 1)))) {
        end = i;
        break;
      }
      if (c === 35 /* # */ && isBlank(line.charCodeAt(i - 1))) return undefined;
    }
    if (end < 0) return undefined;
  }
  const after = line.slice(end + 1);
  if (after !== '' && !isBlank(after.charCodeAt(0))) return undefined;
  return { key: line.slice(0, end).trim(), value: after.trim() };
}

function findClosingQuote(line: string, quote: number): number {
  for (let i = 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote === 34 && c === 92 /* \ */) i++;
    else if (c === quote) {
      if (quote === 39 && line.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return -1;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function scanYaml(text: string, root: Trie): void {
  const stack: Frame[] = [{ col: -1, trie: root, kind: 'key', open: true, items: 0 }];
  let skipCol = -1;
  let skipOpen = false;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let col = 0;
    while (start + col < end && text.charCodeAt(start + col) === 32) col++;
    const first = text.charCodeAt(start + col);
    const blank = start + col >= end || first === 35 /* # */ || first === 13;
    // Lines inside a block we do not need (a branch no wanted pointer enters, or a block scalar) are skipped unread.
    const skipped = skipCol >= 0 && (col > skipCol || (col === skipCol && skipOpen && first === 45)) /* - */;
    if (!blank && !skipped) {
      skipCol = -1;
      const raw = text.slice(start + col, end);
      scanYamlLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, col, lineNo, stack, (c, open) => {
        skipCol = c;
        skipOpen = open;
      });
    }
    start = end + 1;
  }
}

function scanYamlLine(content: string, col: number, lineNo: number, stack: Frame[], skipFrom: (col: number, open: boolean) => void): void {
  let rest = content;
  if (rest.startsWith('---') || rest.startsWith('...')) return;
  // "- - key: v" and "- key: v": each dash opens an item; the text after it sits further in.
  while (rest === '-' || rest.startsWith('- ')) {
    const itemCol = col;
    const parent = popTo(stack, col, true);
    const index = String(parent.items++);
    const trie = parent.trie?.children?.get(index) ?? null;
    if (trie && trie.line === undefined) trie.line = lineNo;
    stack.push({ col, trie, kind: 'item', open: true, items: 0 });
    const after = rest.slice(1).trimStart();
    col += rest.length - after.length;
    rest = after;
    if (!trie) return skipFrom(itemCol, false);
    if (rest === '') return;
  }
  const m = splitKey(rest);
  if (!m) return;
  const parent = popTo(stack, col, false);
  const value = m.value;
  const open = value === '' || value.startsWith('#') || /^[&!][^\s]*\s*(#.*)?$/.test(value);
  const trie = parent.trie ? (parent.trie.children?.get(escapeToken(unquoteKey(m.key))) ?? null) : null;
  if (trie && trie.line === undefined) trie.line = lineNo;
  stack.push({ col, trie, kind: 'key', open, items: 0 });
  if (!trie || /^[|>][-+0-9]*\s*(#.*)?$/.test(value)) skipFrom(col, open);
}

/** Pops frames that a line at `col` closes, returning the frame it belongs to. */
function popTo(stack: Frame[], col: number, isItem: boolean): Frame {
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.col < col) return top;
    // A sequence may sit at the same column as the key that owns it.
    if (isItem && top.kind === 'key' && top.col === col && top.open) return top;
    stack.pop();
  }
}

function unquoteKey(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

function scanJson(text: string, root: Trie): void {
  // A minified document is one line: every pointer is on it.
  const firstNewline = text.indexOf('\n');
  if (firstNewline < 0 || firstNewline === text.length - 1) return;
  const tries: (Trie | null)[] = [];
  const counters: number[] = [];
  const kinds: ('o' | 'a')[] = [];
  let line = 1;
  let pendingKey: Trie | null | undefined;
  let top: Trie | null = root;
  const enterValue = (): Trie | null => {
    const kind = kinds[kinds.length - 1];
    if (kind === undefined) return root;
    if (kind === 'o') return pendingKey ?? null;
    const t = top ? (top.children?.get(String(counters[counters.length - 1]++)) ?? null) : (counters[counters.length - 1]++, null);
    if (t && t.line === undefined) t.line = line;
    return t;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const end = closingQuote(text, i);
      if (kinds[kinds.length - 1] === 'o' && pendingKey === undefined && isKeyPosition(text, end)) {
        const key = top ? (top.children?.get(escapeToken(readKey(text, i, end))) ?? null) : null;
        if (key && key.line === undefined) key.line = line;
        pendingKey = key;
      } else enterValue();
      i = end;
    } else if (c === 123 || c === 91) {
      const t = enterValue();
      if (t === null) {
        // No wanted pointer lies inside: pass over the whole value, counting only its lines.
        const end = skipNested(text, i);
        line += countNewlines(text, i, end);
        i = end;
        pendingKey = undefined;
        continue;
      }
      tries.push(top);
      top = t;
      kinds.push(c === 123 ? 'o' : 'a');
      counters.push(0);
      pendingKey = undefined;
    } else if (c === 125 || c === 93) {
      top = tries.pop() ?? null;
      kinds.pop();
      counters.pop();
      pendingKey = undefined;
    } else if (c === 44) pendingKey = undefined;
    else if (c > 32 && c !== 58 && kinds[kinds.length - 1] === 'a') {
      // A scalar array item (number, true, null): count it, then skip to its end.
      enterValue();
      while (i + 1 < text.length && !/[,\]\s]/.test(text[i + 1])) i++;
    }
  }
}

/** The key quoted from `start` to `end`: most keys hold no escape and need no JSON.parse. */
function readKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/** The index of the bracket that closes the object or array opening at `start`. */
function skipNested(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = closingQuote(text, i);
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i;
  }
  return text.length - 1;
}

/** Where the string opening at `start` closes: found with indexOf, the quote being the one not escaped. */
function closingQuote(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length - 1;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function isKeyPosition(text: string, end: number): boolean {
  for (let i = end + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return true;
    if (c > 32) return false;
  }
  return false;
}
