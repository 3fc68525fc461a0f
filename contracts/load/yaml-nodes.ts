// What js-yaml's data cannot say about a manifest: the line of each key and item, the keys written twice, and the
// size of the data once aliases are expanded (js-yaml shares an aliased object, so a walk of the data pays for it
// every time it is reached). Built from the parser's node events as it reads, refusing a bound as soon as it passes.
import type { State } from 'js-yaml';
import { aliasName, CLOSES, COLON, DASH, dashLines, markerLine, QUESTION, readGap, separators } from './yaml-gaps.js';
import type { DuplicateKey, YamlLimits, YamlLines, YamlPath } from './yaml-read.js';

/** The parser's state as its listener sees it; `anchor` (the node's `&name`, or null) is not in js-yaml's types. */
type ParserState = State & { anchor: string | null };

/** How a bound passed or an unreadable node is reported: by throwing. */
interface Refusals {
  limit(limit: keyof YamlLimits, line: number): never;
  invalid(message: string, line: number): never;
}

/** A node as written: made when js-yaml opens it, completed when it closes; for a collection, its keys and items. */
class Written {
  end = 0;
  endLine = 0;
  /** js-yaml's kind: `mapping`, `sequence`, `scalar`, or null for an alias or an empty node. */
  kind: string | null = null;
  result: unknown = null;
  /** Nodes of the data with every alias expanded (while open: of the nodes read inside it so far). */
  size = 0;
  /** Collections inside one another below this node, and the line of the deepest node below it. */
  height = 0;
  deepLine: number;
  /** While open, the nodes read inside it; made for the first one, since most nodes are scalars. */
  children: Written[] | undefined = undefined;
  keys: Map<string, KeyEntry> | undefined = undefined;
  /** A collection item's node; a scalar's, alias's or empty item's line only: a large file has thousands. */
  items: (Written | number | undefined)[] | undefined = undefined;
  parent: Written | undefined = undefined;
  at: string | number | undefined = undefined;
  doc: number | undefined = undefined;

  constructor(
    readonly start: number,
    readonly line: number,
  ) {
    this.deepLine = line;
  }
}

interface KeyEntry {
  line: number;
  /** The value's node when it is a collection. */
  value: Written | undefined;
}

interface Duplicate {
  node: Written;
  key: string;
  line: number;
  firstLine: number;
}

export class YamlNodes {
  private input = '';
  private readonly open: Written[] = [];
  private readonly roots: Written[] = [];
  private readonly starts: number[] = [];
  private readonly duplicates: Duplicate[] = [];
  /** Expanded size of each anchored collection, by identity: an alias costs what it names, computed once. */
  private readonly sizes = new Map<unknown, number>();
  private nodes = 0;
  private aliases = 0;

  constructor(
    private readonly limits: YamlLimits,
    private readonly refuse: Refusals,
  ) {}

  /** js-yaml's `listener`: a node opens (before its properties), or closes with its data in `state.result`. */
  event(kind: 'open' | 'close', state: ParserState): void {
    if (kind === 'open') {
      this.input = state.input;
      // Refused here, before js-yaml reads deeper, when the node is too deep even if a node around it is one js-yaml
      // opens twice (see close); the exact depth is checked as each collection closes.
      if (this.open.length > this.limits.maxDepth + 1) this.refuse.limit('maxDepth', state.line + 1);
      this.open.push(new Written(state.position, state.line + 1));
      return;
    }
    const node = this.close(this.open.pop() as Written, state);
    const parent = this.open.at(-1);
    if (parent === undefined) return this.addDocument(node);
    (parent.children ??= []).push(node);
    parent.size += node.size;
    if (node.height >= parent.height) {
      parent.height = node.height;
      parent.deepLine = node.deepLine;
    }
    if (parent.size > this.limits.maxExpandedNodes) this.refuse.limit('maxExpandedNodes', node.line);
  }

  lines(): YamlLines {
    const duplicates = this.duplicates.flatMap((d): DuplicateKey[] => {
      const where = locate(d.node);
      return where ? [{ doc: where.doc, path: [...where.path, d.key], line: d.line, firstLine: d.firstLine }] : [];
    });
    return { lineOf: (path, doc = 0) => this.lineOf(path, doc), duplicates };
  }

  private lineOf(path: YamlPath, doc: number): number {
    let line = this.starts[doc] ?? 1;
    let node: Written | undefined = this.roots[doc];
    for (const step of path) {
      const entry: KeyEntry | Written | number | undefined = typeof step === 'string' ? node?.keys?.get(step) : node?.items?.[step];
      if (entry === undefined) break;
      line = typeof entry === 'number' ? entry : entry.line;
      node = typeof entry === 'number' ? undefined : entry instanceof Written ? entry : entry.value;
    }
    return line;
  }

  private close(open: Written, state: ParserState): Written {
    const { kind, result } = state;
    open.end = state.position;
    const only = open.children?.length === 1 ? open.children[0] : undefined;
    // js-yaml reads a flow collection, scalar or alias in a block as a key that turns out to have no `:`, and keeps
    // it: the node around it is the same node.
    const node = only !== undefined && only.kind === kind && only.result === result ? only : this.complete(open, kind, result);
    node.end = state.position;
    node.endLine = state.line + 1;
    if (state.anchor !== null && typeof result === 'object' && result !== null) this.sizes.set(result, node.size);
    return node;
  }

  private complete(node: Written, kind: string | null, result: unknown): Written {
    if (++this.nodes > this.limits.maxNodes) this.refuse.limit('maxNodes', node.line);
    const children = node.children ?? [];
    node.children = undefined;
    node.kind = kind;
    node.result = result;
    if (kind === 'mapping' || kind === 'sequence') {
      node.size += 1;
      node.height += 1;
      if (node.size > this.limits.maxExpandedNodes) this.refuse.limit('maxExpandedNodes', node.line);
      if (node.height > this.limits.maxDepth) this.refuse.limit('maxDepth', node.deepLine);
      if (kind === 'mapping') this.readKeys(node, children);
      else readItems(node, children, this.input);
      return node;
    }
    node.height = 0;
    node.deepLine = node.line;
    node.size = 1;
    // An alias costs what it names; an empty node or a scalar, itself.
    if (kind === null) {
      const alias = aliasName(this.input, node.start, node.end);
      if (alias !== undefined) node.size = this.aliasSize(alias, result, node.line);
    }
    return node;
  }

  private aliasSize(alias: string, target: unknown, line: number): number {
    if (++this.aliases > this.limits.maxAliases) this.refuse.limit('maxAliases', line);
    if (typeof target !== 'object' || target === null) return 1;
    const size = this.sizes.get(target);
    // A collection registers its anchor when it opens: an alias inside it names a node that is not finished.
    if (size === undefined) this.refuse.invalid(`alias *${alias} is inside the node it names, which would contain itself`, line);
    return size;
  }

  /** A child after `:` is the value of the key before it; a child followed by `:`, `,` or `}` (or after `?`) is a key. */
  private readKeys(node: Written, children: Written[]): void {
    const keys = new Map<string, KeyEntry>();
    let entry: KeyEntry | undefined;
    let key = '';
    let before = readGap(this.input, node.start, children[0]?.start ?? node.end);
    children.forEach((child, i) => {
      const after = readGap(this.input, child.end, children[i + 1]?.start ?? node.end);
      if (before & COLON) {
        if (entry && isCollection(child)) {
          link(child, node, key);
          entry.value = child;
        }
        entry = undefined;
      } else if (before & QUESTION || after & (COLON | CLOSES)) {
        key = keyText(child.result);
        const first = keys.get(key);
        if (first && key !== '<<') this.duplicates.push({ node, key, line: child.line, firstLine: first.line });
        entry = first ?? { line: child.line, value: undefined };
        keys.set(key, entry);
      }
      // Else neither: js-yaml read it looking for a key and dropped it (an empty node before `---`, say).
      before = after;
    });
    node.keys = keys;
  }

  /** A document starts at its `---` when it has one, else where its content starts. */
  private addDocument(node: Written): void {
    const previous = this.roots.at(-1);
    node.doc = this.roots.length;
    this.roots.push(node);
    this.starts.push(markerLine(this.input, previous?.end ?? 0, node.start, previous?.endLine ?? 1) ?? node.line);
  }
}

/** Items are counted by the `-` (block) or `,` (flow) before them; a child after `:` is the value of a `[a: b]` pair. */
function readItems(node: Written, children: Written[], input: string): void {
  const items: (Written | number | undefined)[] = [];
  let dashes = 0;
  let commas = 0;
  for (let i = 0; i <= children.length; i++) {
    const from = i === 0 ? node.start : children[i - 1].end;
    const to = i === children.length ? node.end : children[i].start;
    const gap = readGap(input, from, to);
    if (gap & DASH) {
      // Every `-` but the child's own has nothing after it: an empty item, with no node, at the line of its `-`.
      const empty = separators(gap) - (i < children.length ? 1 : 0);
      const lines = empty > 0 ? dashLines(input, from, to, i === 0 ? node.line : children[i - 1].endLine) : [];
      for (let j = 0; j < empty; j++) items[dashes + j] = lines[j];
      dashes += separators(gap);
    } else commas += separators(gap);
    if (i === children.length || gap & COLON) continue;
    const index = dashes > 0 ? dashes - 1 : commas;
    const child = children[i];
    if (isCollection(child)) link(child, node, index);
    items[index] = isCollection(child) ? child : child.line;
  }
  node.items = items;
}

const isCollection = (node: Written): boolean => node.kind === 'mapping' || node.kind === 'sequence';

function link(child: Written, parent: Written, at: string | number): void {
  child.parent = parent;
  child.at = at;
}

/** The document and path of a mapping, through its parents; undefined for one js-yaml read and dropped. */
function locate(node: Written): { doc: number; path: (string | number)[] } | undefined {
  const path: (string | number)[] = [];
  let at: Written = node;
  while (at.parent && at.at !== undefined) {
    path.unshift(at.at);
    at = at.parent;
  }
  return at.doc === undefined ? undefined : { doc: at.doc, path };
}

/** The key js-yaml stores a node's data under. */
function keyText(result: unknown): string {
  return typeof result === 'object' && result !== null && !Array.isArray(result) ? '[object Object]' : String(result);
}
