// A `format` is defined for one type (JSON Schema 2020-12 Validation 7.1: it applies to instances of that type and lets
// others through; OpenAPI's int32..double are numbers', byte, binary and password strings'). Written on a schema whose
// `type` holds no such value, it constrains nothing, so its move is shown at info the way a bound's is.
import { emitForTarget, type KeywordTarget } from './keyword-target.js';
import type { SchemaEmit, SchemaPair } from './types.js';

const NUMBER_FORMATS = new Set(['int32', 'int64', 'float', 'double']);
// The formats JSON Schema 2020-12 Validation 7.3 defines, with OpenAPI's own string formats; all are strings'.
const STRING_FORMATS = new Set([
  ...['date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6'],
  ...['uri', 'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex'],
  ...['byte', 'binary', 'password'],
]);

/** The type a known format constrains; undefined for a custom one, whose target no reader can know. */
function formatTarget(format: unknown): KeywordTarget | undefined {
  if (typeof format !== 'string') return undefined;
  if (NUMBER_FORMATS.has(format)) return 'number';
  return STRING_FORMATS.has(format) ? 'string' : undefined;
}

/**
 * The emit for a format's move between `base` and `revision` (either may be absent): info where every format named is
 * defined for one type and neither version's `type` holds it; otherwise `emit`, judged as ever.
 */
export function emitForFormat(pair: SchemaPair, base: unknown, revision: unknown, emit: SchemaEmit): SchemaEmit {
  const targets = [base, revision].filter((f) => f !== undefined).map(formatTarget);
  const [target] = targets;
  if (target === undefined || targets.some((t) => t !== target)) return emit;
  return emitForTarget(pair, target, emit);
}
