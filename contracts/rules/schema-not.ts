// A `not` schema kept but changed: what it matches is refused, so a `not` that matches more narrows the value (a
// request refuses what clients sent) and one that matches less widens it (a response may return what it excluded).
// The direction is known when both exclude a list of values (`enum` or `const`); otherwise the change is only "changed".
import { describePlace } from './schema-ids.js';
import { SCHEMA_NOT_RULES } from './table/schema-not.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { RuleFamily } from './types.js';

type Node = Record<string, any>;

export const schemaNotFamily: RuleFamily = {
  name: 'schema-not',
  rules: SCHEMA_NOT_RULES,
  checkSchema(pair, emit) {
    const [b, r] = [pair.base.node.not, pair.revision.node.not];
    if (b === undefined || r === undefined || canonical(b) === canonical(r)) return;
    const change = directionOf(excluded(b), excluded(r));
    if (change === undefined) return;
    const where = describePlace(pair.direction, pair.position);
    emit({
      id: ruleAt(pair.direction, pair.position, change),
      side: 'revision',
      pointer: `${pair.revision.pointer}/not`,
      message: `the \`not\` schema of ${where} ${WORDS[change]}: ${canonical(b)} became ${canonical(r)}`,
    });
  },
};

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
  if (b.length === r.length && b.every((v) => r.includes(v))) return undefined;
  if (b.every((v) => r.includes(v))) return 'not-excludes-more';
  if (r.every((v) => b.includes(v))) return 'not-excludes-fewer';
  return 'not-changed';
}

/** The values a `not` schema made only of `enum` or `const` (with a `type` at most) matches, canonically written. */
function excluded(schema: unknown): string[] | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as Node;
  if (Object.keys(s).some((k) => k !== 'enum' && k !== 'const' && k !== 'type')) return undefined;
  if (Array.isArray(s.enum)) return s.enum.map(canonical);
  return 'const' in s ? [canonical(s.const)] : undefined;
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
