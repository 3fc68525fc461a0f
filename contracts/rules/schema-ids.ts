// Schema rules exist at several positions (body, property, parameter, header) with one meaning;
// the table declares each id with its place, and these helpers say where a place is.
import type { Direction, SchemaPosition } from './types.js';

/** Positions of a body schema only: JSON Schema 2020 keywords are judged there, not in parameters or headers. */
export const BODY_POSITIONS: readonly SchemaPosition[] = ['body', 'property'];

/** How a finding names the place it is about; `{field}` is filled in when the operation is known. */
export function describePlace(direction: Direction, position: SchemaPosition): string {
  if (position === 'body') return `the ${direction} body`;
  if (position === 'parameter') return 'parameter {param}';
  if (position === 'header') return 'response header {param}';
  return `${direction} property {field}`;
}
