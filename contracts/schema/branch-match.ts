// Pairing the alternatives of two oneOf/anyOf/allOf lists, so that an alternative renamed, moved into components or
// selected by the same discriminator value is compared with itself rather than reported removed and added.
import { isSchemaObject } from './dialect.js';
import type { Resolver } from './resolve.js';

type BranchResolvers = { base: Resolver; revision: Resolver };

/**
 * Pairs the alternatives of two `oneOf`/`anyOf`/`allOf` lists: first by the discriminator value that
 * selects them (what a client sends, whatever the component is called), then by the component they
 * reference, then an inline alternative with a referenced one that says the same (a refactor into
 * components, or a component renamed), then the remaining inline ones by their order. Unpaired ones
 * are added or removed. A component that keeps its name is paired by it: two components that both
 * still exist are two alternatives, however alike they look, and a mapping pointed elsewhere is
 * reported as such rather than pairing other members.
 */
export function matchBranches(
  bl: unknown[],
  rl: unknown[],
  resolvers: BranchResolvers,
  options: { byOrder?: boolean; discriminators?: BranchDiscriminators } = {},
): [number | undefined, number | undefined][] {
  const out: [number | undefined, number | undefined][] = [];
  const usedRev = new Set<number>();
  const pairedBase = pairByDiscriminator(options.discriminators, bl, rl, out, usedRev);
  const leftBase: number[] = [];
  // Indexed loops, no callbacks: this runs for every oneOf, anyOf and allOf met, mostly before V8 optimises it.
  for (let i = 0; i < bl.length; i++) {
    if (pairedBase.has(i)) continue;
    const ref = refNameOf(bl[i]);
    let j = -1;
    if (ref !== undefined) for (let k = 0; k < rl.length && j < 0; k++) if (!usedRev.has(k) && refNameOf(rl[k]) === ref) j = k;
    if (j >= 0) {
      usedRev.add(j);
      out.push([i, j]);
    } else leftBase.push(i);
  }
  // An alternative moved into (or out of) components is the same alternative. One inline
  // alternative left on each side pairs by order below, without comparing contents.
  const unmatchedRev = () => {
    const free: number[] = [];
    for (let k = 0; k < rl.length; k++) if (!usedRev.has(k)) free.push(k);
    return free;
  };
  const left = unmatchedRev();
  const onePairOfInline = leftBase.length === 1 && left.length === 1 && refNameOf(bl[leftBase[0]]) === undefined && refNameOf(rl[left[0]]) === undefined;
  if (leftBase.length > 0 && left.length > 0 && !onePairOfInline) {
    // Plain arrays and loops: this runs for every list of alternatives, mostly before V8 optimises it, where
    // spreading a map per base alternative allocated an iterator result per entry.
    // Contents are compared only for the candidates the cheaper tests leave: a component that kept its name pairs only
    // with an inline alternative, and comparing every large alternative of a list to learn that cost more than the rest.
    // Every alternative is still followed here, in the same order: following notes what a `$ref` leads to (resolve.ts).
    const revSchemas = new Array<unknown>(left.length);
    for (let x = 0; x < left.length; x++) revSchemas[x] = resolvers.revision.followSchema(rl[left[x]], '').node;
    for (let n = leftBase.length - 1; n >= 0; n--) {
      const i = leftBase[n];
      const baseSchema = resolvers.base.followSchema(bl[i], '').node;
      const baseRef = refNameOf(bl[i]);
      // Two components that both still exist are two alternatives, however alike they look; a component
      // renamed with the same content (the old name gone, the new one new) is the same alternative.
      let baseGone: boolean | undefined;
      const renamed = (k2: number) =>
        refNameOf(rl[k2]) === undefined ||
        ((baseGone ??= !resolvers.revision.has(resolvers.base.refOf(bl[i]) ?? '')) && !resolvers.base.has(resolvers.revision.refOf(rl[k2]) ?? ''));
      let k: number | undefined;
      for (let x = 0; x < left.length && k === undefined; x++) {
        const k2 = left[x];
        if (!usedRev.has(k2) && (baseRef === undefined || renamed(k2)) && sameSignature(baseSchema, revSchemas[x])) k = k2;
      }
      if (k === undefined) continue;
      usedRev.add(k);
      out.push([i, k]);
      leftBase.splice(n, 1);
    }
  }
  // Left over: inline alternatives pair by order; with `byOrder` (allOf parts, which are merged
  // before they are compared) any part does, so a part renamed in place is the same part.
  const pairable = unmatchedRev().filter((k) => options.byOrder || refNameOf(rl[k]) === undefined);
  let next = 0;
  for (let n = 0; n < leftBase.length; n++) {
    const i = leftBase[n];
    if ((options.byOrder || refNameOf(bl[i]) === undefined) && next < pairable.length) {
      usedRev.add(pairable[next]);
      out.push([i, pairable[next++]]);
    } else out.push([i, undefined]);
  }
  const added = unmatchedRev();
  for (let n = 0; n < added.length; n++) out.push([undefined, added[n]]);
  return out;
}

/** Per member index, the discriminator values selecting it in each version (schema/discriminator-values.ts). */
export interface BranchDiscriminators {
  base: Map<number, Set<string>>;
  revision: Map<number, Set<string>>;
}

// Only members whose component is not in the other list by name: one that kept its name is the same
// member, and a mapping value pointed at another member is the mapping's own finding, not a new pairing.
function pairByDiscriminator(
  d: BranchDiscriminators | undefined,
  bl: unknown[],
  rl: unknown[],
  out: [number | undefined, number | undefined][],
  usedRev: Set<number>,
): Set<number> {
  const paired = new Set<number>();
  if (!d) return paired;
  const names = { base: new Set(bl.map(refNameOf)), revision: new Set(rl.map(refNameOf)) };
  const renamed = (s: unknown, other: Set<string | undefined>) => refNameOf(s) === undefined || !other.has(refNameOf(s));
  for (const [i, values] of d.base) {
    if (!renamed(bl[i], names.revision)) continue;
    const k = [...d.revision].find(([k2, vs]) => !usedRev.has(k2) && renamed(rl[k2], names.base) && [...values].some((v) => vs.has(v)))?.[0];
    if (k === undefined) continue;
    usedRev.add(k);
    paired.add(i);
    out.push([i, k]);
  }
  return paired;
}

function refNameOf(s: unknown): string | undefined {
  const ref = isSchemaObject(s) ? s.$ref : undefined;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs']);
const NAME_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

/** A schema's content without annotations, as a stable string: equal strings say the same. */
const signatures = new WeakMap<object, string>();

export function signatureOf(schema: unknown): string {
  if (!isSchemaObject(schema)) return JSON.stringify(schema);
  let sig = signatures.get(schema);
  if (sig === undefined) signatures.set(schema, (sig = objectText(schema, false)));
  return sig;
}

/**
 * Whether two schemas get one signature, told without writing either out: most candidates differ near the top, and
 * the texts written for each alternative compared were ~6 MB of a Cloudflare diff's garbage.
 */
export function sameSignature(a: unknown, b: unknown): boolean {
  if (!isSchemaObject(a) || !isSchemaObject(b)) return !isSchemaObject(a) && !isSchemaObject(b) && JSON.stringify(a) === JSON.stringify(b);
  if (lastAlike.get(a) === b) return true;
  if (!sameObjectText(a, b, false)) return false;
  lastAlike.set(a, b);
  return true;
}

// The pair last found alike, per schema: the same two lists are met again from other places (Discord: 5,220 asks, 2,415
// pairs), and where they differ the walk stops at once, while two alike are read to the end.
const lastAlike = new WeakMap<object, object>();

/** objectText(a) === objectText(b): the same members written (in any order), each the same text. */
function sameObjectText(a: Record<string, unknown>, b: Record<string, unknown>, isNameMap: boolean): boolean {
  let count = 0;
  for (const key in a) {
    if (isLeftOut(key, a[key], isNameMap)) continue;
    count++;
    if (!hasOwn.call(b, key) || isLeftOut(key, b[key], isNameMap)) return false;
    if (!sameText(a[key], b[key], !isNameMap && NAME_MAPS.has(key))) return false;
  }
  for (const key in b) if (!isLeftOut(key, b[key], isNameMap) && --count < 0) return false;
  return count === 0;
}

/** canonicalText(a) === canonicalText(b), for values objectText writes or an array writes as null. */
function sameText(a: unknown, b: unknown, isNameMap: boolean): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameText(writtenInList(a[i]), writtenInList(b[i]), false)) return false;
    return true;
  }
  if (isSchemaObject(a) || isSchemaObject(b)) return isSchemaObject(a) && isSchemaObject(b) && sameObjectText(a, b, isNameMap);
  // Two strings, or a string and anything else, are written apart; a number may be written as null.
  return typeof a !== 'string' && typeof b !== 'string' && JSON.stringify(a) === JSON.stringify(b);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A member objectText leaves out: a note (outside a map of names), `__proto__`, or a value JSON does not write. */
function isLeftOut(key: string, value: unknown, isNameMap: boolean): boolean {
  return (!isNameMap && ANNOTATIONS.has(key)) || key === '__proto__' || isUnwritten(value);
}

function isUnwritten(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** What an array element is written as: JSON writes one it cannot write as null. */
function writtenInList(v: unknown): unknown {
  return isUnwritten(v) ? null : v;
}

/**
 * Written straight to text, keys sorted: building a sorted copy of every alternative to hand it to JSON.stringify cost
 * twice as much in code not yet optimised. Only equality of two signatures is read, so what counts is that two
 * schemas get one text exactly when that copy would have been written alike: members JSON leaves out are left out, and
 * so is `__proto__`, which the copy could not hold as a key.
 */
function canonicalText(value: unknown, isNameMap: boolean): string | undefined {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${canonicalText(value[i], false) ?? 'null'}`;
    return `${out}]`;
  }
  return isSchemaObject(value) ? objectText(value, isNameMap) : JSON.stringify(value);
}

function objectText(value: Record<string, unknown>, isNameMap: boolean): string {
  const keys = sortedKeys(value);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if ((!isNameMap && ANNOTATIONS.has(key)) || key === '__proto__') continue;
    const text = canonicalText(value[key], !isNameMap && NAME_MAPS.has(key));
    if (text === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}

/**
 * The keys in the order `sort()` gives (code units). A schema has a handful, sorted in place: the built-in sort
 * allocated a work copy per call, ~4% of what Box's diff allocates, since a signature is written for every alternative.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
