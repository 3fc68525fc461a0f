// How a parameter's value is written on the wire: `style`, `explode`, `allowEmptyValue`, `allowReserved`, or a `content` media type.
// A client keeps writing it the old way, so any change the server reads differently breaks it.
import { readTypes } from '../schema/dialect.js';
import type { ParameterEntry } from '../schema/operations.js';
import { compareContent } from './content-media.js';
import { PARAMETER_SERIALIZATION_RULES } from './table/parameter-serialization.js';
import type { Emit, RuleFamily, RuleId } from './types.js';

export const parameterSerializationFamily: RuleFamily = {
  name: 'parameter-serialization',
  rules: PARAMETER_SERIALIZATION_RULES,
  checkOperation(pair, emit) {
    const revByKey = new Map(pair.revision.parameters.map((p) => [p.key, p]));
    const both2 = pair.docs.base.specVersion === '2.0' && pair.docs.revision.specVersion === '2.0';
    for (const b of pair.base.parameters) {
      const r = revByKey.get(b.key);
      if (r) checkSerialization(b, r, emit, both2);
    }
  },
};

/** OpenAPI's defaults: form in query and cookie, simple in path and header; explode only for form. */
function styleOf(p: ParameterEntry): string {
  return formatOf(p) ?? (typeof p.node.style === 'string' ? p.node.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
}

/**
 * A 2.0 header or path array's collectionFormat, which no 3.0 style can say there (ssv, tsv, pipes): the conversion
 * drops it and leaves a warning naming it. csv is the simple style, so the name is kept only beside another format.
 */
function formatOf(p: ParameterEntry): string | undefined {
  const warning = p.node['x-s2o-warning'];
  const named = typeof warning === 'string' && !isPlain(p) ? /collectionFormat:(\w+)/.exec(warning) : null;
  return named ? named[1] : undefined;
}

/** How a 2.0 array is written, named as its author wrote it when one side has a collectionFormat 3.0 cannot say. */
function formatName(p: ParameterEntry, style: string): string {
  return style === 'simple' && (p.in === 'header' || p.in === 'path') ? 'csv' : style;
}

/**
 * The collectionFormat a 2.0 array parameter was written with, read back from the style and explode the conversion
 * gave it (tsv, which no 3.0 style says, from the conversion's warning): csv, ssv, tsv, pipes or multi.
 */
function collectionFormatOf(p: ParameterEntry): string {
  const style = styleOf(p);
  if (style === 'form') return explodeOf(p) ? 'multi' : 'csv';
  return style === 'spaceDelimited' ? 'ssv' : style === 'pipeDelimited' ? 'pipes' : style === 'simple' ? 'csv' : style;
}

/** Between two 2.0 files, an array's collectionFormat changed, said in 2.0's names; csv <-> multi is 3.0's explode. */
function checkCollectionFormat(b: ParameterEntry, r: ParameterEntry, emit: Emit): void {
  const bf = collectionFormatOf(b);
  const rf = collectionFormatOf(r);
  if (bf === rf) return;
  const explodeOnly = (bf === 'csv' || bf === 'multi') && (rf === 'csv' || rf === 'multi');
  emit({
    id: explodeOnly ? 'request-parameter-explode-changed' : 'request-parameter-style-changed',
    side: 'revision',
    pointer: r.pointer,
    message: `${r.in} parameter \`${r.name}\`: collectionFormat changed from ${bf} to ${rf}`,
    target: { kind: 'parameter', in: r.in, name: r.name },
    everyCaller: true,
  });
}

function explodeOf(p: ParameterEntry): boolean {
  return typeof p.node.explode === 'boolean' ? p.node.explode : styleOf(p) === 'form';
}

/** explode only changes how arrays and objects are written; a parameter of one plain type reads the same. */
function isPlain(p: ParameterEntry): boolean {
  const types = readTypes(p.node.schema ?? {}).types;
  return types.length > 0 && types.every((t) => t !== 'array' && t !== 'object');
}

/** Whether the schema may describe an object: one with no type may. */
function canBeObject(p: ParameterEntry): boolean {
  const types = readTypes(p.node.schema ?? {}).types;
  return types.length === 0 || types.includes('object');
}

/**
 * Whether explode changes what is on the wire: not for a plain value in any style, nor for an array in `simple`
 * style, which writes `3,4,5` either way (only an object's keys and values are written differently there).
 */
function explodeMatters(b: ParameterEntry, r: ParameterEntry, style: string): boolean {
  if (isPlain(b) && isPlain(r)) return false;
  return !(style === 'simple' && !canBeObject(b) && !canBeObject(r));
}

const FLAGS = [
  { keyword: 'allowEmptyValue', removed: 'request-parameter-allow-empty-value-removed', added: 'request-parameter-allow-empty-value-added' },
  { keyword: 'allowReserved', removed: 'request-parameter-allow-reserved-removed', added: 'request-parameter-allow-reserved-added' },
] as const satisfies readonly { keyword: string; removed: RuleId; added: RuleId }[];

const CONTENT_IDS = {
  'content-added': 'request-parameter-content-added',
  'content-removed': 'request-parameter-content-removed',
  'media-type-changed': 'request-parameter-content-media-type-changed',
} as const satisfies Record<string, RuleId>;

function checkSerialization(b: ParameterEntry, r: ParameterEntry, emit: Emit, both2: boolean): void {
  const target = { kind: 'parameter' as const, in: r.in, name: r.name };
  const what = `${r.in} parameter \`${r.name}\``;
  // Parameters described with `content` are serialized by their media type, not by style.
  if (b.node.content !== undefined || r.node.content !== undefined) {
    const change = compareContent(b.node, r.node);
    if (!change) return;
    const message =
      change.kind === 'media-type-changed'
        ? `${what}: now written as ${change.to} instead of ${change.from}`
        : change.kind === 'content-added'
          ? `${what}: now written as ${change.media} instead of by its style`
          : `${what}: now written by its style instead of as ${change.media}`;
    emit({ id: CONTENT_IDS[change.kind], side: 'revision', pointer: r.pointer, message, target, everyCaller: true });
    return;
  }
  const bs = styleOf(b);
  const rs = styleOf(r);
  if (both2 && !(isPlain(b) && isPlain(r))) checkCollectionFormat(b, r, emit);
  else if (bs !== rs) {
    const named = formatOf(b) !== undefined || formatOf(r) !== undefined;
    emit({
      id: 'request-parameter-style-changed',
      side: 'revision',
      pointer: r.pointer,
      message: named ? `${what}: collectionFormat changed from ${formatName(b, bs)} to ${formatName(r, rs)}` : `${what}: style changed from ${bs} to ${rs}`,
      target,
      everyCaller: true,
    });
  } else if (explodeOf(b) !== explodeOf(r) && explodeMatters(b, r, rs)) {
    const message = `${what}: explode changed from ${explodeOf(b)} to ${explodeOf(r)}`;
    emit({ id: 'request-parameter-explode-changed', side: 'revision', pointer: r.pointer, message, target, everyCaller: true });
  }
  // OpenAPI gives both flags a meaning for query parameters only; written elsewhere they change nothing.
  if (b.in !== 'query' || r.in !== 'query') return;
  for (let at = 0; at < FLAGS.length; at++) {
    const f = FLAGS[at];
    const x = b.node[f.keyword] === true;
    const y = r.node[f.keyword] === true;
    if (x === y) continue;
    emit({
      id: x ? f.removed : f.added,
      side: 'revision',
      pointer: r.pointer,
      message: `${what} ${x ? `no longer has ${f.keyword}` : `now has ${f.keyword}`}`,
      target,
    });
  }
}
