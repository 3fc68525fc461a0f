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

/** Paths the contract's servers put in front of every operation (`https://api.acme.dev/v1` -> `/v1`). */
function basePaths(doc: OpenApiDocument): string[][] {
  const servers: unknown = (doc as { servers?: unknown }).servers;
  const out: string[][] = [];
  if (!Array.isArray(servers)) return out;
  for (const server of servers) {
    const url = (server as { url?: unknown } | null)?.url;
    if (typeof url !== 'string') continue;
    const path = url.startsWith('/') ? url : URL.canParse(url) ? new URL(url).pathname : '';
    const segments = splitPath(path);
    if (segments.length > 0) out.push(segments);
  }
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
  const bases = basePaths(doc);
  return (method, path, isTemplate) => {
    const templates = byMethod.get(method.toUpperCase());
    if (!templates) return undefined;
    const full: Segment[] = splitPath(path).map((s) => (isTemplate && ROUTE_PARAMETER.test(s) ? null : decode(s)));
    const candidates = [full, ...bases.filter((b) => b.every((s, i) => full[i] === s)).map((b) => full.slice(b.length))];
    for (const observed of candidates) {
      let best: { label: string; literals: number } | undefined;
      for (const template of templates) {
        const literals = fits(template, observed);
        if (literals >= 0 && (!best || literals > best.literals)) best = { label: template.label, literals };
      }
      if (best) return best.label;
    }
    return undefined;
  };
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
 * A path that writes a template itself is not placed: it names its operation by key or not at all.
 */
export function placeConcretePath(operations: Map<string, unknown>, method: string, path: string): string | undefined {
  if (path.includes('{')) return undefined;
  const templates = templatesByMethod(operations).get(method.toUpperCase());
  if (!templates) return undefined;
  const observed = splitPath(path.replace(/[?#].*$/, '')).map(decode);
  let best: { label: string; literals: number } | undefined;
  for (const template of templates) {
    const literals = fits(template, observed);
    if (literals >= 0 && (!best || literals > best.literals)) best = { label: template.label, literals };
  }
  return best?.label;
}
