// What the unchanged test must know of a schema's whole subtree (the references it must follow, the reasons not to
// trust a pair), read once per node from the values: reading it from JSON text wrote a deep inline schema's subtree
// out again at every level the walk asked at, ~20% of Cloudflare's diff.

/** A key or string `mapping`: a discriminator mapping may name schemas without a reference. */
export const MAPPING = 1;
/** A key or string `discriminator`: its implied values are component names. */
export const DISCRIMINATOR = 2;
/** A key whose subschema a rule reads as whole text (`not` also names a property so: a change, to be safe). */
export const WHOLE_TEXT = 4;
/** A `$ref` or `$dynamicRef` with a string value: in a document with resources, read inside the nearest `$id`. */
export const ANY_REF = 8;
/** A `$ref` that is not a fragment: in 3.1, a schema named by its `$id`. */
export const URI_REF = 16;
/** `nullable: true`: null is valid in 3.0 only. */
export const NULLABLE = 32;
/** A key or string `$ref`/`$dynamicRef`: keywords beside one apply in 3.1 only. */
export const REF_WORD = 64;

export interface Facts {
  /** The local references the subtree holds (any string that reads like one), each once, in the order JSON writes them. */
  readonly refs: readonly string[];
  readonly bits: number;
}

const NO_REFS: readonly string[] = Object.freeze([]);
const NOTHING: Facts = Object.freeze({ refs: NO_REFS, bits: 0 });
/** `#`, a pointer, or an anchor's name: a string the unchanged test follows (one that names nothing counts as changed). */
const ANCHOR_NAME = /^#[A-Za-z_][-A-Za-z0-9._]*$/;

function isLocalRef(s: string): boolean {
  return s.charCodeAt(0) === 35 && (s.length === 1 || s.charCodeAt(1) === 47 || ANCHOR_NAME.test(s));
}

/** A string as a key or a value: what it alone tells. Read by its first letter: nearly every key and value is none of these. */
function wordBits(s: string): number {
  switch (s.charCodeAt(0)) {
    case 36: // $
      return s === '$ref' || s === '$dynamicRef' ? REF_WORD : 0;
    case 109: // m
      return s === 'mapping' ? MAPPING : 0;
    case 100: // d
      return s === 'discriminator' ? DISCRIMINATOR : 0;
    default:
      return 0;
  }
}

/** A key: what it tells as a word, and whether a rule reads its subschema as whole text. */
function keyBits(key: string): number {
  switch (key.charCodeAt(0)) {
    case 110: // n
      return key === 'not' ? WHOLE_TEXT : 0;
    case 105: // i
      return key === 'if' ? WHOLE_TEXT : 0;
    case 112: // p
      return key === 'propertyNames' || key === 'prefixItems' ? WHOLE_TEXT : 0;
    default:
      return wordBits(key);
  }
}

/** The facts of any value; an object's are kept in `memo` (one per side and diff: the walk asks at every level below). */
export function factsOf(value: unknown, memo: Map<object, Facts>): Facts {
  if (typeof value === 'string') return stringFacts(value);
  if (value === null || typeof value !== 'object') return NOTHING;
  const known = memo.get(value);
  if (known !== undefined) return known;
  return Array.isArray(value) ? listFacts(value, memo) : objectFacts(value as Record<string, unknown>, memo);
}

function stringFacts(s: string): Facts {
  if (isLocalRef(s)) return { refs: [s], bits: 0 };
  const bits = wordBits(s);
  return bits === 0 ? NOTHING : { refs: NO_REFS, bits };
}

/** `into` with `refs` appended, each once: a list is shared until a second one adds to it, then copied once. */
function joinRefs(into: readonly string[], refs: readonly string[], owned: boolean): readonly string[] {
  if (refs.length === 0 || refs === into) return into;
  if (into.length === 0) return refs;
  let out = into;
  for (let i = 0; i < refs.length; i++) {
    if (out.includes(refs[i])) continue;
    if (out === into && !owned) out = into.slice();
    (out as string[]).push(refs[i]);
  }
  return out;
}

function listFacts(list: unknown[], memo: Map<object, Facts>): Facts {
  let refs = NO_REFS;
  let owned = false;
  let bits = 0;
  for (let i = 0; i < list.length; i++) {
    const each = factsOf(list[i], memo);
    bits |= each.bits;
    const joined = joinRefs(refs, each.refs, owned);
    owned = joined === refs ? owned : joined !== each.refs;
    refs = joined;
  }
  return keep(list, bits, refs, true, memo);
}

function objectFacts(node: Record<string, unknown>, memo: Map<object, Facts>): Facts {
  // What JSON.stringify writes of it is what its toJSON returns (a YAML timestamp's Date): read that instead.
  if (typeof node.toJSON === 'function') return factsOf(JSON.parse(JSON.stringify(node)), new Map());
  let refs = NO_REFS;
  let owned = false;
  let bits = 0;
  let inner = false;
  for (const key in node) {
    const value = node[key];
    const type = typeof value;
    // JSON.stringify leaves these members out, key and all.
    if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
    bits |= keyBits(key);
    if (isLocalRef(key)) {
      const joined = joinRefs(refs, [key], owned);
      owned = joined === refs ? owned : refs.length > 0;
      refs = joined;
    }
    let each: Facts;
    if (type === 'string') {
      if (key === '$ref' || key === '$dynamicRef') {
        bits |= ANY_REF;
        if (key === '$ref' && (value as string).charCodeAt(0) !== 35) bits |= URI_REF;
      }
      each = stringFacts(value as string);
    } else if (type === 'object' && value !== null) {
      inner = true;
      each = factsOf(value, memo);
    } else {
      if (key === 'nullable' && value === true) bits |= NULLABLE;
      continue;
    }
    bits |= each.bits;
    const joined = joinRefs(refs, each.refs, owned);
    owned = joined === refs ? owned : joined !== each.refs;
    refs = joined;
  }
  return keep(node, bits, refs, inner, memo);
}

/** A schema with no object below it (most: a property's own type) is read again at once, not kept. */
function keep(node: object, bits: number, refs: readonly string[], inner: boolean, memo: Map<object, Facts>): Facts {
  const facts = bits === 0 && refs.length === 0 ? NOTHING : { refs, bits };
  if (inner) memo.set(node, facts);
  return facts;
}
