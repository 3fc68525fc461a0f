// Telling, before the pair walk descends, that two schemas are written alike and every `$ref` they
// reach leads to text written alike: no rule finds anything there, so the walk can pass them over.
// Most of a contract is unchanged between two versions, and comparing it rule by rule was most of a diff.
import { alikeButNotes, WHOLE_TEXT_READ } from './alike-but-notes.js';
import { hasSayingRefSiblings } from './ref-siblings.js';
import type { Resolver } from './resolve.js';
import { DIFFERENT, MAYBE, SAME, writtenAlike } from './written-alike.js';

type Side = 'base' | 'revision';

/**
 * A local reference in JSON text: a `$ref` value, a `$dynamicRef`'s anchor (`#node`), or any other string that reads
 * like one (conservative: a string that names nothing counts as changed).
 */
const LOCAL_REF = /"(#(?:\/(?:[^"\\]|\\.)*|[A-Za-z_][-A-Za-z0-9._]*)?)"/g;

/** A `$ref` that is not a fragment: in 3.1, a schema named by its `$id`. */
const URI_REF = /"\$ref":"[^#]/;
/** Any `$ref`: in a 3.1 document with schema resources, a fragment may be read inside the nearest `$id`, not the document. */
const ANY_REF = '"$ref":"';
/** Any `$dynamicRef`, whose static target is read inside the nearest `$id` as well (id-refs.ts). */
const ANY_DYNAMIC_REF = '"$dynamicRef":"';

const NO_REFS: string[] = Object.freeze([]) as unknown as string[];

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
  const readDifferently = (node: unknown, text: string) =>
    text.includes('"nullable":true') || (text.includes('"$ref"') || text.includes('"$dynamicRef"') ? hasSayingRefSiblings(node, siblingsSay) : false);
  const refsOf = new Map<string, string[]>();
  /** Per reference: whether it leads to alike text in both versions, through every reference below it. */
  const settled = new Map<string, boolean>();

  const refsIn = (text: string): string[] => {
    // Most schemas met (a property's own type, a format) hold no reference: no regex run, no entry kept.
    if (text.indexOf('"#') < 0) return NO_REFS;
    let refs = refsOf.get(text);
    if (refs === undefined) refsOf.set(text, (refs = readRefs(text)));
    return refs;
  };

  const isAlike = (b: unknown, r: unknown): string | undefined => {
    if (b === undefined || r === undefined) return undefined;
    // Two texts written already are compared as they are: walking both values first would only repeat the work.
    const written = b !== null && typeof b === 'object' && texts.base.has(b) && r !== null && typeof r === 'object' && texts.revision.has(r);
    const alike = written ? MAYBE : writtenAlike(b, r);
    if (alike === DIFFERENT) return undefined;
    const bt = b !== null && typeof b === 'object' ? textOf(texts, 'base', b) : JSON.stringify(b);
    // Written the same for certain: the base's text is the revision's too, and writing a large component out twice was
    // most of this test's cost where the two versions share it.
    if (alike === SAME && r !== null && typeof r === 'object' && !texts.revision.has(r)) texts.revision.set(r, bt);
    const rt = r !== null && typeof r === 'object' ? textOf(texts, 'revision', r) : JSON.stringify(r);
    // A discriminator mapping may name schemas without a reference, and a 3.1 `$ref` may name one by its `$id` or
    // mean a place inside the resource it is written in: their targets are not followed here.
    const refsElsewhere = inResources ? bt.includes(ANY_REF) || bt.includes(ANY_DYNAMIC_REF) : byUri && URI_REF.test(bt);
    return bt === rt && !bt.includes('"mapping"') && !refsElsewhere && !(dialectsDiffer && readDifferently(b, bt)) ? bt : undefined;
  };

  const renamed: string[] = [];
  /**
   * The references whose targets must also be alike for two values to count as unchanged, or undefined when they are
   * not alike. Alike but for notes, each side's text is checked as above, and a `$ref` that names another component
   * adds the pair of targets (`base NUL revision`). A rule that reads a subschema's whole text with its references
   * written out (`not`, `if`, `propertyNames`, a `prefixItems` entry against `items`) would see a note changed below
   * it, and one that reads a discriminator's implied values reads component names: there, all must be alike to the letter.
   */
  const refsToSettle = (b: unknown, r: unknown): string[] | undefined => {
    const exact = isAlike(b, r);
    if (exact !== undefined) {
      if (notesRead || !WHOLE_TEXT_READ.test(exact)) return refsIn(exact);
      return refsIn(exact).every(settleExact) ? NO_REFS : undefined;
    }
    renamed.length = 0;
    if (notesRead || !alikeButNotes(b, r, renamed)) return undefined;
    const bt = textOf(texts, 'base', b as object);
    const rt = textOf(texts, 'revision', r as object);
    if (unsure(b, bt) || unsure(r, rt)) return undefined;
    if (renamed.length === 0) return refsIn(bt);
    if (bt.includes('"discriminator"') || rt.includes('"discriminator"')) return undefined;
    // A reference written on both sides is settled as itself (a note may hold one only on one side: it says nothing).
    const inRevision = refsIn(rt);
    const refs = refsIn(bt).filter((ref) => inRevision.includes(ref));
    for (let i = 0; i < renamed.length; i += 2) refs.push(`${renamed[i]}\u0000${renamed[i + 1]}`);
    return refs;
  };
  const readElsewhere = (text: string) => (inResources ? text.includes(ANY_REF) || text.includes(ANY_DYNAMIC_REF) : byUri && URI_REF.test(text));
  const unsure = (node: unknown, text: string) =>
    text.includes('"mapping"') || readElsewhere(text) || WHOLE_TEXT_READ.test(text) || (dialectsDiffer && readDifferently(node, text));

  // The references reachable from `start` are read first, then any that is unlike, or leads to one
  // that is, is marked changed: references that loop back are settled together, never on a guess.
  const createSettle =
    (settled: Map<string, boolean>, refsOfTarget: (b: unknown, r: unknown) => string[] | undefined) =>
    (start: string): boolean => {
      const known = settled.get(start);
      if (known !== undefined) return known;
      const found = new Map<string, string[] | undefined>();
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
  const settleExact = createSettle(settled, (b, r) => {
    const text = isAlike(b, r);
    return text === undefined ? undefined : refsIn(text);
  });
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

/** The local references a schema's JSON text holds, each once, in the order written. */
function readRefs(text: string): string[] {
  const seen = new Set<string>();
  const refs: string[] = [];
  // One regex search per reference, and JSON.parse only for the rare one written with an escape: a match
  // iterator, an array of matches and a parse for each was most of this test's cost beside JSON.stringify.
  // The shared global regex is safe here: nothing runs between its searches, and the last, failing one resets it.
  LOCAL_REF.lastIndex = 0;
  for (let m = LOCAL_REF.exec(text); m !== null; m = LOCAL_REF.exec(text)) {
    const ref = m[1].includes('\\') ? (JSON.parse(`"${m[1]}"`) as string) : m[1];
    if (seen.has(ref)) continue;
    seen.add(ref);
    refs.push(ref);
  }
  return refs;
}

/**
 * A `$dynamicRef`'s anchor (`#items` naming a `$dynamicAnchor: items`): where it leads depends on the schemas the walk
 * came through, which text alone cannot tell, so it never counts as unchanged.
 */
function isDynamicAnchor(ref: string, target: unknown): boolean {
  return !ref.startsWith('#/') && target !== null && typeof target === 'object' && (target as { $dynamicAnchor?: unknown }).$dynamicAnchor === ref.slice(1);
}
