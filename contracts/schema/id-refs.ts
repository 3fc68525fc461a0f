// JSON Schema 2020-12 (OpenAPI 3.1) names schemas by URI: a `$ref` that is not a fragment resolves against the base
// URI its enclosing `$id`s set, and names the schema of the document that declares that `$id` (or an `$anchor` in it).
import { escapeToken } from './pointer.js';

/** The document's own base URI is its retrieval URI, which the engine never knows: relative `$id`s resolve against this. */
const DOCUMENT_BASE = 'overseer:/document';

/**
 * Every `$ref` in the document that names a schema by URI, mapped to the local reference (`#/pointer`) of the schema it
 * names in the same document; refs that name nothing here are left out. One walk, keeping the base URI on a stack.
 */
export function indexIdRefs(doc: unknown): WeakMap<object, string> {
  const resources = new Map<string, string>();
  const anchors = new Map<string, string>();
  const pending: { node: object; ref: string; base: string }[] = [];
  const keys: string[] = [];
  const visit = (node: unknown, base: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(String(i));
        visit(node[i], base);
        keys.pop();
      }
      return;
    }
    const n = node as Record<string, unknown>;
    let here = base;
    if (typeof n.$id === 'string') {
      const id = absolute(n.$id, base);
      if (id !== undefined) {
        here = withoutFragment(id);
        if (!resources.has(here)) resources.set(here, pointerOf(keys));
      }
    }
    for (const anchor of [n.$anchor, n.$dynamicAnchor])
      if (typeof anchor === 'string' && !anchors.has(`${here}#${anchor}`)) anchors.set(`${here}#${anchor}`, pointerOf(keys));
    if (typeof n.$ref === 'string' && !n.$ref.startsWith('#')) pending.push({ node: n, ref: n.$ref, base: here });
    for (const key of Object.keys(n)) {
      keys.push(key);
      visit(n[key], here);
      keys.pop();
    }
  };
  visit(doc, DOCUMENT_BASE);
  const out = new WeakMap<object, string>();
  for (const { node, ref, base } of pending) {
    const uri = absolute(ref, base);
    if (uri === undefined) continue;
    const resource = resources.get(withoutFragment(uri));
    const hash = uri.indexOf('#');
    const fragment = hash < 0 ? '' : decode(uri.slice(hash + 1));
    const at =
      resource === undefined
        ? undefined
        : fragment === '' || fragment.startsWith('/')
          ? resource + fragment
          : anchors.get(`${withoutFragment(uri)}#${fragment}`);
    if (at !== undefined) out.set(node, `#${at}`);
  }
  return out;
}

function absolute(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function pointerOf(keys: string[]): string {
  let out = '';
  for (const key of keys) out += `/${escapeToken(key)}`;
  return out;
}
