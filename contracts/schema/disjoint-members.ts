// Whether two `oneOf`/`anyOf` members can both match one value: where none can, "exactly one" (oneOf) and "at least
// one" (anyOf) accept the same values, so trading one keyword for the other changes nothing a client sends or reads.
import { signatureOf } from './branch-match.js';
import { type AllOfCache, flattenAllOf, isSchemaObject, jsonTypeOf, type Schema } from './dialect.js';
import { discriminatorValues } from './discriminator-values.js';
import type { Located, Resolver } from './resolve.js';
import { isOrNull } from './wrap-match.js';

/**
 * Each side's list keyword where one version writes its alternatives under `oneOf` and the other under `anyOf` (and
 * neither both). Not where one side is "X or null" and the other is not: that list's one alternative is the other side's
 * whole list, not a member of it (OpenAI's `oneOf: [A, B]` becoming `anyOf: [{oneOf: [A, B]}, {type: "null"}]`).
 */
export function swappedList(b: Schema, r: Schema, resolvers: { base: Resolver; revision: Resolver }): Swap | undefined {
  const bk = onlyList(b);
  const rk = onlyList(r);
  if (bk === undefined || rk === undefined || bk === rk) return undefined;
  if (isOrNull(b, resolvers.base, !resolvers.base.is31) !== isOrNull(r, resolvers.revision, !resolvers.revision.is31)) return undefined;
  return { base: bk, revision: rk };
}

type Swap = { base: 'oneOf' | 'anyOf'; revision: 'oneOf' | 'anyOf' };

function onlyList(s: Schema): 'oneOf' | 'anyOf' | undefined {
  const one = Array.isArray(s.oneOf) && s.oneOf.length > 0;
  const any = Array.isArray(s.anyOf) && s.anyOf.length > 0;
  return one === any ? undefined : one ? 'oneOf' : 'anyOf';
}

/**
 * The first two members of `parent[keyword]` that some value may match both of, or undefined when the members are
 * pairwise disjoint: by type (`integer` is a `number`), by value (`const`, `enum`), by a property every object of both
 * requires with values apart (a tagged union), or by the parent's discriminator selecting each by a value of its own.
 * Where this cannot tell, the members are taken to overlap. `counts` says which pairs are asked about.
 */
export function overlappingMembers(
  parent: Schema,
  keyword: 'oneOf' | 'anyOf',
  resolver: Resolver,
  nullableKeyword: boolean,
  counts: (i: number, j: number) => boolean = () => true,
): [number, number] | undefined {
  const written: unknown[] = parent[keyword];
  const cache: AllOfCache = new Map<object, Map<string, Located<Schema>>>();
  const members = written.map((m) => {
    const followed = resolver.followSchema<Schema>(m, '');
    return isSchemaObject(followed.node) ? flattenAllOf(followed, resolver, cache).node : undefined;
  });
  const tags = discriminatorValues(parent, written, resolver);
  for (let i = 0; i < members.length; i++)
    for (let j = i + 1; j < members.length; j++) {
      if (!counts(i, j)) continue;
      if (tags && apart(tags.get(i) ?? implied(written[i]), tags.get(j) ?? implied(written[j]))) continue;
      const a = members[i];
      const b = members[j];
      if (a === undefined || b === undefined || !disjoint(a, b, resolver, nullableKeyword)) return [i, j];
    }
  return undefined;
}

function disjoint(a: Schema, b: Schema, resolver: Resolver, nullableKeyword: boolean): boolean {
  const va = valuesOf(a, nullableKeyword);
  const vb = valuesOf(b, nullableKeyword);
  if (va && vb) return shareNone(va, vb);
  const ta = typesOf(a, nullableKeyword);
  const tb = typesOf(b, nullableKeyword);
  // Listed values against a type: apart when no listed value is of a type the other admits.
  if (va) return tb !== undefined && va.every((v) => !admits(tb, jsonTypeOf(v)));
  if (vb) return ta !== undefined && vb.every((v) => !admits(ta, jsonTypeOf(v)));
  if (ta === undefined || tb === undefined) return false;
  const shared = [...ta].filter((t) => admits(tb, t) || (t === 'number' && tb.has('integer')));
  if (shared.length === 0) return true;
  // Objects only: apart when a property both require has values apart. A schema admitting other types leaves them unconstrained.
  return shared.every((t) => t === 'object') && tagged(a, b, resolver, nullableKeyword);
}

/** Some property both require whose listed values share none. */
function tagged(a: Schema, b: Schema, resolver: Resolver, nullableKeyword: boolean): boolean {
  const required = (s: Schema) => new Set<string>(Array.isArray(s.required) ? s.required : []);
  const ra = required(a);
  const rb = required(b);
  for (const name of ra) {
    if (!rb.has(name)) continue;
    const pa = resolver.followSchema<Schema>(a.properties?.[name], '').node;
    const pb = resolver.followSchema<Schema>(b.properties?.[name], '').node;
    if (!isSchemaObject(pa) || !isSchemaObject(pb)) continue;
    const va = valuesOf(pa, nullableKeyword);
    const vb = valuesOf(pb, nullableKeyword);
    if (va && vb && shareNone(va, vb)) return true;
  }
  return false;
}

/** A member written as a `$ref` answers to its component's name where no mapping or property gives it a value (OpenAPI's implicit mapping). */
function implied(member: unknown): Set<string> | undefined {
  const ref = isSchemaObject(member) ? member.$ref : undefined;
  return typeof ref === 'string' ? new Set([ref.slice(ref.lastIndexOf('/') + 1)]) : undefined;
}

function apart(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  for (const v of a) if (b.has(v)) return false;
  return true;
}

function shareNone(a: unknown[], b: unknown[]): boolean {
  const texts = new Set(a.map((v) => signatureOf(v)));
  return !b.some((v) => texts.has(signatureOf(v)));
}

/** The values a `const` or `enum` allows; undefined where neither is written. */
function valuesOf(s: Schema, nullableKeyword: boolean): unknown[] | undefined {
  const listed = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
  if (listed === undefined) return undefined;
  // 3.0's nullable beside an enum is read either way by tools: null is taken as allowed, which can only find an overlap.
  return nullableKeyword && s.nullable === true ? [...listed, null] : listed;
}

/** The types a schema admits, where its `type` says; undefined for any. */
function typesOf(s: Schema, nullableKeyword: boolean): Set<string> | undefined {
  const raw = s.type;
  if (raw === undefined) return undefined;
  const types = new Set<string>((Array.isArray(raw) ? raw : [raw]).filter((t): t is string => typeof t === 'string'));
  if (nullableKeyword && s.nullable === true) types.add('null');
  return types;
}

/** Whether a type set admits values of a type (an integer is a number). */
function admits(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}
