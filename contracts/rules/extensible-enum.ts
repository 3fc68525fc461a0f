// Zalando's `x-extensible-enum` lists the values a server accepts today and promises readers that others may come:
// in a request it restricts what may be sent as an `enum` does, in a response it closes nothing.
import type { Schema } from '../schema/dialect.js';
import type { Direction } from './types.js';

/** The schema's open list of values, when it has one and no `enum` or `const` that would say more. */
export function extensibleValues(node: Schema): unknown[] | undefined {
  if (Array.isArray(node.enum) || node.const !== undefined) return undefined;
  const values = node['x-extensible-enum'];
  return Array.isArray(values) ? values : undefined;
}

/**
 * Where a request's list of accepted values moves between `enum` and `x-extensible-enum` (or one of them appears), the
 * open list is read as the enum it is for a sender, so only the values are compared; between two open lists
 * schema-values.ts judges a value removed, and in a response an open list admits anything.
 */
export function readsExtensibleAsEnum(direction: Direction, base: Schema, revision: Schema): boolean {
  return direction === 'request' && (extensibleValues(base) !== undefined) !== (extensibleValues(revision) !== undefined);
}

/** The keyword a schema lists its values under, for pointers and messages. */
export function enumKeyword(node: Schema): 'enum' | 'x-extensible-enum' {
  return extensibleValues(node) === undefined ? 'enum' : 'x-extensible-enum';
}
