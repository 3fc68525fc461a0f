// The response statuses a manifest's use reads (`statuses: [200, 404]`): a consumer that relies on a 404's body says
// so, as a pact's expected status does, and the gate then judges that response for it and not only the success ones.
import type { YamlPath } from '../load/yaml-read.js';
import { describeValue, type ReadContext, reportProblem } from './shape.js';

const STATUS = /^[1-5](\d\d|XX)$/i;
const EXPECTED = 'a response status like 404, or a class like 4XX';

/** The statuses as OpenAPI response keys (`404`, `4XX`), each once; absent stays undefined, a wrong shape is reported. */
export function readStatuses(ctx: ReadContext, path: YamlPath, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    const why = Array.isArray(value) ? 'is an empty list' : `must be a list of statuses like [200, 404], got ${describeValue(value)}`;
    reportProblem(ctx, path, `${why}: list the statuses whose responses it reads, or leave it out for the success ones`);
    return undefined;
  }
  const statuses = new Set<string>();
  value.forEach((item, i) => {
    const text = typeof item === 'number' && Number.isInteger(item) ? String(item) : item;
    if (typeof text === 'string' && STATUS.test(text)) statuses.add(text.toUpperCase());
    else reportProblem(ctx, [...path, i], `must be ${EXPECTED}, got ${describeValue(item)}${item === 'default' ? DEFAULT_WORDS : ''}`);
  });
  return [...statuses];
}

// `default` is how a contract describes the statuses it does not list; a consumer reads statuses the server sends.
const DEFAULT_WORDS = ' (a contract\'s "default" response answers the statuses it does not list: name those the consumer reads)';
