// Which operation of a contract a concrete request (`GET /users/7`) or a route (`GET /users/:id`) is.
// Templates match whatever their parameters are called; a literal segment beats a parameter where both fit.

import type { OpenApiDocument } from '../load/load.js';
import { indexOperations } from '../schema/operations.js';
import { Resolver } from '../schema/resolve.js';

interface Template {
  label: string;
  /** A segment's text, or null for a path parameter. */
  segments: (string | null)[];
}

/** An observed segment: its text, or null when the observed path is itself a template's parameter. */
type Segment = string | null;

export type OperationMatcher = (method: string, path: string, isTemplate: boolean) => string | undefined;

const PARAMETER = /^\{[^}]*\}$/;
const ROUTE_PARAMETER = /^(\{[^}]*\}|:[^/]+|\*)$/;

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** The path part of `url.full` (or a path already), without query or fragment. */
export function pathOfUrl(url: string): string | undefined {
  if (url.startsWith('/')) return url.replace(/[?#].*$/, '');
  if (!URL.canParse(url)) return undefined;
  return new URL(url).pathname;
}

/**
 * Paths the contract's servers put in front of every operation (`https://api.acme.dev/v1` -> `/v1`), each server's
 * variables at their defaults; a Swagger 2.0 `basePath` too, for a document read before conversion. Once per document.
 */
export function serverPaths(doc: OpenApiDocument): readonly string[][] {
  let known = serverPathsOf.get(doc);
  if (!known) serverPathsOf.set(doc, (known = readServerPaths(doc)));
  return known;
}

const serverPathsOf = new WeakMap<object, readonly string[][]>();

function readServerPaths(doc: OpenApiDocument): string[][] {
  const raw = doc as { servers?: unknown; basePath?: unknown };
  const urls: string[] = typeof raw.basePath === 'string' ? [raw.basePath] : [];
  for (const server of Array.isArray(raw.servers) ? raw.servers : []) {
    const url = (server as { url?: unknown } | null)?.url;
    if (typeof url === 'string') urls.push(withDefaults(url, (server as { variables?: unknown }).variables));
  }
  const out: string[][] = [];
  for (const url of urls) {
    const segments = splitPath(pathOfServer(url));
    if (segments.length > 0 && !out.some((known) => known.join('/') === segments.join('/'))) out.push(segments);
  }
  return out;
}

/** `https://{region}.acme.dev/{version}` with `version: {default: v2}` -> `https://{region}.acme.dev/v2`. */
function withDefaults(url: string, variables: unknown): string {
  if (!variables || typeof variables !== 'object') return url;
  return url.replace(/\{([^}]*)\}/g, (whole, name: string) => {
    const value = (variables as Record<string, { default?: unknown } | undefined>)[name]?.default;
    return typeof value === 'string' ? value : whole;
  });
}

/** The path of a server URL: absolute, scheme-relative (`//host/v1`, as swagger2openapi writes one) or a path alone. */
function pathOfServer(url: string): string {
  const path = url.replace(/^([a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, '');
  return path.startsWith('/') ? path.replace(/[?#].*$/, '') : '';
}

/** The path as written first, then without each server path it begins with: `/v1/orders/1` is also `/orders/1`. */
function withoutServerPaths<T>(segments: T[], bases: readonly string[][]): T[][] {
  const out = [segments];
  for (const base of bases) if (base.length <= segments.length && base.every((s, i) => segments[i] === s)) out.push(segments.slice(base.length));
  return out;
}

function fits(template: Template, observed: Segment[]): number {
  if (template.segments.length !== observed.length) return -1;
  let literals = 0;
  for (let i = 0; i < observed.length; i++) {
    const want = template.segments[i];
    if (want === null) continue;
    if (observed[i] !== want) return -1;
    literals++;
  }
  return literals;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function createOperationMatcher(doc: OpenApiDocument): OperationMatcher {
  const byMethod = new Map<string, Template[]>();
  for (const op of indexOperations(doc, new Resolver(doc)).values()) {
    const segments = splitPath(op.path).map((s) => (PARAMETER.test(s) ? null : s));
    byMethod.set(op.method, [...(byMethod.get(op.method) ?? []), { label: op.label, segments }]);
  }
  const bases = serverPaths(doc);
  return (method, path, isTemplate) => {
    const templates = byMethod.get(method.toUpperCase());
    if (!templates) return undefined;
    const full: Segment[] = splitPath(path).map((s) => (isTemplate && ROUTE_PARAMETER.test(s) ? null : decode(s)));
    return placeFirst(templates, withoutServerPaths(full, bases));
  };
}

/** The best-fitting template of the first candidate any template fits: the path as written wins over a stripped one. */
function placeFirst(templates: Template[], candidates: Segment[][]): string | undefined {
  for (const observed of candidates) {
    let best: { label: string; literals: number } | undefined;
    for (const template of templates) {
      const literals = fits(template, observed);
      if (literals >= 0 && (!best || literals > best.literals)) best = { label: template.label, literals };
    }
    if (best) return best.label;
  }
  return undefined;
}

// Templates by method, read from the keys of an operation map once: a gate asks about one contract again and again.
const templatesOf = new WeakMap<Map<string, unknown>, Map<string, Template[]>>();

function templatesByMethod(operations: Map<string, unknown>): Map<string, Template[]> {
  let known = templatesOf.get(operations);
  if (known) return known;
  known = new Map();
  for (const key of operations.keys()) {
    const space = key.indexOf(' ');
    if (space < 0) continue;
    const method = key.slice(0, space);
    const segments = splitPath(key.slice(space + 1)).map((s) => (s === '{}' ? null : s));
    known.set(method, [...(known.get(method) ?? []), { label: key, segments }]);
  }
  templatesOf.set(operations, known);
  return known;
}

/**
 * The key (`GET /orders/{}`) of the operation a concrete path (`/orders/1`, as a Pact interaction writes it) calls,
 * from a map keyed by operation keys; a literal segment beats a parameter where both fit, as OpenAPI routes them.
 * A path that fits no operation as written is tried without each of `bases` (`serverPaths`) in front: a consumer
 * sends `/v1/orders/1` where the contract's server is `https://api.acme.dev/v1` and its path `/orders/{id}`.
 * A path that writes a template itself is not placed: it names its operation by key or not at all.
 */
export function placeConcretePath(operations: Map<string, unknown>, method: string, path: string, bases: readonly string[][]): string | undefined {
  if (path.includes('{')) return undefined;
  const templates = templatesByMethod(operations).get(method.toUpperCase());
  if (!templates) return undefined;
  const observed: Segment[] = splitPath(path.replace(/[?#].*$/, '')).map(decode);
  return placeFirst(templates, withoutServerPaths(observed, bases));
}
