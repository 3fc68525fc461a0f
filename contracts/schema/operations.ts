// The operations of a document, keyed so that `/users/{id}` and `/users/{userId}` are one.
import { joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ParameterEntry extends Located {
  name: string;
  in: string;
  /** Matching key: `query:limit`, `header:x-id` (headers are case-insensitive), `path:0` (by position). */
  key: string;
  /** Declared on the path item (shared by its operations) or on the operation. */
  level: 'path' | 'operation';
}

export interface OperationEntry {
  /** `GET /users/{}`: method and path with every parameter name blanked. */
  key: string;
  method: string;
  /** The path as the document writes it. */
  path: string;
  /** `GET /users/{id}` as written. */
  label: string;
  pointer: string;
  pathPointer: string;
  operation: Record<string, any>;
  pathItem: Record<string, any>;
  /** Path-level and operation-level parameters merged (the operation's win). */
  parameters: ParameterEntry[];
}

/** Each method as an operation key writes it, made once. */
const UPPER = Object.fromEntries(HTTP_METHODS.map((m) => [m, m.toUpperCase()])) as Record<(typeof HTTP_METHODS)[number], string>;

/** What a path item with nothing beside its `$ref` says of where its fields are written: nothing. */
const NO_SIBLINGS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function normalizePath(path: string): string {
  return path.replace(/\{[^}/]*\}/g, '{}');
}

export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${normalizePath(path)}`;
}

export function indexOperations(doc: Record<string, any>, resolver: Resolver): Map<string, OperationEntry> {
  const out = new Map<string, OperationEntry>();
  const paths = doc.paths && typeof doc.paths === 'object' ? doc.paths : {};
  for (const path of Object.keys(paths)) {
    const pathPointer = joinPointer('/paths', path);
    const item = followPathItem(paths[path], pathPointer, resolver);
    if (!item.node || typeof item.node !== 'object') continue;
    // Per path, not per method: the template's blanked form and the path item's parameters' place.
    const template = normalizePath(path);
    const pathLevelPointer = item.at.parameters ?? `${item.pointer}/parameters`;
    for (let m = 0; m < HTTP_METHODS.length; m++) {
      const method = HTTP_METHODS[m];
      const operation = item.node[method];
      if (!operation || typeof operation !== 'object') continue;
      const upper = UPPER[method];
      const key = `${upper} ${template}`;
      if (out.has(key)) continue;
      const pointer = item.at[method] ?? `${item.pointer}/${method}`;
      out.set(key, {
        key,
        method: upper,
        path,
        label: `${upper} ${path}`,
        pointer,
        pathPointer: item.pointer,
        operation,
        pathItem: item.node,
        parameters: mergeParameters(path, item.node.parameters, pathLevelPointer, operation.parameters, `${pointer}/parameters`, resolver),
      });
    }
  }
  return out;
}

/** Header parameters OpenAPI 3.x says to ignore: media types and security schemes describe them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The operations with the header parameters a 3.x document declares in vain taken out: 3.0.3 and 3.1.0 say a definition
 * of Accept, Content-Type or Authorization SHALL be ignored. Swagger 2.0 says nothing of the kind, so its are kept.
 */
export function withoutIgnoredHeaders(operations: Map<string, OperationEntry>): Map<string, OperationEntry> {
  for (const op of operations.values()) {
    if (op.parameters.some(isIgnoredHeader)) op.parameters = op.parameters.filter((p) => !isIgnoredHeader(p));
  }
  return operations;
}

function isIgnoredHeader(p: ParameterEntry): boolean {
  return p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase());
}

/**
 * A Path Item, its `$ref` followed. The fields written beside the `$ref` (an operation, `parameters`) are part of the
 * path item too, in 3.0 as in 3.1 (the spec leaves a field written in both places undefined: the one written at the
 * path wins); `at` says where each of those is written, so that findings point at it.
 */
function followPathItem(written: unknown, pointer: string, resolver: Resolver): Located & { at: Record<string, string> } {
  const item = resolver.follow(written, pointer);
  if (item.node === written || !written || typeof written !== 'object' || !item.node || typeof item.node !== 'object')
    return { node: item.node, pointer: item.pointer, at: NO_SIBLINGS };
  const siblings = Object.keys(written).filter((k) => k !== '$ref');
  if (siblings.length === 0) return { node: item.node, pointer: item.pointer, at: NO_SIBLINGS };
  const node: Record<string, unknown> = { ...item.node };
  const at: Record<string, string> = {};
  for (const k of siblings) {
    node[k] = (written as Record<string, unknown>)[k];
    at[k] = joinPointer(pointer, k);
  }
  return { node, pointer: item.pointer, at };
}

function mergeParameters(
  path: string,
  pathLevel: unknown,
  pathLevelPointer: string,
  opLevel: unknown,
  opLevelPointer: string,
  resolver: Resolver,
): ParameterEntry[] {
  const byKey = new Map<string, ParameterEntry>();
  const positions = pathParameterPositions(path);
  addParameters(byKey, pathLevel, pathLevelPointer, 'path', positions, resolver);
  addParameters(byKey, opLevel, opLevelPointer, 'operation', positions, resolver);
  return [...byKey.values()];
}

/**
 * One level's parameters into `byKey`, a later one replacing an earlier one of the same key. A plain function and an
 * indexed loop: a closure and a `forEach` callback made per operation ran in the interpreter for every one of them.
 */
function addParameters(
  byKey: Map<string, ParameterEntry>,
  list: unknown,
  pointer: string,
  level: ParameterEntry['level'],
  positions: Map<string, number> | undefined,
  resolver: Resolver,
): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const p = resolver.follow(list[i], `${pointer}/${i}`);
    const node = p.node;
    if (!node || typeof node.name !== 'string' || typeof node.in !== 'string') continue;
    const key = parameterKey(node.in, node.name, positions);
    // Written out rather than spread: spreading the resolver's shared result was most of the indexing.
    byKey.set(
      key,
      p.refName === undefined
        ? { node, pointer: p.pointer, name: node.name, in: node.in, key, level }
        : { node, pointer: p.pointer, refName: p.refName, name: node.name, in: node.in, key, level },
    );
  }
}

/** Each path parameter's position in the template; none (no map) for a path without one. */
function pathParameterPositions(path: string): Map<string, number> | undefined {
  if (path.indexOf('{') < 0) return undefined;
  const out = new Map<string, number>();
  const template = /\{([^}/]*)\}/g;
  let i = 0;
  for (let m = template.exec(path); m !== null; m = template.exec(path)) out.set(m[1], i++);
  return out;
}

function parameterKey(location: string, name: string, positions: Map<string, number> | undefined): string {
  if (location === 'path' && positions?.has(name)) return `path:${positions.get(name)}`;
  if (location === 'header') return `header:${name.toLowerCase()}`;
  return `${location}:${name}`;
}
