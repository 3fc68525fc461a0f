// JSON pointers (RFC 6901): building, splitting and resolving them.

// Both run for every token of every pointer built or split, and almost no token holds `~` or `/`.
export function escapeToken(token: string | number): string {
  const text = typeof token === 'string' ? token : String(token);
  if (text.indexOf('~') < 0 && text.indexOf('/') < 0) return text;
  let out = escaped.get(text);
  if (out === undefined) {
    if (escaped.size >= MAX_ESCAPED) escaped.clear();
    out = text.replace(/~/g, '~0').replace(/\//g, '~1');
    escaped.set(text, out);
  }
  return out;
}

// The tokens that do are a few media types and paths, escaped again for every response and operation (~2.4 MB of a
// Cloudflare diff's garbage): each is escaped once. Bounded, since a registry's process diffs contract after contract.
const escaped = new Map<string, string>();
const MAX_ESCAPED = 4096;

function unescapeToken(token: string): string {
  if (token.indexOf('~') < 0) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

// Indexed loops in this file: a for...of allocates an iterator result per token until the code is optimised.
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (let i = 0; i < tokens.length; i++) out += `/${escapeToken(tokens[i])}`;
  return out;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const p = pointer.startsWith('#') ? decodeURIComponentSafe(pointer.slice(1)) : pointer;
  const tokens = p.split('/');
  const out = new Array<string>(tokens.length - 1);
  for (let i = 1; i < tokens.length; i++) out[i - 1] = unescapeToken(tokens[i]);
  return out;
}

export function parentPointer(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** The value at `pointer`, or undefined when it does not resolve. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  const tokens = splitPointer(pointer);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function decodeURIComponentSafe(s: string): string {
  // Most pointers hold no escape: nothing to decode, and no try block to enter.
  if (s.indexOf('%') < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `bp/keyword` or `bp/keyword/key`: keywords need no escaping, keys may. Used where the walk builds a pointer per
 * property, alternative or header: joinPointer's list of tokens was the diff's largest single allocation.
 */
export function childPointer(bp: string, keyword: string, key: string | number | undefined): string {
  return key === undefined ? `${bp}/${keyword}` : `${bp}/${keyword}/${escapeToken(key)}`;
}
