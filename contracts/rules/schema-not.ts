// A `not` schema kept but changed: what it matches is refused, so a `not` that matches more narrows the value (a
// request refuses what clients sent) and one that matches less widens it (a response may return what it excluded).
// It is judged by content, its `$ref`s followed: a target changed under the same name is a changed `not`. The
// direction is known when both exclude a list of values (`enum`, `const`) or of types; otherwise it is only "changed".
import { jsonTypeOf } from '../schema/dialect.js';
import { inlineRefs } from '../schema/inline.js';
import type { Resolver } from '../schema/resolve.js';
import { createUnchangedTest } from '../schema/unchanged.js';
import { namesNot } from './not-required.js';
import { describePlace } from './schema-ids.js';
import { SCHEMA_NOT_RULES } from './table/schema-not.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily, SchemaPair } from './types.js';

type Node = Record<string, any>;

/** A written-out `not` longer than this is left out of the message (the pointer shows where it is). */
const SHOWN = 160;

export const schemaNotFamily: RuleFamily = {
  name: 'schema-not',
  rules: SCHEMA_NOT_RULES,
  keywords: { read: ['not'], followed: ['not'] },
  checkSchema(pair, emit) {
    // Two reads, not a destructured pair: run for every pair, and unoptimised code builds the array and its iterator.
    const b = pair.base.node.not;
    const r = pair.revision.node.not;
    if (b === undefined || r === undefined || namesNot(pair)) return;
    const written = canonical(b) === canonical(r);
    const [bi, ri] = contentOf(pair);
    if (bi !== undefined && ri !== undefined && canonical(bi) === canonical(ri)) return;
    // Too large to write out (schema/inline.ts): written alike, it is unchanged only if every `$ref` it reaches leads
    // to text written alike in both versions; otherwise it changed, in no direction we can read.
    const tooLarge = bi === undefined || ri === undefined;
    if (tooLarge && written && pair.resolvers && unchangedTest(pair.resolvers)(b, r)) return;
    const change = tooLarge ? 'not-changed' : directionOf(excluded(bi), excluded(ri));
    if (change === undefined) return;
    const where = describePlace(pair.direction, pair.position);
    const [bt, rt] = bi === undefined || ri === undefined ? [canonical(b), canonical(r)] : [canonical(bi), canonical(ri)];
    const shown = bt.length + rt.length <= SHOWN ? `: ${bt} became ${rt}` : '';
    const target = written && typeof b.$ref === 'string' ? ` (\`${b.$ref}\` changed)` : '';
    emit({
      id: ruleAt(pair.direction, pair.position, change),
      side: 'revision',
      pointer: `${pair.revision.pointer}/not`,
      message: `the \`not\` schema of ${where} ${WORDS[change]}${target}${shown}`,
    });
  },
};

/** Both `not` schemas with their references written out; a side is undefined where the walk gave no resolver or it is too large. */
function contentOf(pair: SchemaPair): [unknown, unknown] {
  const { base, revision } = pair;
  if (!pair.resolvers) return [base.node.not, revision.node.not];
  return [inlineRefs(base.node.not, pair.resolvers.base), inlineRefs(revision.node.not, pair.resolvers.revision)];
}

/** One unchanged-schema test per diff (its caches serve every large `not` of the diff), found by the base resolver. */
const unchangedTests = new WeakMap<Resolver, (b: unknown, r: unknown) => boolean>();
function unchangedTest(resolvers: { base: Resolver; revision: Resolver }): (b: unknown, r: unknown) => boolean {
  let test = unchangedTests.get(resolvers.base);
  if (!test) unchangedTests.set(resolvers.base, (test = createUnchangedTest(resolvers)));
  return test;
}

type NotChange = Extract<SchemaChange, `not-${string}`>;

const WORDS: Record<NotChange, string> = {
  'not-excludes-more': 'now excludes more values',
  'not-excludes-fewer': 'now excludes fewer values',
  'not-changed': 'changed',
  'not-added': 'was added',
  'not-removed': 'was removed',
};

/** Undefined when both exclude the same values (a `type` beside an `enum` excludes nothing more). */
function directionOf(b: string[] | undefined, r: string[] | undefined): NotChange | undefined {
  if (!b || !r) return 'not-changed';
  const bInR = b.every((v) => covered(v, r));
  const rInB = r.every((v) => covered(v, b));
  if (bInR && rInB) return undefined;
  if (bInR) return 'not-excludes-more';
  if (rInB) return 'not-excludes-fewer';
  return 'not-changed';
}

/**
 * What a `not` schema made only of `enum` or `const` (with a `type` at most) matches, as canonical values; or, for
 * one made only of `type`, its types as `type:<name>` entries; for an `anyOf` of such, all of theirs. Undefined for
 * anything else.
 */
function excluded(schema: unknown): string[] | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const s = schema as Node;
  // `not: {anyOf: [{const: a}, {type: integer}]}` excludes what any of them matches: their lists joined.
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0 && Object.keys(s).length === 1) {
    const each = s.anyOf.map(excluded);
    return each.every((e: string[] | undefined) => e !== undefined) ? each.flat() : undefined;
  }
  if (Object.keys(s).some((k) => k !== 'enum' && k !== 'const' && k !== 'type')) return undefined;
  if (Array.isArray(s.enum)) return s.enum.map(canonical);
  if ('const' in s) return [canonical(s.const)];
  const types: unknown[] = Array.isArray(s.type) ? s.type : [s.type];
  return types.every((t) => typeof t === 'string') && types.length > 0 ? types.map((t) => `type:${t}`) : undefined;
}

/** Whether an excluded value or type is among `list`: a listed type covers its values, and `number` covers `integer`. */
function covered(entry: string, list: string[]): boolean {
  if (list.includes(entry)) return true;
  const type = entry.startsWith('type:') ? entry.slice(5) : jsonTypeOf(JSON.parse(entry));
  return list.includes(`type:${type}`) || ((type === 'integer' || type === 'number') && list.includes('type:number'));
}

/** JSON with object keys sorted, so that the same schema written in another order reads the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Node)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
