// How another operation names a field of a schema several operations share, read from the change alone: a miss of
// GET /users/{id} names `address.name` while the removal that explains it carries the path from the first operation
// reaching it (`items[].address.name` under GET /users). Only tails that hold the whole path inside the shared schema
// qualify: `name` alone is another field (the user's name). Waivers read the path from the diff (field-reading.ts).

import type { Change } from '../model.js';

/** The paths from each property down of the field a shared-schema change touches, none shorter than its path in that schema. */
export function fieldTails(change: Change, touched: string): string[] {
  const own = pathInSchema(change.location);
  const tails: string[] = [];
  for (let i = touched.indexOf('.'); i >= 0; i = touched.indexOf('.', i + 1)) tails.push(touched.slice(i + 1));
  // A location read otherwise than expected (not ending the field touched) bounds nothing: the tails stay as they were.
  if (own === '' || !(touched === own || touched.endsWith(`.${own}`) || touched.endsWith(`]${own}`))) return tails;
  return tails.filter((tail) => tail.length >= own.length);
}

const CONTAINERS: ReadonlySet<string> = new Set(['schemas', 'definitions', '$defs']);
const COMPOSITIONS: ReadonlySet<string> = new Set(['allOf', 'oneOf', 'anyOf']);

/**
 * The field path a JSON pointer names inside the schema it is in (`/components/schemas/User/properties/address/
 * properties/name/type` -> `address.name`): from the last schema's root (a named schema, or a `schema` keyword), through
 * `properties` and `items`, up to the first other keyword.
 */
function pathInSchema(pointer: string): string {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let start = -1;
  for (let k = 0; k < tokens.length; k++) {
    // A property named `schema` or `schemas` is a field, not a schema's root.
    if (tokens[k - 1] === 'properties' || tokens[k - 2] === 'properties') continue;
    if (tokens[k] === 'schema') start = k + 1;
    else if (k > 0 && CONTAINERS.has(tokens[k - 1]!)) start = k + 1;
  }
  if (start < 0) return '';
  let path = '';
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === 'properties' && i + 1 < tokens.length) path = path === '' ? tokens[++i]! : `${path}.${tokens[++i]!}`;
    else if (t === 'items') path += '[]';
    else if (COMPOSITIONS.has(t) && i + 1 < tokens.length) i++;
    else break;
  }
  return path;
}
