// The media types a multipart part or form field is sent in: its `encoding` entry's `contentType`, or the default the
// specification gives by the field's schema. The encoding rules compare them; the body walk reads which parts are text.
import { describedTypes } from '../schema/dialect.js';

type Node = Record<string, any>;

/** The media types a part may be sent in: its own list, or the default its schema implies. */
export function contentTypes(e: Node, schema: Node | undefined): string[] | undefined {
  const own = typeof e.contentType === 'string' ? e.contentType : defaultContentType(schema);
  return own?.split(',').map((t) => t.split(';')[0].trim().toLowerCase());
}

/** The specification's defaults: binary strings are octet streams, other primitives text, objects JSON, arrays per item. */
function defaultContentType(schema: Node | undefined): string | undefined {
  if (!schema) return undefined;
  const types = describedTypes(schema);
  if (types.length !== 1) return undefined;
  if (types[0] === 'array') return defaultContentType(schema.items);
  if (types[0] === 'object') return 'application/json';
  if (types[0] === 'string' && (schema.format === 'binary' || schema.contentEncoding !== undefined)) return 'application/octet-stream';
  return 'text/plain';
}

/** `image/*` accepts `image/png`; `*\/*` accepts anything. */
export function covers(accepted: string, type: string): boolean {
  if (accepted === type || accepted === '*/*') return true;
  return accepted.endsWith('/*') && type.startsWith(accepted.slice(0, -1));
}
