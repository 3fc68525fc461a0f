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
    for (const method of HTTP_METHODS) {
      const operation = item.node[method];
      if (!operation || typeof operation !== 'object') continue;
      const key = operationKey(method, path);
      if (out.has(key)) continue;
      const pointer = item.at[method] ?? joinPointer(item.pointer, method);
      out.set(key, {
        key,
        method: method.toUpperCase(),
        path,
        label: `${method.toUpperCase()} ${path}`,
        pointer,
        pathPointer: item.pointer,
        operation,
        pathItem: item.node,
        parameters: mergeParameters(
          path,
          item.node.parameters,
          item.at.parameters ?? joinPointer(item.pointer, 'parameters'),
          operation.parameters,
          joinPointer(pointer, 'parameters'),
          resolver,
        ),
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
  if (item.node === written || !written || typeof written !== 'object' || !item.node || typeof item.node !== 'object') return { ...item, at: {} };
  const siblings = Object.keys(written).filter((k) => k !== '$ref');
  if (siblings.length === 0) return { ...item, at: {} };
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
  const add = (list: unknown, pointer: string, level: ParameterEntry['level']) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const p = resolver.follow(raw, joinPointer(pointer, i));
      if (!p.node || typeof p.node.name !== 'string' || typeof p.node.in !== 'string') return;
      const key = parameterKey(p.node.in, p.node.name, positions);
      // Written out rather than spread: spreading the resolver's shared result was most of the indexing.
      const { node, pointer: at, refName } = p;
      byKey.set(
        key,
        refName === undefined
          ? { node, pointer: at, name: node.name, in: node.in, key, level }
          : { node, pointer: at, refName, name: node.name, in: node.in, key, level },
      );
    });
  };
  add(pathLevel, pathLevelPointer, 'path');
  add(opLevel, opLevelPointer, 'operation');
  return [...byKey.values()];
}

function pathParameterPositions(path: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  for (const m of path.matchAll(/\{([^}/]*)\}/g)) out.set(m[1], i++);
  return out;
}

function parameterKey(location: string, name: string, positions: Map<string, number>): string {
  if (location === 'path' && positions.has(name)) return `path:${positions.get(name)}`;
  if (location === 'header') return `header:${name.toLowerCase()}`;
  return `${location}:${name}`;
}
