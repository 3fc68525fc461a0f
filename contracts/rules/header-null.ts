// A header described by `schema` is serialized by the `simple` style (RFC 6570), which writes nothing for null: a
// response header whose schema admits null is one the server may leave out, so "may now be null" there is "may be absent".
import { admitsNull } from '../schema/admits-null.js';
import { isSchemaObject } from '../schema/dialect.js';
import type { Resolver } from '../schema/resolve.js';

/** Whether a Header Object's `schema` (not `content`, whose media type can write `null`) says null is a valid value. */
export function sendsNoneForNull(header: Record<string, any> | undefined, resolver: Resolver): boolean {
  if (!header || header.content !== undefined) return false;
  const schema = resolver.followSchema(header.schema, '').node;
  return isSchemaObject(schema) && admitsNull(schema, resolver, !resolver.is31) === true;
}
