// Where a mutation can act in a generated document: pointers, $ref following, its operations, and the schemas
// reached from their bodies in the direction the engine walks them (properties a payload leaves out are skipped).

type Json = Record<string, any>;

type Tokens = string[];
type Direction = 'request' | 'response';

/** A schema reached from an operation's body: where it is written, the schema it resolves to, and how it is reached. */
interface SchemaSite {
  written: Tokens;
  resolved: Tokens;
  node: Json;
  direction: Direction;
  /** `body` at the root of a request or response body, `property` below it (items included). */
  position: 'body' | 'property';
}

export function buildPointer(tokens: Tokens): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getValueAt(doc: unknown, tokens: Tokens): any {
  let node: any = doc;
  for (const t of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, t)) return undefined;
    node = node[t];
  }
  return node;
}

export function setValueAt(doc: Json, tokens: Tokens, value: unknown): void {
  getValueAt(doc, tokens.slice(0, -1))[tokens[tokens.length - 1]] = value;
}

export function readRefTokens(node: unknown): Tokens | undefined {
  const ref = node && typeof node === 'object' ? (node as Json).$ref : undefined;
  return typeof ref === 'string' && ref.startsWith('#/')
    ? ref
        .slice(2)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    : undefined;
}

/** Follows `$ref`s from where a node is written to the value it stands for. */
export function follow(doc: Json, tokens: Tokens): Tokens {
  let at = tokens;
  for (let hops = 0; hops < 10; hops++) {
    const next = readRefTokens(getValueAt(doc, at));
    if (!next) return at;
    at = next;
  }
  return at;
}

interface OperationSite {
  path: string;
  method: string;
  label: string;
}

export function listOperations(doc: Json): OperationSite[] {
  const out: OperationSite[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      if (item[method]) out.push({ path, method, label: `${method.toUpperCase()} ${path}` });
    }
  }
  return out;
}

/** Body schemas of every operation and, below them, the properties and items the engine walks in that direction. */
export function listSchemaSites(doc: Json): SchemaSite[] {
  const out: SchemaSite[] = [];
  for (const { path, method } of listOperations(doc)) {
    const op = ['paths', path, method];
    for (const media of Object.keys(getValueAt(doc, [...op, 'requestBody', 'content']) ?? {})) {
      collectSites(doc, [...op, 'requestBody', 'content', media, 'schema'], 'request', 'body', out, new Set());
    }
    for (const status of Object.keys(getValueAt(doc, [...op, 'responses']) ?? {})) {
      const response = follow(doc, [...op, 'responses', status]);
      for (const media of Object.keys(getValueAt(doc, [...response, 'content']) ?? {})) {
        collectSites(doc, [...response, 'content', media, 'schema'], 'response', 'body', out, new Set());
      }
    }
  }
  return out;
}

function collectSites(doc: Json, written: Tokens, direction: Direction, position: SchemaSite['position'], out: SchemaSite[], seen: Set<string>): void {
  const resolved = follow(doc, written);
  const node = getValueAt(doc, resolved);
  const key = buildPointer(resolved) + position;
  if (!node || typeof node !== 'object' || seen.has(key) || seen.size > 40) return;
  seen.add(key);
  out.push({ written, resolved, node, direction, position });
  // Composition is flattened or paired by the walker; its parts are left out to keep expectations exact.
  if (node.allOf || node.oneOf || node.anyOf) return;
  for (const name of Object.keys(node.properties ?? {})) {
    const child = getValueAt(doc, follow(doc, [...resolved, 'properties', name]));
    if (isInvisible(child, direction, doc)) continue;
    collectSites(doc, [...resolved, 'properties', name], direction, 'property', out, seen);
  }
  if (node.items && typeof node.items === 'object') collectSites(doc, [...resolved, 'items'], direction, 'property', out, seen);
}

/**
 * Whether a property is left out of a direction's payload: its flag (readOnly for requests, writeOnly for responses) on
 * it, in an `allOf` member, or in every `oneOf`/`anyOf` alternative. Generated documents compose with local `$ref`s only.
 */
export function isInvisible(schema: Json | undefined, direction: Direction, doc?: Json, depth = 0): boolean {
  if (!schema || typeof schema !== 'object' || depth > 8) return false;
  const at = (s: Json) => (doc && readRefTokens(s) ? getValueAt(doc, follow(doc, readRefTokens(s)!)) : s);
  if (schema[direction === 'request' ? 'readOnly' : 'writeOnly'] === true) return true;
  const hidden = (s: Json) => isInvisible(at(s), direction, doc, depth + 1);
  if (Array.isArray(schema.allOf) && schema.allOf.some(hidden)) return true;
  return ['oneOf', 'anyOf'].some((k) => Array.isArray(schema[k]) && schema[k].length > 0 && schema[k].every(hidden));
}

/** Properties below a body whose own schema is readOnly or writeOnly, visible in that direction or not. */
export function listFlagged(doc: Json): { at: Tokens; node: Json; flag: 'readOnly' | 'writeOnly' }[] {
  const seen = new Set<string>();
  return listSchemaSites(doc).flatMap((s) =>
    Object.keys(s.node.properties ?? {}).flatMap((name) => {
      const at = follow(doc, [...s.resolved, 'properties', name]);
      const node = getValueAt(doc, at);
      const flag = node?.readOnly === true ? 'readOnly' : node?.writeOnly === true ? 'writeOnly' : undefined;
      const key = buildPointer(at);
      if (!flag || seen.has(key)) return [];
      seen.add(key);
      return [{ at, node, flag }];
    }),
  );
}
