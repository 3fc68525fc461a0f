// Lines of keys and sequence items in block-style YAML: js-yaml forgets node positions after loading.
// An indentation-based scan, good for manifests; flow style (`[a, b]`, `{a: 1}`) is not entered.

/** Keys are strings, sequence items their 0-based index. */
export type YamlPath = readonly (string | number)[];

/** A key written twice in the same mapping (block style only). */
export interface DuplicateKey {
  doc: number;
  path: (string | number)[];
  line: number;
  firstLine: number;
}

export interface YamlLines {
  /** 1-based line of `path` in document `doc`, else of its nearest ancestor found, else of the document's start. */
  lineOf(path: YamlPath, doc?: number): number;
  duplicates: DuplicateKey[];
}

interface Frame {
  col: number;
  kind: 'root' | 'key' | 'item';
  path: (string | number)[];
  items: number;
}

interface DocumentLines {
  start: number;
  lines: Map<string, number>;
}

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:\s|$)/;
const ITEM = /^-(?:\s+|$)/;
const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"[\]{},|>&*!%@`](?:[^#]|(?<=\S)#)*?))[ \t]*:(?=\s|$)/;
const BLOCK_SCALAR = /^[|>][-+\d]*\s*(?:#.*)?$/;
const PROPERTIES = /^(?:[&!]\S*\s+)*/;

export function indexYamlLines(text: string): YamlLines {
  const docs: DocumentLines[] = [];
  const duplicates: DuplicateKey[] = [];
  let stack: Frame[] = [];
  let current: DocumentLines | undefined;
  let continuationBelow: number | undefined;

  const startDocument = (line: number): DocumentLines => {
    current = { start: line, lines: new Map() };
    docs.push(current);
    stack = [{ col: -1, kind: 'root', path: [], items: 0 }];
    continuationBelow = undefined;
    return current;
  };
  const record = (kind: 'key' | 'item', col: number, line: number, key?: string): void => {
    const doc = current ?? startDocument(line);
    popFinished(stack, kind, col);
    const parent = stack[stack.length - 1];
    const path = [...parent.path, kind === 'item' ? parent.items++ : (key as string)];
    const id = JSON.stringify(path);
    const first = doc.lines.get(id);
    if (first !== undefined && kind === 'key') duplicates.push({ doc: docs.length - 1, path, line, firstLine: first });
    doc.lines.set(id, line);
    stack.push({ col, kind, path, items: 0 });
  };

  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      if (DOCUMENT_MARKER.test(raw)) {
        if (raw.startsWith('---')) startDocument(line);
        return;
      }
      const indent = raw.length - raw.trimStart().length;
      const content = raw.trim();
      if (continuationBelow !== undefined) {
        if (content === '' || indent > continuationBelow) return;
        continuationBelow = undefined;
      }
      if (content === '' || content.startsWith('#') || (current === undefined && content.startsWith('%'))) return;
      continuationBelow = scanLine(raw.slice(indent), indent, line, record);
    });

  return {
    duplicates,
    lineOf(path, doc = 0) {
      const found = docs[doc];
      if (!found) return 1;
      for (let n = path.length; n > 0; n--) {
        const line = found.lines.get(JSON.stringify(path.slice(0, n)));
        if (line !== undefined) return line;
      }
      return found.start;
    },
  };
}

type Recorder = (kind: 'key' | 'item', col: number, line: number, key?: string) => void;

/** Records the items and key on one line; returns a column when the value continues on deeper lines. */
function scanLine(rest: string, col: number, line: number, record: Recorder): number | undefined {
  let ownerCol = col;
  for (;;) {
    const item = ITEM.exec(rest);
    if (!item) break;
    record('item', col, line);
    ownerCol = col;
    col += item[0].length;
    rest = rest.slice(item[0].length);
  }
  // The key pattern backtracks on long runs of spaces; no manifest key line is this long.
  const key = rest.length <= 1024 ? KEY.exec(rest) : null;
  if (key) {
    record('key', col, line, readKey(key));
    ownerCol = col;
    rest = rest.slice(key[0].length).trim();
  }
  return rest !== '' && continuesBelow(rest) ? ownerCol : undefined;
}

function readKey(match: RegExpExecArray): string {
  if (match[1] !== undefined) {
    try {
      return JSON.parse(`"${match[1]}"`) as string;
    } catch {
      return match[1];
    }
  }
  if (match[2] !== undefined) return match[2].replace(/''/g, "'");
  return match[3].trimEnd();
}

/** Same column means siblings, except a sequence written under its key at the key's own indent. */
function popFinished(stack: Frame[], kind: 'key' | 'item', col: number): void {
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.kind === 'root' || top.col < col) return;
    if (top.col === col && top.kind === 'key' && kind === 'item') return;
    stack.pop();
  }
}

/** Block scalars, unclosed quotes and unclosed flow collections go on over deeper lines that are not keys. */
function continuesBelow(value: string): boolean {
  const v = value.replace(PROPERTIES, '');
  if (BLOCK_SCALAR.test(v)) return true;
  let depth = 0;
  let quote: string | undefined;
  const flow = v.startsWith('[') || v.startsWith('{');
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote && quote === "'" && v[i + 1] === "'") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '#' && i > 0 && /\s/.test(v[i - 1])) {
      break;
    } else if ((c === '"' || c === "'") && (i === 0 || (flow && /[\s[{,:]/.test(v[i - 1])))) {
      quote = c;
    } else if (flow && (c === '[' || c === '{')) {
      depth++;
    } else if (flow && (c === ']' || c === '}')) {
      depth--;
    }
  }
  return quote !== undefined || depth > 0;
}
