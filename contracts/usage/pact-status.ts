// The response statuses a Pact interaction expects, as OpenAPI response keys: `404`, or a class (`4XX`) where a
// v3/v4 `statusCode` matching rule accepts any status of it. A consumer reads the body of the status its test expects.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Pact's status classes (the specification's `statusCode` matcher) as the OpenAPI ranges they span.
const CLASSES: Record<string, string[]> = {
  information: ['1XX'],
  success: ['2XX'],
  redirect: ['3XX'],
  clientError: ['4XX'],
  serverError: ['5XX'],
  nonError: ['1XX', '2XX', '3XX'],
  error: ['4XX', '5XX'],
};

const asKey = (status: unknown): string | undefined =>
  (typeof status === 'number' && Number.isInteger(status)) || (typeof status === 'string' && /^\d{3}$/.test(status)) ? String(status) : undefined;

/** The statuses a response accepts: its `statusCode` rule's, else its `status` (every spec writes one; 200 when left out). */
export function readPactStatuses(response: Record<string, unknown>): string[] {
  const ruled = statusRule(response.matchingRules);
  if (ruled) return ruled;
  return [asKey(response.status) ?? '200'];
}

/** v3/v4 write the rule under `matchingRules.status`, as a rule list (`{matchers: [...]}`) or keyed by `$`. */
function statusRule(rules: unknown): string[] | undefined {
  if (!isObject(rules) || !isObject(rules.status)) return undefined;
  const entry = isObject(rules.status.$) ? rules.status.$ : rules.status;
  const matchers = Array.isArray(entry.matchers) ? entry.matchers : [];
  for (const matcher of matchers) {
    if (!isObject(matcher) || matcher.match !== 'statusCode') continue;
    if (typeof matcher.status === 'string' && CLASSES[matcher.status]) return CLASSES[matcher.status];
    if (Array.isArray(matcher.status)) {
      const keys = matcher.status.map(asKey).filter((k): k is string => k !== undefined);
      if (keys.length > 0) return [...new Set(keys)];
    }
  }
  return undefined;
}
