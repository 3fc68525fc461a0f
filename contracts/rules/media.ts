// Pairing the media types of a body: `application/json; charset=utf-8` is `application/json`.
import { childPointer } from '../schema/pointer.js';
import { ANY_MEDIA_TYPE, acceptsMedia } from '../usage/media-types.js';

export interface MediaEntry {
  name: string;
  node: Record<string, any>;
  pointer: string;
}

export function listMedia(content: unknown, pointer: string): Map<string, MediaEntry> {
  const out = new Map<string, MediaEntry>();
  if (!content || typeof content !== 'object') return out;
  // Indexed over keys, the parameters cut with indexOf: every response and body of every operation is listed here,
  // mostly before V8 optimises this, where an entry, an iterator result and a split list per media type added up.
  const names = Object.keys(content);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const semicolon = name.indexOf(';');
    const key = (semicolon < 0 ? name : name.slice(0, semicolon)).trim().toLowerCase();
    if (!out.has(key)) out.set(key, { name, node: (content as Record<string, any>)[name] ?? {}, pointer: childPointer(pointer, 'content', name) });
  }
  return out;
}

/** `application/xml`, `text/xml`, `application/atom+xml`: a media type key (as listMedia keys them) that is XML. */
export function isXml(key: string): boolean {
  return /[/+]xml$/.test(key);
}

/**
 * The entry whose media type range covers `key` (`application/*`, then `*\/*`) where no entry names it exactly: in a
 * request body the most specific key applies (OpenAPI 3.0 and 3.1, Request Body Object), so a type a range covers is
 * still accepted, as that range describes it.
 */
export function coveringRange(key: string, media: Map<string, MediaEntry>): MediaEntry | undefined {
  const slash = key.indexOf('/');
  return (slash > 0 ? media.get(`${key.slice(0, slash)}/*`) : undefined) ?? media.get('*/*');
}

/**
 * The media types of `media` that the range `key` covers (`application/json` for `application/*`): where a range is
 * narrowed to them they are still taken, or still returned, so the removal is of the others only.
 */
export function narrowedTo(key: string, media: Map<string, MediaEntry>): string[] {
  if (!key.includes('*')) return [];
  const kept: string[] = [];
  for (const [other, entry] of media) if (other !== ANY_MEDIA_TYPE && acceptsMedia(key, other)) kept.push(entry.name);
  return kept;
}

/** What a removal of `m` says is no longer taken (`verb`: accepts, returns): all of it, or what its range covered beyond `kept`. */
export function noLonger(verb: string, m: MediaEntry, kept: string[]): string {
  return kept.length === 0 ? `no longer ${verb} ${m.name}` : `no longer ${verb} ${m.name} types other than ${kept.join(', ')}`;
}

/**
 * Two `contentMediaType` or `contentEncoding` values naming the same thing: a media type's type and subtype, and a
 * transfer encoding's name, are case-insensitive (RFC 2045, 2046); a media type's parameters are compared as written.
 */
export function sameContentName(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const split = (v: string) => {
    const at = v.indexOf(';');
    return at < 0 ? [v.trim().toLowerCase(), ''] : [v.slice(0, at).trim().toLowerCase(), v.slice(at)];
  };
  const [[ae, ap], [be, bp]] = [split(a), split(b)];
  return ae === be && ap === bp;
}
