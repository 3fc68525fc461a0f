// Which way a `propertyNames` change goes: the names it admits are strings, so the few keywords that bound a string tell
// whether the revision admits fewer names (narrowed), more (widened), or neither for sure (no direction).

type NamesDirection = 'narrowed' | 'widened';
type Step = NamesDirection | 'same' | 'unknown';

/** Keywords that only document a schema: a change there admits the same names. */
const NOTES = new Set(['title', 'description', '$comment', 'examples', 'deprecated']);

/** The names an `enum` or `const` lists, or undefined when neither bounds them. */
function listed(node: Record<string, unknown>): Set<string> | undefined {
  if (Array.isArray(node.enum)) return new Set(node.enum.map((v) => JSON.stringify(v)));
  return 'const' in node ? new Set([JSON.stringify(node.const)]) : undefined;
}

function listStep(b: Set<string> | undefined, r: Set<string> | undefined): Step {
  if (!b && !r) return 'same';
  if (!b || !r) return r ? 'narrowed' : 'widened';
  const lost = [...b].some((v) => !r.has(v));
  const gained = [...r].some((v) => !b.has(v));
  return lost && gained ? 'unknown' : lost ? 'narrowed' : gained ? 'widened' : 'same';
}

/** A bound on the name's length: `upper` for maxLength (lowering narrows), lower for minLength (raising narrows). */
function boundStep(b: unknown, r: unknown, upper: boolean): Step {
  if (b === r) return 'same';
  if (b !== undefined && typeof b !== 'number') return 'unknown';
  if (r !== undefined && typeof r !== 'number') return 'unknown';
  if (b === undefined) return 'narrowed';
  if (r === undefined) return 'widened';
  return r < b === upper ? 'narrowed' : 'widened';
}

function patternStep(b: unknown, r: unknown): Step {
  if (b === r) return 'same';
  if (b === undefined) return 'narrowed';
  return r === undefined ? 'widened' : 'unknown';
}

const JUDGED = new Set(['enum', 'const', 'maxLength', 'minLength', 'pattern', 'type', ...NOTES]);

/**
 * The direction of a change between two `propertyNames` schemas (their `$ref`s written out), or undefined when a keyword
 * we do not weigh changed, or the keywords we weigh point both ways.
 */
export function namesDirection(base: unknown, revision: unknown): NamesDirection | undefined {
  if (!isObject(base) || !isObject(revision)) return undefined;
  for (const key of new Set([...Object.keys(base), ...Object.keys(revision)])) {
    if (!JUDGED.has(key) && JSON.stringify(base[key]) !== JSON.stringify(revision[key])) return undefined;
  }
  // Names are strings, so `type: string` written or dropped admits the same names.
  if (!sameType(base.type, revision.type)) return undefined;
  const steps = new Set<Step>([
    listStep(listed(base), listed(revision)),
    boundStep(base.maxLength, revision.maxLength, true),
    boundStep(base.minLength, revision.minLength, false),
    patternStep(base.pattern, revision.pattern),
  ]);
  steps.delete('same');
  if (steps.size !== 1 || steps.has('unknown')) return undefined;
  return steps.has('narrowed') ? 'narrowed' : 'widened';
}

function sameType(b: unknown, r: unknown): boolean {
  const named = (t: unknown) => (t === undefined ? 'string' : JSON.stringify(t));
  return named(b) === named(r);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
