// A document's schemas as a reader of its own OpenAPI version reads them: a keyword another version's Schema Object has
// (3.1's `const` in a 3.0 document, 3.0's boolean `exclusiveMinimum` in 3.1) is applied by no reader of this one, so
// the engine compares the document without it, and keeps what it set aside for a rule to name.
import type { SpecVersion } from '../load/load.js';

/**
 * Words JSON Schema gained after Wright draft 00, the draft OpenAPI 3.0's Schema Object takes its subset from (3.0.3:
 * other properties are not allowed, extensions start with `x-`), and that 3.1 reads as JSON Schema 2020-12: no 3.0
 * reader knows them. Words of the older drafts that 3.0's list leaves out (`patternProperties`, `dependencies`) are
 * still read, as the draft 4 and 5 validators that 3.0 tools build on do. Swagger 2.0 reaches here converted to 3.0.
 * The `$` words (`$id`, `$defs`...) are left too: they name places a `$ref` may lead to, which the resolver reads by version.
 */
export const NOT_IN_30: ReadonlySet<string> = new Set([
  'const',
  'prefixItems',
  'contains',
  'minContains',
  'maxContains',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'if',
  'then',
  'else',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
]);

/** Keywords holding subschemas: one, a list of them (`items` either), or a map of them by name. */
const SUBSCHEMAS = new Map<string, 'one' | 'list' | 'map' | 'items'>([
  ...['additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'].map(
    (k) => [k, 'one'] as const,
  ),
  ...['allOf', 'anyOf', 'oneOf', 'prefixItems'].map((k) => [k, 'list'] as const),
  ...['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'].map((k) => [k, 'map'] as const),
  ['items', 'items'],
]);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Node = Record<string, any>;

interface VersionReading {
  /** The document as its version reads it: the same objects wherever nothing was set aside. */
  doc: Node;
  /** Per schema pointer, the keywords set aside there and their values. */
  setAside: Map<string, Record<string, unknown>>;
}

/** Whether `key: value` in a Schema Object is a keyword of another version's Schema Object. */
function isForeign(version: SpecVersion, key: string, value: unknown): boolean {
  const bound = key === 'exclusiveMinimum' || key === 'exclusiveMaximum';
  if (version === '3.1') return bound && typeof value === 'boolean';
  return NOT_IN_30.has(key) || (bound && typeof value === 'number');
}

/**
 * `doc` read in `version`. Copy on write: the objects on the way to a schema that loses a keyword are copied, every other
 * object is shared, and a document with nothing foreign comes back as it was given.
 */
export function readAsVersion(doc: Node, version: SpecVersion): VersionReading {
  const setAside = new Map<string, Record<string, unknown>>();
  const at: string[] = [];
  const pointer = () => (at.length === 0 ? '' : `/${at.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`);

  // One pass over each schema's keys: it runs for every schema of the document, on every diff.
  const schema = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    let out: Node = node;
    let found: Record<string, unknown> | undefined;
    for (const key in node) {
      const value = node[key];
      if (isForeign(version, key, value)) {
        (found ??= {})[key] = value;
        continue;
      }
      const kind = typeof value === 'object' && value !== null ? SUBSCHEMAS.get(key) : undefined;
      if (kind === undefined) continue;
      at.push(key);
      const next = kind === 'one' || (kind === 'items' && !Array.isArray(value)) ? schema(value) : schemas(value);
      at.pop();
      if (next === value) continue;
      if (out === node) out = { ...node };
      out[key] = next;
    }
    if (found === undefined) return out;
    setAside.set(pointer(), found);
    const drop = found;
    return copyWithout(out, (k) => k in drop);
  };
  const schemas = (node: unknown): unknown => {
    let out: any = node;
    for (const key in node as Node) {
      const value = (node as Node)[key];
      if (typeof value !== 'object' || value === null) continue;
      at.push(key);
      const next = schema(value);
      at.pop();
      if (next === value) continue;
      if (out === node) out = Array.isArray(node) ? [...node] : { ...(node as Node) };
      out[key] = next;
    }
    return out;
  };
  const content = each((media) =>
    field(
      field(media, 'schema', schema),
      'encoding',
      each((e) => field(e, 'headers', each(parameter))),
    ),
  );
  const parameter = (node: unknown) => field(field(node, 'schema', schema), 'content', content);
  const response = (node: unknown) => field(field(node, 'headers', each(parameter)), 'content', content);
  const body = (node: unknown) => field(node, 'content', content);
  const operation = (node: unknown): unknown =>
    field(field(field(field(node, 'parameters', each(parameter)), 'requestBody', body), 'responses', each(response)), 'callbacks', each(each(pathItem)));
  const pathItem = (node: unknown): unknown => {
    let out = field(node, 'parameters', each(parameter));
    for (const method of METHODS) out = field(out, method, operation);
    return out;
  };
  function field(node: unknown, key: string, visit: (child: unknown) => unknown): any {
    if ((!isObject(node) && !Array.isArray(node)) || !Object.hasOwn(node, key)) return node;
    const child = (node as Node)[key];
    at.push(key);
    const next = visit(child);
    at.pop();
    if (next === child) return node;
    const out: Node = Array.isArray(node) ? [...node] : { ...node };
    out[key] = next;
    return out;
  }
  function each(visit: (child: unknown) => unknown): (node: unknown) => unknown {
    return (node) => {
      if (!isObject(node) && !Array.isArray(node)) return node;
      let out: any = node;
      for (const key of Object.keys(node)) if (!key.startsWith('x-') || Array.isArray(node)) out = field(out, key, visit);
      return out;
    };
  }

  let out = field(field(doc, 'paths', each(pathItem)), 'webhooks', each(pathItem));
  const parts: [string, (node: unknown) => unknown][] = [
    ['schemas', schema],
    ['parameters', parameter],
    ['headers', parameter],
    ['requestBodies', body],
    ['responses', response],
    ['callbacks', each(pathItem)],
    ['pathItems', pathItem],
  ];
  for (const [key, visit] of parts) out = field(out, 'components', (c) => field(c, key, key === 'schemas' ? schemas : each(visit)));
  return { doc: out, setAside };
}

function isObject(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy without some keys, built rather than deleted from: a delete leaves the object a slow dictionary. */
function copyWithout(node: Node, drop: (key: string) => boolean): Node {
  const out: Node = {};
  for (const key in node) if (!drop(key)) out[key] = node[key];
  return out;
}
