// The segments of a path as the operation matcher reads them: a template's text, whole parameters and parameters
// among text, and an observed call's or route's segments, and how one fits another.

export interface Template {
  label: string;
  /** The operation's key (`GET /users/{}`): its own server paths are kept under it (ServerBases). */
  key: string;
  /** A segment's text, null for a path parameter, or a segment that holds parameters among text (`{id}.json`). */
  segments: TemplateSegment[];
  /** Written with a trailing slash (`/items/`): where a contract has `/items` too, a call to `/items/` is this one. */
  trailing: boolean;
}

/**
 * A segment with text around its parameters (`{id}.json`, `{name}.{ext}`): path templating marks a section of a path,
 * not only a whole segment. `pattern` fits a concrete segment; `shape` is the segment as a key writes it (`{}.json`).
 */
interface Mixed {
  pattern: RegExp;
  shape: string;
}
export type TemplateSegment = string | null | Mixed;

/** An observed segment: its text, or null when the observed path is itself a template's parameter. */
export type Segment = string | null;

export const PARAMETER = /^\{[^}]*\}$/;
const ROUTE_PARAMETER = /^(\{[^}]*\}|:[A-Za-z_$][\w$]*|\*)$/;
// An Express route's parameter with text after it (`:id.json`): the text is part of the path, as in `{id}.json`.
const ROUTE_PARAMETER_BEFORE_TEXT = /^:[A-Za-z_$][\w$]*/;
export const INNER_PARAMETER = /\{[^}/]*\}/g;
// A mixed segment fits where a whole parameter would, and less well than the literal text it also fits: between both.
const MIXED_WEIGHT = 0.5;

/** A template's segment as the matcher keeps it: text, null for a whole parameter, or Mixed. */
export function readTemplateSegment(segment: string): TemplateSegment {
  if (PARAMETER.test(segment)) return null;
  if (!segment.includes('{')) return segment;
  const parts = segment.split(INNER_PARAMETER);
  if (parts.length === 1) return segment;
  const escaped = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { pattern: new RegExp(`^${escaped.join('(.+?)')}$`, 's'), shape: segment.replace(INNER_PARAMETER, '{}') };
}

/** How one observed segment fits one template segment: -1 not at all, else its weight among the literals. */
export function fitSegment(want: TemplateSegment, seen: Segment): number {
  if (want === null) return 0;
  if (typeof want === 'string') return seen === want ? 1 : -1;
  if (seen === null) return -1;
  // A route (`/reports/{id}.json`) writes the shape itself; a concrete segment (`7.json`) fits the pattern.
  return seen.replace(INNER_PARAMETER, '{}') === want.shape || want.pattern.test(seen) ? MIXED_WEIGHT : -1;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export function endsWithSlash(path: string): boolean {
  return path.length > 1 && path.endsWith('/');
}

export function startsWith<T>(segments: readonly T[], base: readonly string[]): boolean {
  return base.length <= segments.length && base.every((s, i) => segments[i] === s);
}

export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A route's segment: null for a whole parameter, else its text, an Express parameter before text written `{}`. */
export function readRouteSegment(segment: string): Segment {
  if (ROUTE_PARAMETER.test(segment)) return null;
  return decode(segment.replace(ROUTE_PARAMETER_BEFORE_TEXT, '{}'));
}
