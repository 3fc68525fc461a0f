// JSON Schema 2020-12 (OpenAPI 3.1) names schemas by URI: a schema with `$id` is a resource of its own, and every `$ref`
// written inside it (`pet`, `#/$defs/Pet`, `#pet`) resolves against that `$id`, not against the OpenAPI document.
import { escapeToken } from './pointer.js';

/** The document's own base URI is its retrieval URI, which the engine never knows: relative `$id`s resolve against this. */
const DOCUMENT_BASE = 'overseer:/document';

/**
 * Where a `$ref` to an anchor that its resource does not hold leads: nowhere (no document has a top-level `$nowhere`), so
 * that it names nothing, as the specification reads it, rather than a same-named anchor of another resource.
 */
export function nowhere(anchor: string): string {
  return `/$nowhere/${escapeToken(anchor)}`;
}

export interface IdIndex {
  /**
   * Per `$ref` whose meaning `$id` changes, the local reference (`#/pointer`) of the schema it names in this document:
   * a `$ref` by URI, a fragment-only `$ref` written inside a resource, and a `$ref` to an anchor (`#pet`), which names
   * one of its own resource only (`nowhere` when that has none). Refs to other documents are left out.
   */
  refs: WeakMap<object, string>;
  /** Whether any schema declares an `$id` of its own: without one, a fragment-only `$ref` means what it says. */
  embedded: boolean;
}

/**
 * Per loaded document, its index: the loader's is the engine's too, and a document the loader saw write no `$id` at
 * all (most) gets the empty one without a walk. A loaded document is not changed after; one built by hand may be, so
 * only the loader keeps an index here.
 */
const LOADED = new WeakMap<object, IdIndex>();
const NO_IDS: IdIndex = Object.freeze({ refs: new WeakMap<object, string>(), embedded: false });

/** The loader's index of a document it has read, kept for the engine; `hasIds` is its own walk's answer. */
export function indexLoadedDocument(doc: object, hasIds: boolean): IdIndex {
  const index = hasIds ? walkIds(doc) : NO_IDS;
  LOADED.set(doc, index);
  return index;
}

export function indexIdRefs(doc: unknown): IdIndex {
  if (!doc || typeof doc !== 'object') return NO_IDS;
  return LOADED.get(doc) ?? walkIds(doc);
}

/** One walk, keeping the base URI on a stack. */
function walkIds(doc: object): IdIndex {
  // The document is a resource too, for its own anchors; `embedded` counts the others.
  const resources = new Map<string, string>([[DOCUMENT_BASE, '']]);
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
    // A pointer (`#/...`) outside every resource is the document's own: left to the pointer lookup. A `$dynamicRef`
    // starts where a `$ref` would (its static target, in its own resource), as the resolver reads it when no `$ref` is beside.
    const ref = typeof n.$ref === 'string' ? n.$ref : typeof n.$dynamicRef === 'string' ? n.$dynamicRef : undefined;
    if (ref !== undefined && (here !== DOCUMENT_BASE || !isLocalPointer(ref))) pending.push({ node: n, ref, base: here });
    for (const key of Object.keys(n)) {
      keys.push(key);
      visit(n[key], here);
      keys.pop();
    }
  };
  visit(doc, DOCUMENT_BASE);
  const refs = new WeakMap<object, string>();
  for (const { node, ref, base } of pending) {
    const at = localOf(ref, base, resources, anchors);
    if (at !== undefined) refs.set(node, `#${at}`);
  }
  return { refs, embedded: resources.size > 1 };
}

function isLocalPointer(ref: string): boolean {
  return ref === '#' || ref.startsWith('#/');
}

/** Where a `$ref` resolved against `base` lands in this document: the resource's pointer and the fragment's place in it. */
function localOf(ref: string, base: string, resources: Map<string, string>, anchors: Map<string, string>): string | undefined {
  const uri = absolute(ref, base);
  if (uri === undefined) return undefined;
  const hash = uri.indexOf('#');
  const fragment = hash < 0 ? '' : decode(uri.slice(hash + 1));
  const resource = withoutFragment(uri);
  const start = resources.get(resource);
  if (start === undefined) return undefined;
  if (fragment === '' || fragment.startsWith('/')) return start + fragment;
  return anchors.get(`${resource}#${fragment}`) ?? nowhere(fragment);
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
