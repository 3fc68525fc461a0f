// Telling, before the pair walk descends, that two schemas are written alike and every `$ref` they
// reach leads to text written alike: no rule finds anything there, so the walk can pass them over.
// Most of a contract is unchanged between two versions, and comparing it rule by rule was most of a diff.
import { alikeButNotes } from './alike-but-notes.js';
import { hasSayingRefSiblings } from './ref-siblings.js';
import type { Resolver } from './resolve.js';
import { ANY_REF, DISCRIMINATOR, type Facts, factsOf, MAPPING, NULLABLE, REF_WORD, URI_REF, WHOLE_TEXT } from './subtree-facts.js';
import { DIFFERENT, MAYBE, writtenAlike } from './written-alike.js';

type Side = 'base' | 'revision';

const NO_REFS: readonly string[] = Object.freeze([]);

/** Per side, the JSON text of each schema object written so far: kept for one diff, and shared with the walk's place memo. */
export interface SchemaTexts {
  base: Map<object, string>;
  revision: Map<object, string>;
}

// Maps, not WeakMaps: they live for one diff, and the collector handles weak tables apart at every pass.
export function createSchemaTexts(): SchemaTexts {
  return { base: new Map(), revision: new Map() };
}

export function textOf(texts: SchemaTexts, side: Side, node: object): string {
  let text = texts[side].get(node);
  if (text === undefined) texts[side].set(node, (text = JSON.stringify(node)));
  return text;
}

/**
 * `notesRead`: whether two schemas that differ only in their notes (a description, a title, an example) still count
 * as changed. The pair walk passes that over (no rule reads a note: a pair that differs only there finds nothing);
 * `not` judges its subschema by its whole text, so a note changed there is a change.
 */
export function createUnchangedTest(
  resolvers: { base: Resolver; revision: Resolver },
  texts: SchemaTexts = createSchemaTexts(),
  notesRead = true,
): (base: unknown, revision: unknown) => boolean {
  const byUri = resolvers.base.is31 || resolvers.revision.is31;
  const inResources = resolvers.base.hasResources() || resolvers.revision.hasResources();
  // A document moved between 3.0 and 3.1 reads some words differently: `nullable` says null is valid in 3.0 only,
  // and keywords beside a `$ref` apply in 3.1 only.
  const dialectsDiffer = resolvers.base.is31 !== resolvers.revision.is31;
  const siblingsSay = new Map<object, boolean>();
  const readDifferently = (node: unknown, bits: number) => (bits & NULLABLE) !== 0 || ((bits & REF_WORD) !== 0 && hasSayingRefSiblings(node, siblingsSay));
  // A discriminator mapping may name schemas without a reference, and a 3.1 `$ref` may name one by its `$id` or mean a
  // place inside the resource it is written in: their targets are not followed here.
  const elsewhere = MAPPING | (inResources ? ANY_REF : byUri ? URI_REF : 0);
  const facts = { base: new Map<object, Facts>(), revision: new Map<object, Facts>() };
  /** Per reference: whether it leads to alike text in both versions, through every reference below it. */
  const settled = new Map<string, boolean>();

  /** The base's facts when the two values are written alike to the letter (the same JSON text), else undefined. */
  const isAlike = (b: unknown, r: unknown): Facts | undefined => {
    if (b === undefined || r === undefined) return undefined;
    // Two texts written already (by the place memo) are compared as they are: walking both values first would only repeat the work.
    const written = b !== null && typeof b === 'object' && texts.base.has(b) && r !== null && typeof r === 'object' && texts.revision.has(r);
    const alike = written ? MAYBE : writtenAlike(b, r);
    if (alike === DIFFERENT) return undefined;
    if (alike === MAYBE && textOfValue('base', b) !== textOfValue('revision', r)) return undefined;
    const found = factsOf(b, facts.base);
    return (found.bits & elsewhere) === 0 && !(dialectsDiffer && readDifferently(b, found.bits)) ? found : undefined;
  };
  const textOfValue = (side: Side, v: unknown) => (v !== null && typeof v === 'object' ? textOf(texts, side, v) : JSON.stringify(v));

  const renamed: string[] = [];
  /**
   * The references whose targets must also be alike for two values to count as unchanged, or undefined when they are
   * not alike. Alike but for notes, each side is checked as above, and a `$ref` that names another component
   * adds the pair of targets (`base NUL revision`). A rule that reads a subschema's whole text with its references
   * written out (`not`, `if`, `propertyNames`, a `prefixItems` entry against `items`) would see a note changed below
   * it, and one that reads a discriminator's implied values reads component names: there, all must be alike to the letter.
   */
  const refsToSettle = (b: unknown, r: unknown): readonly string[] | undefined => {
    const exact = isAlike(b, r);
    if (exact !== undefined) {
      if (notesRead || (exact.bits & WHOLE_TEXT) === 0) return exact.refs;
      return exact.refs.every(settleExact) ? NO_REFS : undefined;
    }
    renamed.length = 0;
    if (notesRead || !alikeButNotes(b, r, renamed)) return undefined;
    const bf = factsOf(b, facts.base);
    const rf = factsOf(r, facts.revision);
    if (unsure(b, bf.bits) || unsure(r, rf.bits)) return undefined;
    if (renamed.length === 0) return bf.refs;
    if (((bf.bits | rf.bits) & DISCRIMINATOR) !== 0) return undefined;
    // A reference written on both sides is settled as itself (a note may hold one only on one side: it says nothing).
    const refs = bf.refs.filter((ref) => rf.refs.includes(ref));
    for (let i = 0; i < renamed.length; i += 2) refs.push(`${renamed[i]}\u0000${renamed[i + 1]}`);
    return refs;
  };
  const unsure = (node: unknown, bits: number) => (bits & (elsewhere | WHOLE_TEXT)) !== 0 || (dialectsDiffer && readDifferently(node, bits));

  // The references reachable from `start` are read first, then any that is unlike, or leads to one
  // that is, is marked changed: references that loop back are settled together, never on a guess.
  const createSettle =
    (settled: Map<string, boolean>, refsOfTarget: (b: unknown, r: unknown) => readonly string[] | undefined) =>
    (start: string): boolean => {
      const known = settled.get(start);
      if (known !== undefined) return known;
      const found = new Map<string, readonly string[] | undefined>();
      const stack = [start];
      while (stack.length > 0) {
        const ref = stack.pop()!;
        if (settled.has(ref) || found.has(ref)) continue;
        const cut = ref.indexOf('\u0000');
        const bRef = cut < 0 ? ref : ref.slice(0, cut);
        const rRef = cut < 0 ? ref : ref.slice(cut + 1);
        const bt = resolvers.base.target(bRef);
        const rt = resolvers.revision.target(rRef);
        const refs = isDynamicAnchor(bRef, bt) || isDynamicAnchor(rRef, rt) ? undefined : refsOfTarget(bt, rt);
        found.set(ref, refs);
        if (refs) stack.push(...refs);
      }
      const users = new Map<string, string[]>();
      const changed: string[] = [];
      // forEach and indexed loops: settled once per reference, mostly before V8 optimises this, where a for...of
      // allocates a result per step and a destructured entry an iterator of its own.
      found.forEach((refs, ref) => {
        if (refs === undefined || refs.some((r) => settled.get(r) === false)) changed.push(ref);
        if (refs === undefined) return;
        for (let i = 0; i < refs.length; i++) {
          if (!found.has(refs[i])) continue;
          const list = users.get(refs[i]);
          if (list === undefined) users.set(refs[i], [ref]);
          else list.push(ref);
        }
      });
      const isChanged = new Set(changed);
      for (let i = 0; i < changed.length; i++) {
        const list = users.get(changed[i]);
        if (list === undefined) continue;
        for (let u = 0; u < list.length; u++) {
          if (isChanged.has(list[u])) continue;
          isChanged.add(list[u]);
          changed.push(list[u]);
        }
      }
      found.forEach((_, ref) => settled.set(ref, !isChanged.has(ref)));
      return settled.get(start)!;
    };
  const settleExact = createSettle(settled, (b, r) => isAlike(b, r)?.refs);
  // Kept apart: a reference alike but for notes is changed where notes are read.
  const settle = notesRead ? settleExact : createSettle(new Map(), refsToSettle);

  // The walk asks again for a pair it meets from another place: the last answer per base node is kept.
  const answers = new Map<object, { revision: object; unchanged: boolean }>();
  return (base, revision) => {
    if (base === null || typeof base !== 'object' || revision === null || typeof revision !== 'object') return false;
    const known = answers.get(base);
    if (known !== undefined && known.revision === revision) return known.unchanged;
    // A bare `$ref` that names another component (Cloudflare's revision renames thousands): its targets decide.
    const renamedRef = notesRead || inResources ? undefined : renamedRefOf(base, revision);
    const refs = renamedRef === undefined ? refsToSettle(base, revision) : undefined;
    const unchanged = renamedRef !== undefined ? settle(renamedRef) : refs === undefined ? false : refs.every(settle);
    answers.set(base, { revision, unchanged });
    return unchanged;
  };
}

/** Two schemas that are each only a `$ref`, to different places: the pair of targets, as `settle` names it. */
function renamedRefOf(b: object, r: object): string | undefined {
  const bRef = (b as { $ref?: unknown }).$ref;
  const rRef = (r as { $ref?: unknown }).$ref;
  if (typeof bRef !== 'string' || typeof rRef !== 'string' || bRef === rRef || !bRef.startsWith('#/') || !rRef.startsWith('#/')) return undefined;
  for (const key in b) if (key !== '$ref') return undefined;
  for (const key in r) if (key !== '$ref') return undefined;
  return `${bRef}\u0000${rRef}`;
}

/**
 * A `$dynamicRef`'s anchor (`#items` naming a `$dynamicAnchor: items`): where it leads depends on the schemas the walk
 * came through, which text alone cannot tell, so it never counts as unchanged.
 */
function isDynamicAnchor(ref: string, target: unknown): boolean {
  return !ref.startsWith('#/') && target !== null && typeof target === 'object' && (target as { $dynamicAnchor?: unknown }).$dynamicAnchor === ref.slice(1);
}
