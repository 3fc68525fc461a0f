// Schema rules exist at several positions (body, property, parameter, header) with one meaning;
// the table declares each id with its place, and these helpers say where a place is.
import type { Direction, SchemaPosition } from './types.js';

/** Positions of a body schema only: JSON Schema 2020 keywords are judged there, not in parameters or headers. */
export const BODY_POSITIONS: readonly SchemaPosition[] = ['body', 'property'];

/** A parameter's own schema (its items included), wherever it is sent. */
export function isParameterRoot(position: SchemaPosition): boolean {
  return position === 'parameter' || position === 'header-parameter';
}

/** A property inside a parameter's object schema, wherever it is sent. */
export function isParameterProperty(position: SchemaPosition): boolean {
  return position === 'parameter-property' || position === 'header-parameter-property';
}

/** How a finding names the place it is about; `{field}` is filled in when the operation is known. */
export function describePlace(direction: Direction, position: SchemaPosition): string {
  if (position === 'body') return `the ${direction} body`;
  if (isParameterRoot(position)) return 'parameter {param}';
  if (position === 'header') return 'response header {param}';
  return `${direction} property {field}`;
}
