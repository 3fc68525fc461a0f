// A `format` is defined for some types (JSON Schema 2020-12 Validation 7.1: it applies to instances of those types and
// lets others through; the OpenAPI Format Registry names them: int32, float and double are numbers', int64 numbers' and
// strings', byte, binary and password strings'). Written on a schema whose `type` holds none, it constrains nothing, so
// its move is shown at info the way a bound's is.
import { mayHoldType, type Schema } from '../schema/dialect.js';
import { emitForTarget, type KeywordTarget } from './keyword-target.js';
import type { SchemaEmit, SchemaPair } from './types.js';

const NUMBER: readonly KeywordTarget[] = ['number'];
const STRING: readonly KeywordTarget[] = ['string'];
// int64 is the one OpenAPI format the registry defines on strings as well: a 64-bit integer written as its decimal text
// (recommended past 2^53, where a reader parsing JSON numbers as doubles would lose digits), so a string gaining it must
// now hold such digits.
const NUMBER_OR_STRING: readonly KeywordTarget[] = ['number', 'string'];
const NUMBER_FORMATS = new Set(['int32', 'float', 'double']);
// The formats JSON Schema 2020-12 Validation 7.3 defines, with OpenAPI's own string formats; all are strings'.
const STRING_FORMATS = new Set([
  ...['date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6'],
  ...['uri', 'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex'],
  ...['byte', 'binary', 'password'],
]);

/** The types a known format constrains; undefined for a custom one, whose targets no reader can know. */
export function formatTargets(format: unknown): readonly KeywordTarget[] | undefined {
  if (typeof format !== 'string') return undefined;
  if (format === 'int64') return NUMBER_OR_STRING;
  if (NUMBER_FORMATS.has(format)) return NUMBER;
  return STRING_FORMATS.has(format) ? STRING : undefined;
}

/**
 * The emit for a format's move between `base` and `revision` (either may be absent): info where every format named is
 * defined for the same types and neither version's `type` holds one of them; otherwise `emit`, judged as ever.
 */
export function emitForFormat(pair: SchemaPair, base: unknown, revision: unknown, emit: SchemaEmit): SchemaEmit {
  const targets = [base, revision].filter((f) => f !== undefined).map(formatTargets);
  const [target] = targets;
  if (target === undefined || targets.some((t) => t !== target)) return emit;
  return emitForTarget(pair, target, emit);
}

/** Whether a format constrains values of the schema's type; a custom one is taken to, wherever it is written. */
function actsOn(format: unknown, node: Schema): boolean {
  const targets = formatTargets(format);
  return targets === undefined || targets.some((t) => mayHoldType(node, t));
}

/**
 * A format replaced where only one of the two constrains the schema's type (`int64` traded for `int32` on a string: the
 * registry defines int64 on strings, int32 on numbers alone) is that one dropped or added: the change the acting side
 * names; undefined where both or neither act, and the change is judged as a change.
 */
export function actingFormatChange(pair: SchemaPair): 'format-added' | 'format-removed' | undefined {
  const base = actsOn(pair.base.node.format, pair.base.node);
  const revision = actsOn(pair.revision.node.format, pair.revision.node);
  if (base === revision) return undefined;
  return revision ? 'format-added' : 'format-removed';
}
