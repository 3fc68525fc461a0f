// How a response header's value is written: `explode` for an object, 2.0's `collectionFormat` for an array, or the
// media type of its `content`. A reader keeps parsing it the old way, so any change here breaks it.
import { describedTypes } from '../schema/dialect.js';
import type { Located } from '../schema/resolve.js';
import { compareContent } from './content-media.js';
import { HEADER_SERIALIZATION_RULES } from './table/header-serialization.js';
import type { Emit, RuleFamily, RuleId } from './types.js';

type Node = Record<string, any>;

// Its check runs where the responses family pairs a status's headers (responses.ts): one walk of each operation's
// statuses and headers, where there were two.
export const headerSerializationFamily: RuleFamily = {
  name: 'header-serialization',
  rules: HEADER_SERIALIZATION_RULES,
};

/** One response header both versions declare, for a status both keep, paired by name without regard to case. */
interface HeaderPair {
  status: string;
  /** As the revision writes it. */
  name: string;
  base: Located<Node>;
  revision: Located<Node>;
}

const CONTENT_IDS = {
  'content-added': 'response-header-content-added',
  'content-removed': 'response-header-content-removed',
  'media-type-changed': 'response-header-content-media-type-changed',
} as const satisfies Record<string, RuleId>;

export function checkHeaderSerialization(h: HeaderPair, emit: Emit): void {
  const b = h.base.node ?? {};
  const r = h.revision.node ?? {};
  const target = { kind: 'response' as const, status: h.status, header: h.name };
  const what = `response ${h.status} header \`${h.name}\``;
  const found = (id: RuleId, message: string, pointer = h.revision.pointer) => emit({ id, side: 'revision', pointer, message: `${what}: ${message}`, target });
  if (b.content !== undefined || r.content !== undefined) {
    const change = compareContent(b, r);
    if (change?.kind === 'media-type-changed') found(CONTENT_IDS[change.kind], `now written as ${change.to} instead of ${change.from}`);
    else if (change?.kind === 'content-added') found(CONTENT_IDS[change.kind], `now written as ${change.media} instead of in the simple style`);
    else if (change) found(CONTENT_IDS[change.kind], `now written in the simple style instead of as ${change.media}`);
    return;
  }
  // In the simple style explode only changes how an object is written; an array reads `a,b,c` either way.
  if ((b.explode === true) !== (r.explode === true) && mayBeObject(b.schema) && mayBeObject(r.schema))
    found('response-header-explode-changed', `explode changed from ${b.explode === true} to ${r.explode === true}`);
  const bf = collectionFormatOf(b);
  const rf = collectionFormatOf(r);
  // Located at the schema: a 2.0 file has the header's keywords there, and its schema is where they map back to.
  if (bf !== rf && isArray(b.schema) && isArray(r.schema))
    found('response-header-collection-format-changed', `collectionFormat changed from ${bf} to ${rf}`, `${h.revision.pointer}/schema`);
}

/**
 * A 2.0 header's collectionFormat, as the conversion to 3.0 leaves it: csv becomes the simple style, and the formats no
 * 3.0 header style can say (ssv, tsv, pipes) are dropped with a warning that names them.
 */
function collectionFormatOf(header: Node): string {
  const warning = header['x-s2o-warning'];
  const named = typeof warning === 'string' ? /collectionFormat:(\w+)/.exec(warning) : null;
  return named ? named[1] : 'csv';
}

function mayBeObject(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  return describedTypes(schema as Node).includes('object') || (schema as Node).properties !== undefined;
}

function isArray(schema: unknown): boolean {
  return !!schema && typeof schema === 'object' && describedTypes(schema as Node).includes('array');
}
