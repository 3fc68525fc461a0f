// Pairing the media types of a body: `application/json; charset=utf-8` is `application/json`.
import { joinPointer } from '../schema/pointer.js';

export interface MediaEntry {
  name: string;
  node: Record<string, any>;
  pointer: string;
}

export function listMedia(content: unknown, pointer: string): Map<string, MediaEntry> {
  const out = new Map<string, MediaEntry>();
  if (!content || typeof content !== 'object') return out;
  for (const [name, node] of Object.entries(content as Record<string, any>)) {
    const key = name.split(';')[0].trim().toLowerCase();
    if (!out.has(key)) out.set(key, { name, node: node ?? {}, pointer: joinPointer(pointer, 'content', name) });
  }
  return out;
}

/** `application/xml`, `text/xml`, `application/atom+xml`: a media type key (as listMedia keys them) that is XML. */
export function isXml(key: string): boolean {
  return /[/+]xml$/.test(key);
}
