// Where a JSON pointer sits in the source text. Built lazily from a light scan of the text,
// because a second full YAML parse with positions would double the cost of every run.
import { escapeToken, parentPointer } from './pointer.js';

export type LineIndex = Map<string, number>;

/** Finds the 1-based line of a pointer, falling back to its nearest ancestor that was indexed. */
export function lookupLine(index: LineIndex, pointer: string): number | undefined {
  let p: string | undefined = pointer;
  while (p !== undefined) {
    const line = index.get(p);
    if (line !== undefined) return line;
    p = parentPointer(p);
  }
  return undefined;
}

export function buildLineIndex(text: string, format: 'yaml' | 'json'): LineIndex {
  return format === 'json' ? indexJson(text) : indexYaml(text);
}

interface Frame {
  col: number;
  pointer: string;
  kind: 'key' | 'item';
  /** The key has no inline value, so a block (possibly a sequence at the same column) follows. */
  open: boolean;
  items: number;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\-?][^#]*?|-[^\s][^#]*?)\s*:(?:\s+(.*))?$/;

function indexYaml(text: string): LineIndex {
  const index: LineIndex = new Map([['', 1]]);
  const lines = text.split('\n');
  const stack: Frame[] = [{ col: -1, pointer: '', kind: 'key', open: true, items: 0 }];
  let blockScalarCol = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('---')) continue;
    let col = raw.length - trimmed.length;
    if (blockScalarCol >= 0) {
      if (col > blockScalarCol) continue;
      blockScalarCol = -1;
    }
    let rest = trimmed.replace(/\r$/, '');
    // "- - key: v" and "- key: v": each dash opens an item, the text after it sits two columns in.
    while (rest === '-' || rest.startsWith('- ')) {
      const parent = popTo(stack, col, true);
      const pointer = parent.pointer + '/' + parent.items++;
      index.set(pointer, i + 1);
      stack.push({ col, pointer, kind: 'item', open: true, items: 0 });
      const after = rest.slice(1).trimStart();
      col += rest.length - after.length;
      rest = after;
      if (rest === '') break;
    }
    if (rest === '') continue;
    const m = KEY_RE.exec(rest);
    if (!m) continue;
    const parent = popTo(stack, col, false);
    const key = unquoteKey(m[1].trim());
    const pointer = parent.pointer + '/' + escapeToken(key);
    index.set(pointer, i + 1);
    const value = (m[2] ?? '').trim();
    const open = value === '' || value.startsWith('#') || /^[&!][^\s]*\s*(#.*)?$/.test(value);
    stack.push({ col, pointer, kind: 'key', open, items: 0 });
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) blockScalarCol = col;
  }
  return index;
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

function indexJson(text: string): LineIndex {
  const index: LineIndex = new Map([['', 1]]);
  // A minified document is one line: every pointer is on it.
  if (text.indexOf('\n') < 0 || text.indexOf('\n') === text.length - 1) return index;
  const path: string[] = [''];
  const arrayCounters: number[] = [];
  const containers: ('o' | 'a')[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const end = skipString(text, i);
      const inObject = containers[containers.length - 1] === 'o';
      if (inObject && pendingKey === undefined && isKeyPosition(text, end)) {
        pendingKey = JSON.parse(text.slice(i, end + 1)) as string;
        index.set(path[path.length - 1] + '/' + escapeToken(pendingKey), line);
      } else if (!inObject) noteArrayItem(index, path, arrayCounters, containers, line);
      i = end;
    } else if (c === 123 || c === 91) {
      if (containers[containers.length - 1] === 'a') noteArrayItem(index, path, arrayCounters, containers, line);
      const parent = path[path.length - 1];
      const here =
        containers.length === 0
          ? ''
          : containers[containers.length - 1] === 'o'
            ? parent + '/' + escapeToken(pendingKey ?? '')
            : parent + '/' + (arrayCounters[arrayCounters.length - 1] - 1);
      path.push(here);
      containers.push(c === 123 ? 'o' : 'a');
      arrayCounters.push(0);
      pendingKey = undefined;
    } else if (c === 125 || c === 93) {
      path.pop();
      containers.pop();
      arrayCounters.pop();
      pendingKey = undefined;
    } else if (c === 44) pendingKey = undefined;
    else if (c > 32 && c !== 58 && containers[containers.length - 1] === 'a') {
      // A scalar array item (number, true, null): note it, then skip to its end.
      noteArrayItem(index, path, arrayCounters, containers, line);
      while (i + 1 < text.length && !/[,\]\s]/.test(text[i + 1])) i++;
    }
  }
  return index;
}

function noteArrayItem(index: LineIndex, path: string[], counters: number[], containers: ('o' | 'a')[], line: number): void {
  if (containers[containers.length - 1] !== 'a') return;
  const n = counters[counters.length - 1]++;
  index.set(path[path.length - 1] + '/' + n, line);
}

function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return text.length - 1;
}

function isKeyPosition(text: string, end: number): boolean {
  for (let i = end + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return true;
    if (c > 32) return false;
  }
  return false;
}
