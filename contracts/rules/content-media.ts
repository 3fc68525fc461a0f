// A parameter or header is written either by its `style` (with `schema`) or in the one media type its `content` names.
// Switching between the two, or to another media type, changes the text on the wire even when the schema is the same.
import { readTypes } from '../schema/dialect.js';

type Node = Record<string, any>;

type ContentChange =
  | { kind: 'content-added'; media: string }
  | { kind: 'content-removed'; media: string }
  | { kind: 'media-type-changed'; from: string; to: string };

/** How the way a value is written changed between two parameters or headers; undefined when it is written the same. */
export function compareContent(b: Node, r: Node): ContentChange | undefined {
  const bm = mediaOf(b);
  const rm = mediaOf(r);
  if (bm === undefined && rm === undefined) return undefined;
  if (bm !== undefined && rm !== undefined) return essence(bm) === essence(rm) ? undefined : { kind: 'media-type-changed', from: bm, to: rm };
  const [styled, content, media] = bm === undefined ? [b, r, rm!] : [r, b, bm];
  if (writtenAlike(styled, content, media)) return undefined;
  return bm === undefined ? { kind: 'content-added', media } : { kind: 'content-removed', media };
}

/** The media type `content` names (the specification allows exactly one). */
function mediaOf(node: Node): string | undefined {
  const content = node.content;
  if (!content || typeof content !== 'object') return undefined;
  return Object.keys(content)[0];
}

/** `Application/JSON; charset=utf-8` is `application/json`. */
function essence(media: string): string {
  return media.split(';')[0].trim().toLowerCase();
}

/**
 * A single primitive value in `text/plain` is its own text, which is also how the default style writes it:
 * nothing changes for a client. Anything else (JSON, arrays, objects, a non-default style) is written differently.
 */
function writtenAlike(styled: Node, content: Node, media: string): boolean {
  if (essence(media) !== 'text/plain') return false;
  if (styled.style !== undefined && styled.style !== 'form' && styled.style !== 'simple') return false;
  return isPrimitive(styled.schema) && isPrimitive(content.content?.[media]?.schema ?? styled.schema);
}

function isPrimitive(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const { types } = readTypes(schema as Node);
  return types.length > 0 && types.every((t) => t !== 'array' && t !== 'object');
}
