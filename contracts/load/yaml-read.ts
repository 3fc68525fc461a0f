// Manifests and waiver files read with the `yaml` package: node positions from its LineCounter, and bounds on
// aliases, nodes, depth and the expanded size checked on the syntax tree, before any alias is expanded.
import { createRequire } from 'node:module';
import type { LineCounter, Node } from 'yaml';

const require = createRequire(import.meta.url);
// Required on first use, not imported: `diff` without consumers or waivers reads no manifest, and the package is
// two dozen modules to resolve and compile at every start of the CLI.
let yamlPackage: typeof import('yaml') | undefined;
const yamlLib = (): typeof import('yaml') => (yamlPackage ??= require('yaml') as typeof import('yaml'));

/** Keys are strings, sequence items their 0-based index. */
export type YamlPath = readonly (string | number)[];

/** A key written twice in the same mapping. */
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

export interface YamlLimits {
  /** Alias nodes (`*name`) in the whole text. */
  maxAliases: number;
  /** Nodes written in the text (scalars, mappings, sequences, aliases). */
  maxNodes: number;
  /** Mappings and sequences inside one another. */
  maxDepth: number;
  /** Nodes of the data once every alias is replaced by what it names: the size a reader really holds. */
  maxExpandedNodes: number;
}

/** Far above any real manifest or waiver file, far below what would hold the process. */
export const YAML_LIMITS: YamlLimits = { maxAliases: 1000, maxNodes: 200_000, maxDepth: 64, maxExpandedNodes: 500_000 };

/** The text is not YAML (`limit` undefined), or goes over one of the bounds (`limit` names it). */
export class YamlReadError extends Error {
  readonly line?: number;
  readonly limit?: keyof YamlLimits;

  constructor(message: string, line: number | undefined, limit?: keyof YamlLimits) {
    super(message);
    this.name = 'YamlReadError';
    if (line !== undefined) this.line = line;
    if (limit !== undefined) this.limit = limit;
  }
}

export interface YamlRead {
  /** Each document's data (null for an empty one). */
  docs: unknown[];
  lines: YamlLines;
}

interface Walk {
  limits: YamlLimits;
  counter: LineCounter;
  index: number;
  nodes: number;
  aliases: number;
  /** Expanded size of every finished node, so that an alias costs what it names, once computed. */
  sizes: Map<Node, number>;
  /** The node each anchor names so far: a later anchor of the same name takes over, as in YAML. */
  anchors: Map<string, Node>;
  lines: Map<string, number>;
  duplicates: DuplicateKey[];
}

/** Parses every document of `text` (YAML 1.2 core schema, merge keys on), checking the bounds first. */
export function readYaml(text: string, limits: YamlLimits = YAML_LIMITS): YamlRead {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, schema: 'core', merge: true });
  const lineAt = (offset: number) => counter.linePos(offset).line;
  const starts: number[] = [];
  const lineMaps: Map<string, number>[] = [];
  const duplicates: DuplicateKey[] = [];
  const totals = { nodes: 0, aliases: 0 };
  const docs = Array.from(documents, (doc, index) => {
    const error = doc.errors[0];
    if (error) throw new YamlReadError(`not valid YAML: ${describeYamlError(error.message)}`, error.linePos?.[0].line);
    const walk: Walk = { limits, counter, index, ...totals, sizes: new Map(), anchors: new Map(), lines: new Map(), duplicates };
    const contents = doc.contents as Node | null;
    starts.push(lineAt(doc.range[0]));
    if (contents) measure(walk, contents, [], 0);
    totals.nodes = walk.nodes;
    totals.aliases = walk.aliases;
    lineMaps.push(walk.lines);
    // Bounds are checked above: the package's own alias guard would refuse some legitimate reuse.
    return doc.toJS({ maxAliasCount: -1 });
  });
  return { docs, lines: { lineOf: (path, doc = 0) => findLine(lineMaps[doc], starts[doc] ?? 1, path), duplicates } };
}

// "Missing , or : between flow sequence items at line 3, column 4:\n\n<excerpt>": the line is reported apart.
function describeYamlError(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase());
}

function findLine(lines: Map<string, number> | undefined, start: number, path: YamlPath): number {
  for (let n = path.length; n > 0 && lines; n--) {
    const line = lines.get(JSON.stringify(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return start;
}

/** Post-order walk: counts, records lines and duplicates, and returns the expanded size of `node`. */
function measure(walk: Walk, node: Node, path: (string | number)[], depth: number): number {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
  const line = () => walk.counter.linePos(node.range?.[0] ?? 0).line;
  if (++walk.nodes > walk.limits.maxNodes) refuse(walk, 'maxNodes', `holds more than ${walk.limits.maxNodes} YAML nodes`, line());
  if (depth > walk.limits.maxDepth) refuse(walk, 'maxDepth', `is nested deeper than ${walk.limits.maxDepth} levels`, line());
  let size = 1;
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) walk.anchors.set(anchor, node);
  if (isAlias(node)) {
    if (++walk.aliases > walk.limits.maxAliases) refuse(walk, 'maxAliases', `uses more than ${walk.limits.maxAliases} YAML aliases`, line());
    // Looked up here, not with node.resolve(), which searches the whole document for every alias.
    const target = walk.anchors.get(node.source);
    const known = target ? walk.sizes.get(target) : undefined;
    if (known === undefined) throw new YamlReadError(`not valid YAML: alias *${node.source} names no anchor defined before it`, line());
    size = known;
  } else if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyLine = walk.counter.linePos((pair.key as Node | null)?.range?.[0] ?? 0).line;
      const childPath = [...path, key];
      const first = seen.get(key);
      if (first !== undefined && key !== '<<') walk.duplicates.push({ doc: walk.index, path: childPath, line: keyLine, firstLine: first });
      else {
        seen.set(key, keyLine);
        walk.lines.set(JSON.stringify(childPath), keyLine);
      }
      size += 1 + (isNodeValue(pair.value) ? measure(walk, pair.value, childPath, depth + 1) : 0);
      if (size > walk.limits.maxExpandedNodes) refuseExpansion(walk, line());
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = [...path, i];
      if (!isNodeValue(item)) return;
      walk.lines.set(JSON.stringify(childPath), walk.counter.linePos(item.range?.[0] ?? 0).line);
      size += measure(walk, item, childPath, depth + 1);
      if (size > walk.limits.maxExpandedNodes) refuseExpansion(walk, line());
    });
  }
  walk.sizes.set(node, size);
  return size;
}

function isNodeValue(value: unknown): value is Node {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  return isAlias(value) || isMap(value) || isSeq(value) || isScalar(value);
}

function refuseExpansion(walk: Walk, line: number): never {
  const limit = walk.limits.maxExpandedNodes;
  refuse(walk, 'maxExpandedNodes', `expands to more than ${limit} nodes once its aliases are replaced by what they name`, line);
}

function refuse(walk: Walk, limit: keyof YamlLimits, what: string, line: number): never {
  throw new YamlReadError(`the file ${what} (limit ${limit} = ${walk.limits[limit]})`, line, limit);
}
