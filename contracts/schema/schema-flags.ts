// The flags that apply to a schema (readOnly, writeOnly, deprecated) however its author wrote them, read one way by
// every place that asks: the pair walk and the field walk (is a property part of this direction's payload?) and the
// property rules (did it become read-only, write-only, deprecated?).

import type { Schema } from './dialect.js';
import type { Direction } from './pairs.js';
import { childPointer } from './pointer.js';
import type { Resolver } from './resolve.js';

// Indexed loops over it: a for...of allocates a result per step in code V8 has not optimised, and this runs per schema.
const APPLICATORS = ['allOf', 'oneOf', 'anyOf'] as const;

export interface SchemaFlags {
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  /** The `x-sunset` of a deprecated schema, read in the places `deprecated` is read (the first that writes one). */
  readonly sunset?: string;
}

const READ_ONLY = 1;
const WRITE_ONLY = 2;
const DEPRECATED = 4;
const ALL = READ_ONLY | WRITE_ONLY | DEPRECATED;
const ALTERNATIVES = ['oneOf', 'anyOf'] as const;
const NONE: unknown[] = Object.freeze([]) as unknown as unknown[];
/** The eight answers, shared: most properties are written in place, and reading their flags allocates nothing. */
const BY_BITS: readonly SchemaFlags[] = Array.from({ length: 8 }, (_, bits) =>
  Object.freeze({ readOnly: (bits & READ_ONLY) !== 0, writeOnly: (bits & WRITE_ONLY) !== 0, deprecated: (bits & DEPRECATED) !== 0 }),
);
/** Composed answers per resolver, then per schema object: a document's `$ref`s are its own, and so are their siblings. */
const KNOWN = new WeakMap<Resolver, WeakMap<object, number>>();
/** Deprecated schemas' answers with their sunset, per resolver: few properties are deprecated, and fewer say when they go. */
const WITH_SUNSET = new WeakMap<Resolver, WeakMap<object, SchemaFlags>>();

/**
 * The flags that apply to `schema`, written at `pointer`:
 * - on the schema itself, or beside a 3.1 `$ref` (the resolver joins those; 3.0 and 2.0 ignore them, by their spec);
 * - in the schema a `$ref` names;
 * - in any `allOf` member, at any depth: every member applies to the value, and JSON Schema 2020-12 says one `true`
 *   among the annotations that apply makes the flag true (so an `allOf: [{$ref: X}, {readOnly: true}]` is read-only);
 * - in every `oneOf`/`anyOf` alternative, an alternative that admits only null set aside. JSON Schema annotates a value
 *   with the flags of the alternative it matches, and which one a sender or a server picks is theirs: when only some
 *   alternatives carry a flag, values of the others are still sent (or returned), so the property stays part of that
 *   payload, and no "became read-only" or removal is said of it. A null alternative only says "or null".
 */
export function flagsOf(schema: Schema, pointer: string, resolver: Resolver): SchemaFlags {
  const flags = readFlags(schema, pointer, resolver);
  return flags.deprecated ? withSunset(flags, schema, pointer, resolver) : flags;
}

function readFlags(schema: Schema, pointer: string, resolver: Resolver): SchemaFlags {
  const plain = plainBits(schema);
  if (plain >= 0) return BY_BITS[plain];
  let known = KNOWN.get(resolver);
  if (known === undefined) KNOWN.set(resolver, (known = new WeakMap()));
  // A component named by many properties is read once; the path set is built only for a first reading.
  return BY_BITS[known.get(schema) ?? composedBits(schema, pointer, resolver, known, new Set())];
}

function withSunset(flags: SchemaFlags, schema: Schema, pointer: string, resolver: Resolver): SchemaFlags {
  let known = WITH_SUNSET.get(resolver);
  if (known === undefined) WITH_SUNSET.set(resolver, (known = new WeakMap()));
  let answer = known.get(schema);
  if (answer === undefined) {
    const sunset = findSunset(schema, pointer, resolver, new Set());
    answer = sunset === undefined ? flags : Object.freeze({ ...flags, sunset });
    known.set(schema, answer);
  }
  return answer;
}

/**
 * The first `x-sunset` met where `deprecated` is read: on the schema (joined with what is beside a 3.1 `$ref`; beside a
 * 3.0 `$ref` nothing is read, by that spec), in the schema a `$ref` names, in `allOf` members at any depth, then in the
 * alternatives that are not only null. A `Date` (a YAML timestamp read by another loader) is written back as its day.
 */
function findSunset(written: Schema, pointer: string, resolver: Resolver, onPath: Set<object>): string | undefined {
  const followed = written.$ref === undefined && written.$dynamicRef === undefined ? undefined : resolver.followSchema<Schema>(written, pointer);
  const s = followed ? followed.node : written;
  if (!isObject(s) || onPath.has(s)) return undefined;
  onPath.add(s);
  const at = followed ? followed.pointer : pointer;
  // Beside a 3.1 `$ref` that says nothing else (so nothing was joined), an `x-sunset` still annotates the place of use.
  let found = (followed && resolver.is31 ? readSunset(written) : undefined) ?? readSunset(s);
  for (let ai = 0; ai < APPLICATORS.length; ai++) {
    const keyword = APPLICATORS[ai];
    const list: unknown[] = Array.isArray(s[keyword]) ? s[keyword] : [];
    for (let i = 0; i < list.length && found === undefined; i++) {
      const member = list[i];
      const memberAt = childPointer(at, keyword, i);
      if (isObject(member) && (keyword === 'allOf' || !admitsOnlyNull(member, memberAt, resolver))) found = findSunset(member, memberAt, resolver, onPath);
    }
  }
  onPath.delete(s);
  return found;
}

/** The flags of a schema that neither names nor composes another, read from its own keys; undefined for the others. */
export function plainFlags(schema: Schema): SchemaFlags | undefined {
  const plain = plainBits(schema);
  return plain >= 0 ? BY_BITS[plain] : undefined;
}

/** A readOnly property is no part of a request, a writeOnly one no part of a response. */
export function isVisible(flags: SchemaFlags, direction: Direction): boolean {
  return direction === 'request' ? !flags.readOnly : !flags.writeOnly;
}

/** `onPath`: the schemas being read above this one; a recursive schema met again adds nothing. */
function composedBits(written: Schema, pointer: string, resolver: Resolver, known: WeakMap<object, number>, onPath: Set<object>): number {
  const done = known.get(written);
  if (done !== undefined) return done;
  const followed = written.$ref === undefined && written.$dynamicRef === undefined ? undefined : resolver.followSchema<Schema>(written, pointer);
  const s = followed ? followed.node : written;
  if (!isObject(s) || onPath.has(s)) return 0;
  onPath.add(s);
  const at = followed ? followed.pointer : pointer;
  let bits = ownBits(s);
  if (Array.isArray(s.allOf))
    for (let i = 0; i < s.allOf.length && bits !== ALL; i++) {
      const member = s.allOf[i];
      if (!isObject(member)) continue;
      // A member that neither names nor composes another schema is read from its own keys: no pointer to build for it.
      const plain = plainBits(member);
      bits |= plain >= 0 ? plain : composedBits(member, childPointer(at, 'allOf', i), resolver, known, onPath);
    }
  // Indexed over a shared list: a literal list and for...of allocated a list and a result per step of every schema read.
  for (let k = 0; k < ALTERNATIVES.length; k++) {
    const keyword = ALTERNATIVES[k];
    const list: unknown[] = Array.isArray(s[keyword]) ? s[keyword] : NONE;
    let common = ALL;
    let counted = 0;
    for (let i = 0; i < list.length; i++) {
      const alternative = list[i];
      if (!isObject(alternative)) continue;
      // Most alternatives are written in place (Discord's `{type: 'null'}` beside a `$ref`): the pointer is built for the others only.
      const plain = plainBits(alternative);
      if (plain >= 0) {
        if (saysOnlyNull(alternative)) continue;
        common &= plain;
      } else {
        const alternativeAt = childPointer(at, keyword, i);
        if (admitsOnlyNull(alternative, alternativeAt, resolver)) continue;
        common &= composedBits(alternative, alternativeAt, resolver, known, onPath);
      }
      counted++;
    }
    if (counted > 0) bits |= common;
  }
  onPath.delete(s);
  known.set(written, bits);
  return bits;
}

function readSunset(s: Schema): string | undefined {
  return readSunsetValue(s['x-sunset']);
}

/**
 * An `x-sunset` as text: a string as written, a YAML date as `YYYY-MM-DD`, and any other value written (`20270630`, a
 * number) as its JSON, which no date reads: a sunset someone wrote is unreadable, never taken for no sunset at all.
 */
export function readSunsetValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return v instanceof Date ? v.toISOString().slice(0, 10) : JSON.stringify(v);
}

function ownBits(s: Schema): number {
  return (s.readOnly === true ? READ_ONLY : 0) | (s.writeOnly === true ? WRITE_ONLY : 0) | (s.deprecated === true ? DEPRECATED : 0);
}

/**
 * A schema's own flags, or -1 when it is composed (a `$ref`, `$dynamicRef`, `allOf`, `oneOf` or `anyOf`). One pass
 * over its few keys: reading the eight keywords by name from every property's schema, most of which lack them all,
 * was the slowest kind of read in code not yet optimised.
 */
function plainBits(s: Schema): number {
  let bits = 0;
  for (const key in s) {
    if (key === '$ref' || key === '$dynamicRef' || key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      if (s[key] !== undefined) return -1;
    } else if (s[key] === true) {
      if (key === 'readOnly') bits |= READ_ONLY;
      else if (key === 'writeOnly') bits |= WRITE_ONLY;
      else if (key === 'deprecated') bits |= DEPRECATED;
    }
  }
  return bits;
}

/**
 * `{type: 'null'}`, `{enum: [null]}`, `{const: null}`, written in place or in the schema a `$ref` names (a `Null`
 * component): the "or null" of a list, which says nothing of who sends the value.
 */
function admitsOnlyNull(written: Schema, pointer: string, resolver: Resolver): boolean {
  const followed = written.$ref === undefined && written.$dynamicRef === undefined ? written : resolver.followSchema<Schema>(written, pointer).node;
  return isObject(followed) && saysOnlyNull(followed);
}

function saysOnlyNull(s: Schema): boolean {
  if (s.type === 'null' || (Array.isArray(s.type) && s.type.length > 0 && s.type.every((t: unknown) => t === 'null'))) return true;
  if (Array.isArray(s.enum)) return s.enum.length > 0 && s.enum.every((v: unknown) => v === null);
  return s.const === null && s.type === undefined;
}

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
