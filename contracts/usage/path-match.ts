// Which operation of a contract a concrete request (`GET /users/7`) or a route (`GET /users/:id`) is.
// Templates match whatever their parameters are called; a literal segment beats a parameter where both fit.

import type { OpenApiDocument } from '../load/load.js';
import { indexOperations, operationKey } from '../schema/operations.js';
import { Resolver } from '../schema/resolve.js';
import {
  decode,
  endsWithSlash,
  fitSegment,
  INNER_PARAMETER,
  PARAMETER,
  readRouteSegment,
  readTemplateSegment,
  type Segment,
  splitPath,
  startsWith,
  type Template,
  type TemplateSegment,
} from './path-segments.js';
import { type ServerBases, serverPaths } from './server-bases.js';

export type OperationMatcher = (method: string, path: string, isTemplate: boolean) => string | undefined;

/** The path part of `url.full` (or a path already), without query or fragment. */
export function pathOfUrl(url: string): string | undefined {
  if (url.startsWith('/')) return url.replace(/[?#].*$/, '');
  if (!URL.canParse(url)) return undefined;
  return new URL(url).pathname;
}

/**
 * The path of a route or `url.template`: OpenTelemetry's own example of a template is `/users?id={id}`, and an RFC 6570
 * template may end in a query expression (`/users/{id}{?fields}`) or name its scheme and host; the query read as part
 * of the last segment, and the call fitted no operation, so the gate did not count it.
 */
export function pathOfRoute(route: string): string {
  const path = route.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#{]*/i, '');
  return path.replace(/\{[?&#][^}]*\}.*$/s, '').replace(/[?#].*$/s, '') || '/';
}

/**
 * How a template fits: under one of its operation's server paths (the URL the server answers at) beats as written (a
 * consumer that left the server path out); then the most literal segments.
 */
interface Fit {
  served: boolean;
  literals: number;
  /** Each segment's weight (fitSegment), for the tie between templates with as many literals (compareFromLeft). */
  weights: number[];
}

function fitsWithServers(template: Template, observed: Segment[], bases: ServerBases): Fit | undefined {
  let served: number[] | undefined;
  for (const base of bases.byOperation.get(template.key) ?? bases.document) {
    const weights = startsWith(observed, base) ? fits(template, observed.slice(base.length)) : undefined;
    if (weights && (!served || sum(weights) > sum(served))) served = weights;
  }
  if (served) return { served: true, literals: sum(served), weights: served };
  const asWritten = fits(template, observed);
  return asWritten ? { served: false, literals: sum(asWritten), weights: asWritten } : undefined;
}

function fits(template: Template, observed: Segment[]): number[] | undefined {
  if (template.segments.length !== observed.length) return undefined;
  const weights: number[] = [];
  for (let i = 0; i < observed.length; i++) {
    const weight = fitSegment(template.segments[i]!, observed[i]!);
    if (weight < 0) return undefined;
    weights.push(weight);
  }
  return weights;
}

function sum(weights: readonly number[]): number {
  return weights.reduce((a, b) => a + b, 0);
}

/**
 * Between templates with as many literal segments (`/users/{id}/posts` and `/{kind}/me/posts` for `/users/me/posts`),
 * OpenAPI's "concrete before templated" read segment by segment from the left: the first segment where one is literal
 * and the other a parameter decides, as a router walking the path would. Positive when `a` wins. Without it the
 * template written first won, so a consumer's call was judged against whichever operation the author listed first.
 */
function compareFromLeft(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function createOperationMatcher(doc: OpenApiDocument): OperationMatcher {
  const byMethod = new Map<string, Template[]>();
  for (const op of indexOperations(doc, new Resolver(doc)).values()) {
    const segments = splitPath(op.path).map(readTemplateSegment);
    byMethod.set(op.method, [...(byMethod.get(op.method) ?? []), { label: op.label, key: op.key, segments, trailing: endsWithSlash(op.path) }]);
  }
  const bases = serverPaths(doc);
  return (method, path, isTemplate) => {
    const full: Segment[] = splitPath(path).map((s) => (isTemplate ? readRouteSegment(s) : decode(s)));
    return placeAnswering(byMethod, method, { segments: full, trailing: endsWithSlash(path) }, bases);
  };
}

/** HEAD is GET without its body (RFC 9110, 9.3.2): a path with no HEAD of its own is answered by its GET. */
function methodsAnswering(method: string): string[] {
  const upper = method.toUpperCase();
  return upper === 'HEAD' ? ['HEAD', 'GET'] : [upper];
}

/** An observed path's segments, and whether it was written with a trailing slash. */
interface Observed {
  segments: Segment[];
  trailing: boolean;
}

function placeAnswering(byMethod: ReadonlyMap<string, Template[]>, method: string, observed: Observed, bases: ServerBases): string | undefined {
  for (const answering of methodsAnswering(method)) {
    const templates = byMethod.get(answering);
    const placed = templates && placeBest(templates, observed, bases);
    if (placed !== undefined) return placed;
  }
  return undefined;
}

/**
 * The best-fitting template (Fit): a literal segment beats a parameter where both fit, as OpenAPI routes them; between
 * templates with as many, the one literal first from the left (compareFromLeft); then the one written with the call's
 * trailing slash, or without it (`/items/` and `/items`); only templates of one shape fall to the order written.
 */
function placeBest(templates: Template[], observed: Observed, bases: ServerBases): string | undefined {
  let best: (Fit & { label: string; slash: boolean }) | undefined;
  for (const template of templates) {
    const fit = fitsWithServers(template, observed.segments, bases);
    if (!fit) continue;
    const slash = template.trailing === observed.trailing;
    const left = best && best.served === fit.served && fit.literals === best.literals ? compareFromLeft(fit.weights, best.weights) : 0;
    const better =
      !best ||
      (fit.served && !best.served) ||
      (best.served === fit.served && (fit.literals > best.literals || (fit.literals === best.literals && (left > 0 || (left === 0 && slash && !best.slash)))));
    if (better) best = { ...fit, label: template.label, slash };
  }
  return best?.label;
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
    const segments = splitPath(key.slice(space + 1)).map(readTemplateSegment);
    known.set(method, [...(known.get(method) ?? []), { label: key, key, segments, trailing: endsWithSlash(key.slice(space + 1)) }]);
  }
  templatesOf.set(operations, known);
  return known;
}

/**
 * The key (`GET /orders/{}`) of the operation a concrete path (`/orders/1`, as a Pact interaction writes it) calls,
 * from a map keyed by operation keys; a literal segment beats a parameter where both fit, as OpenAPI routes them.
 * A path is tried without each of its operation's server paths in front (`bases`, from serverPaths: the operation's
 * own, else its path item's, else the document's), which is the URL a server answers at: a consumer sends `/v1/orders/1`
 * where the contract's server is `https://api.acme.dev/v1` and its path `/orders/{id}`; else as written.
 * A path that writes a template itself is not fitted to another template: it names its operation by key, or by key
 * under one of its server paths, or not at all. A HEAD is placed on its path's GET where the path has no HEAD of its own.
 * A path that fits nothing is tried under the base path the document's paths all write (a base path moved out of its
 * server URL: request-paths.ts).
 */
export function placeConcretePath(operations: Map<string, unknown>, method: string, path: string, bases: ServerBases): string | undefined {
  const placed = placeWritten(operations, method, path, bases);
  const prefix = bases.inPaths;
  if (placed !== undefined || !prefix || prefix.length === 0) return placed;
  return placeWritten(operations, method, `/${prefix.join('/')}/${path.replace(/^\/+/, '')}`, bases);
}

function placeWritten(operations: Map<string, unknown>, method: string, path: string, bases: ServerBases): string | undefined {
  if (path.includes('{')) return placeTemplate(operations, method, path, bases);
  const written = path.replace(/[?#].*$/, '');
  return placeAnswering(templatesByMethod(operations), method, { segments: splitPath(written).map(decode), trailing: endsWithSlash(written) }, bases);
}

const ROOT: readonly string[] = [];

/** A template names its operation by key, with its parameters' names free, or under one of that operation's server paths. */
function placeTemplate(operations: Map<string, unknown>, method: string, path: string, bases: ServerBases): string | undefined {
  const written: Segment[] = splitPath(path).map((s) => (PARAMETER.test(s) ? null : s.replace(INNER_PARAMETER, '{}')));
  for (const answering of methodsAnswering(method)) {
    const key = operationKey(answering, path);
    if (operations.has(key)) return key;
    for (const template of templatesByMethod(operations).get(answering) ?? []) {
      // At the root too: `/users/{id}/` (a trailing or doubled slash) is `/users/{userId}`, as an observed call to it is.
      const served = bases.byOperation.get(template.key) ?? bases.document;
      if ([ROOT, ...served].some((base) => isUnder(written, base, template.segments))) return template.key;
    }
  }
  return undefined;
}

/** `written` is `base` then exactly `segments` (parameters where they have parameters). */
function isUnder(written: readonly Segment[], base: readonly string[], segments: readonly TemplateSegment[]): boolean {
  const same = (s: TemplateSegment, w: Segment) => (s !== null && typeof s === 'object' ? w === s.shape : w === s);
  return written.length === base.length + segments.length && startsWith(written, base) && segments.every((s, i) => same(s, written[base.length + i]!));
}
