// Where JSON pointers sit in the source text, found by one light scan of the text for all the
// pointers wanted at once. A second full YAML parse with positions would double the cost of every
// run; the scan follows only the branches of the document that lead to a wanted pointer.
import { escapeToken, splitPointer } from '../schema/pointer.js';
import { scanJson } from './lines-json.js';

export interface Trie {
  /** Made when a first child is: most nodes are the ends of pointers and have none. */
  children?: Map<string, Trie>;
  /** Line of this node once seen. */
  line?: number;
  /** Undefined at the root only: the lookup climbs from a pointer's node instead of splitting the pointer again. */
  parent?: Trie;
}

/** The 1-based line of each pointer, or of its nearest ancestor the scan saw. */
export function findLines(text: string, format: 'yaml' | 'json', pointers: Iterable<string>): Map<string, number> {
  const root: Trie = { line: 1 };
  // Sibling pointers share their parent: each is placed from its parent's node, found by the parent's text,
  // so a pointer costs one token and one lookup rather than a split and a walk from the root.
  const nodes = new Map<string, Trie>();
  const wanted = Array.isArray(pointers) ? (pointers as string[]) : [...pointers];
  const ends = new Array<Trie>(wanted.length);
  for (let i = 0; i < wanted.length; i++) ends[i] = nodeOf(wanted[i], root, nodes);
  const out = new Map<string, number>();
  // Nothing below the root is wanted: every pointer is on line 1, with no scan.
  if (root.children === undefined) {
    for (let i = 0; i < wanted.length; i++) out.set(wanted[i], 1);
    return out;
  }
  if (format === 'json') scanJson(text, root);
  else scanYaml(text, root);
  for (let i = 0; i < wanted.length; i++) out.set(wanted[i], lineOf(ends[i]));
  return out;
}

/** The trie node of a pointer, made with those of its ancestors not made yet. */
function nodeOf(pointer: string, root: Trie, nodes: Map<string, Trie>): Trie {
  const known = nodes.get(pointer);
  if (known !== undefined) return known;
  let node = root;
  if (pointer.startsWith('#') || MALFORMED_TILDE.test(pointer)) {
    const tokens = splitPointer(pointer);
    for (let i = 0; i < tokens.length; i++) node = childOf(node, escapeToken(tokens[i]));
    nodes.set(pointer, node);
    return node;
  }
  // Up to the nearest ancestor placed already (the root if none), then down, placing each prefix on the way.
  // Keyed as written: `a/b` is the root's `b`, as splitting on `/` and dropping the first piece gives.
  // Slash positions are searched again on the way down rather than kept in a list made per pointer.
  let from = pointer.indexOf('/');
  for (let at = pointer.lastIndexOf('/'); at > 0; at = pointer.lastIndexOf('/', at - 1)) {
    const above = nodes.get(pointer.slice(0, at));
    if (above !== undefined) {
      node = above;
      from = at;
      break;
    }
  }
  while (from >= 0) {
    const next = pointer.indexOf('/', from + 1);
    const end = next < 0 ? pointer.length : next;
    node = childOf(node, pointer.slice(from + 1, end));
    if (next >= 0) nodes.set(pointer.slice(0, end), node);
    from = next;
  }
  nodes.set(pointer, node);
  return node;
}

function childOf(parent: Trie, token: string): Trie {
  parent.children ??= new Map();
  let child = parent.children.get(token);
  if (child === undefined) parent.children.set(token, (child = { parent }));
  return child;
}

/** The line of the deepest node on the way down to `node` whose ancestors were all seen. */
function lineOf(node: Trie): number {
  let line: number | undefined;
  for (let n: Trie | undefined = node; n !== undefined; n = n.parent) {
    if (n.line === undefined) line = undefined;
    else if (line === undefined) line = n.line;
  }
  return line ?? 1;
}

// A `~` that is not `~0` or `~1`: unescaping and escaping again would not give the token back.
const MALFORMED_TILDE = /~(?![01])/;

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
    if (skipCol >= 0 && end < text.length) {
      // Most lines of a large contract are in branches no pointer enters: jump to the next line that may end the
      // branch (indented no deeper than it, not blank) and count the lines passed, rather than reading each.
      const next = nextShallowLine(text, end, skipCol);
      lineNo += countNewlines(text, start, next);
      start = next;
    }
  }
}

// One per indentation: a newline, then at most `col` spaces and a character that starts neither a blank line nor a comment.
const SHALLOW_LINES: RegExp[] = [];

/** Where the first line after the newline at `from` that is indented `col` spaces or fewer and not blank starts. */
function nextShallowLine(text: string, from: number, col: number): number {
  const pattern = (SHALLOW_LINES[col] ??= new RegExp(`\\n {0,${col}}[^ \\n\\r#]`, 'g'));
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  return found === null ? text.length + 1 : found.index + 1;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
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
