// Telling, before the schema checks run on a pair the walk fills, which of them could read something that differs: most
// pairs are filled only for a change below them (a property's schema, a component one of them names), and a check whose
// keywords are alike on both sides would read the same twice. Each family says which keywords it reads (rules/).
import type { Schema } from './dialect.js';
import type { SchemaChecks } from './pairs.js';

/** Keywords that only document a schema: no rule reads what they say (as in alike-but-notes.ts). */
const NOTES: ReadonlySet<string> = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs']);

/** A check per bit; checks past the last bit run on every pair. */
export const CHECK_BITS = 31;
const EVERY = 0x7fffffff;

/** Which checks a pair runs, as bits in the order the checks were given: `run & (1 << i)`, every check past CHECK_BITS. */
type CheckDispatch = (b: Schema, r: Schema) => number;

/**
 * Per keyword, the checks that read it (its value differs) and those that follow what it names (written alike, it holds
 * a reference: what that names may differ). A check that declares nothing runs on every pair. A reference or a
 * discriminator written on the pair itself runs every check: what it names, or the values a mapping implies, are read
 * by more than one family. `properties` differs where the two name different properties: the schema of a property
 * both declare is its own pair, and a check reads it only for a name one side lacks.
 */
export function createCheckDispatch(families: readonly SchemaChecks[]): CheckDispatch {
  const read = new Map<string, number>();
  const followed = new Map<string, number>();
  let always = 0;
  let every = 0;
  families.forEach((family, i) => {
    if (i >= CHECK_BITS) return;
    const bit = 1 << i;
    every |= bit;
    if (!family.keywords) always |= bit;
    for (const key of family.keywords?.read ?? []) read.set(key, (read.get(key) ?? 0) | bit);
    for (const key of family.keywords?.followed ?? []) followed.set(key, (followed.get(key) ?? 0) | bit);
  });
  return (b, r) => {
    let run = always;
    for (const key in b) {
      if (NOTES.has(key)) continue;
      if (key === '$ref' || key === '$dynamicRef' || key === 'discriminator') return EVERY;
      const readers = read.get(key) ?? 0;
      const followers = followed.get(key) ?? 0;
      // Already running all who would ask: the value need not be compared.
      if (((readers | followers) & ~run) === 0) continue;
      const alike = !Object.hasOwn(r, key) ? DIFFERS : key === 'properties' ? sameNames(b[key], r[key]) : sameValue(b[key], r[key]);
      run |= alike === DIFFERS ? readers : alike === NAMES ? followers : 0;
      if (run === every) return EVERY;
    }
    for (const key in r) {
      if (NOTES.has(key)) continue;
      if (key === '$ref' || key === '$dynamicRef' || key === 'discriminator') return EVERY;
      if (!Object.hasOwn(b, key)) run |= read.get(key) ?? 0;
    }
    return run;
  };
}

/** How two values compare: they differ, they are alike, or alike but naming something elsewhere (a reference). */
const DIFFERS = 0;
const ALIKE = 1;
const NAMES = 2;
type Likeness = typeof DIFFERS | typeof ALIKE | typeof NAMES;

function sameNames(b: unknown, r: unknown): Likeness {
  if (!isPlain(b) || !isPlain(r)) return sameValue(b, r);
  let count = 0;
  for (const name in b) {
    if (!Object.hasOwn(r, name)) return DIFFERS;
    count++;
  }
  for (const _ in r) count--;
  return count === 0 ? ALIKE : DIFFERS;
}

/** Values alike by content, refusing what JSON would write otherwise (toJSON, undefined). */
function sameValue(b: unknown, r: unknown): Likeness {
  if (b === null || r === null || typeof b !== 'object' || typeof r !== 'object')
    return b === r && b !== undefined && typeof b !== 'function' ? ALIKE : DIFFERS;
  let likeness: Likeness = ALIKE;
  if (Array.isArray(b)) {
    if (!Array.isArray(r) || b.length !== r.length) return DIFFERS;
    for (let i = 0; i < b.length; i++) {
      const item = sameValue(b[i], r[i]);
      if (item === DIFFERS) return DIFFERS;
      if (item === NAMES) likeness = NAMES;
    }
    return likeness;
  }
  if (!isPlain(b) || !isPlain(r)) return DIFFERS;
  let count = 0;
  for (const key in b) {
    if (!Object.hasOwn(r, key)) return DIFFERS;
    const value = sameValue(b[key], r[key]);
    if (value === DIFFERS) return DIFFERS;
    if (value === NAMES || key === '$ref' || key === '$dynamicRef' || key === 'discriminator') likeness = NAMES;
    count++;
  }
  for (const _ in r) count--;
  return count === 0 ? likeness : DIFFERS;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
