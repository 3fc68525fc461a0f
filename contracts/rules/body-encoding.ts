// The `encoding` of a multipart or form request body: which media types each part may be sent in, which headers it must
// carry, and how a form field is written (style, explode, allowReserved). A client keeps sending its parts the old way.
// The specification gives `encoding` meaning for request bodies only; what a multipart response writes is response-part-encoding.ts's.
import { FORM_FIELD_KEYS } from '../load/swagger2-losses.js';
import { describedTypes } from '../schema/dialect.js';
import { childPointer } from '../schema/pointer.js';
import type { Resolver } from '../schema/resolve.js';
import { listMedia, type MediaEntry } from './media.js';
import { contentTypes, covers } from './part-content-type.js';
import { comparePartHeaderSchemas, type PartHeader } from './part-header-schemas.js';
import { BODY_ENCODING_RULES } from './table/body-encoding.js';
import type { Emit, RuleFamily, RuleId } from './types.js';

type Node = Record<string, any>;

export const bodyEncodingFamily: RuleFamily = {
  name: 'body-encoding',
  rules: BODY_ENCODING_RULES,
  checkOperation({ base, revision, docs }, emit, walk) {
    const bb = base.operation.requestBody;
    const rb = revision.operation.requestBody;
    if (!bb || !rb) return;
    const b = docs.base.resolver.follow(bb, `${base.pointer}/requestBody`);
    const r = docs.revision.resolver.follow(rb, `${revision.pointer}/requestBody`);
    const rm = listMedia(r.node?.content, r.pointer);
    // Two 2.0 files: their fields' collectionFormat and allowEmptyValue, kept by the conversion, say how each is written.
    const both2 = docs.base.specVersion === '2.0' && docs.revision.specVersion === '2.0';
    const both31 = docs.base.resolver.is31 === true && docs.revision.resolver.is31 === true;
    for (const [key, m] of listMedia(b.node?.content, b.pointer)) {
      const other = rm.get(key);
      if (!other || !(key.startsWith('multipart/') || key === 'application/x-www-form-urlencoded')) continue;
      if (m.node.encoding === undefined && other.node.encoding === undefined) continue;
      const sides = { base: fieldsOf(m, docs.base.resolver), revision: fieldsOf(other, docs.revision.resolver) };
      for (const field of new Set([...Object.keys(m.node.encoding ?? {}), ...Object.keys(other.node.encoding ?? {})])) {
        // A field added or removed with its encoding is the property rules' finding, not a change of how it is written.
        const bs = sides.base(field);
        const rs = sides.revision(field);
        if ((bs === undefined) !== (rs === undefined)) continue;
        const be = m.node.encoding?.[field] ?? {};
        const re = other.node.encoding?.[field] ?? {};
        // At the field's own entry where the revision writes one: a 2.0 form field's is its formData parameter.
        const at = other.node.encoding?.[field] === undefined ? `${other.pointer}/encoding` : childPointer(other.pointer, 'encoding', field);
        const part = { field, media: other.name, pointer: at, emit };
        // 3.1 gives a multipart/form-data part `style` too, and then ignores its media type: the part is written as a form field.
        const styled = both31 && key === 'multipart/form-data' && (writesStyle(be) || writesStyle(re));
        if (key.startsWith('multipart/')) {
          if (!(styled && writesStyle(be) && writesStyle(re))) compareContentTypes(part, contentTypes(be, bs), contentTypes(re, rs));
          const headers = {
            base: headersOf(be, childPointer(m.pointer, 'encoding', field), docs.base.resolver),
            revision: headersOf(re, childPointer(other.pointer, 'encoding', field), docs.revision.resolver),
          };
          compareHeaders(part, headers.base, headers.revision);
          comparePartHeaderSchemas(part, headers.base, headers.revision, walk, { base: docs.base.resolver, revision: docs.revision.resolver });
        }
        if (both2) compareSwagger2Field(part, be, re);
        else if (styled || !key.startsWith('multipart/')) compareFormField(part, be, re, bs, rs);
      }
    }
  },
};

interface Part {
  field: string;
  media: string;
  pointer: string;
  emit: Emit;
}

function found(part: Part, id: RuleId, message: string, pointer = part.pointer): void {
  const target = { kind: 'request-body' as const, mediaType: part.media, field: part.field };
  part.emit({ id, side: 'revision', pointer, message: `request body (${part.media}) part \`${part.field}\`: ${message}`, target });
}

/**
 * A multipart part's headers (Encoding Object `headers`), by name read without regard to case (RFC 9110 5.1), each with its
 * Header Object where it is written. Content-Type is described by `contentType` and ignored here, as the specification says.
 */
function headersOf(e: Node, at: string, resolver: Resolver): Map<string, PartHeader> {
  const out = new Map<string, PartHeader>();
  if (e.headers === null || typeof e.headers !== 'object') return out;
  for (const name of Object.keys(e.headers)) {
    if (name.toLowerCase() === 'content-type') continue;
    out.set(name.toLowerCase(), { name, header: resolver.follow<Node>(e.headers[name], childPointer(at, 'headers', name)) });
  }
  return out;
}

const isRequired = (h: PartHeader | undefined) => h?.header.node?.required === true;

/** A header the part must now carry: a client sending the part without it, as it did, is refused. Fewer or optional headers ask nothing. */
function compareHeaders(part: Part, b: Map<string, PartHeader>, r: Map<string, PartHeader>): void {
  for (const [key, h] of r) {
    if (!isRequired(h) || isRequired(b.get(key))) continue;
    const pointer = childPointer(part.pointer, 'headers', h.name);
    if (b.has(key)) found(part, 'request-body-part-header-became-required', `header ${h.name} is now required`, pointer);
    else found(part, 'request-body-part-required-header-added', `must now be sent with header ${h.name}, which it was sent without`, pointer);
  }
}

function compareContentTypes(part: Part, b: string[] | undefined, r: string[] | undefined): void {
  if (!b || !r) return;
  const removed = b.filter((t) => !r.some((w) => covers(w, t)));
  const added = r.filter((t) => !b.some((w) => covers(w, t)));
  if (removed.length > 0) found(part, 'request-body-part-content-type-removed', `no longer accepted as ${removed.join(', ')} (now ${r.join(', ')})`);
  if (added.length > 0) found(part, 'request-body-part-content-type-added', `now also accepted as ${added.join(', ')}`);
}

function compareFormField(part: Part, b: Node, r: Node, bs: Node | undefined, rs: Node | undefined): void {
  const bStyle = b.style ?? 'form';
  const rStyle = r.style ?? 'form';
  // Styles and explode differ only in how arrays and objects are written: one plain value reads `name=value` in all.
  const structured = !isPlain(bs) || !isPlain(rs);
  if (structured && bStyle !== rStyle) found(part, 'request-body-part-style-changed', `style changed from ${bStyle} to ${rStyle}`);
  else if (structured && explodeOf(b) !== explodeOf(r))
    found(part, 'request-body-part-explode-changed', `explode changed from ${explodeOf(b)} to ${explodeOf(r)}`);
  if (b.allowReserved === true && r.allowReserved !== true) found(part, 'request-body-part-allow-reserved-removed', 'no longer has allowReserved');
  if (b.allowReserved !== true && r.allowReserved === true) found(part, 'request-body-part-allow-reserved-added', 'now has allowReserved');
}

/**
 * A 2.0 form field (urlencoded or multipart alike): its collectionFormat changed is named as written, with the 3.0 id it
 * stands for (csv -> multi repeats the field instead of joining the values: explode); allowEmptyValue as for parameters.
 */
function compareSwagger2Field(part: Part, b: Node, r: Node): void {
  const bf = b[FORM_FIELD_KEYS.collectionFormat];
  const rf = r[FORM_FIELD_KEYS.collectionFormat];
  if (bf !== undefined && rf !== undefined && bf !== rf)
    found(part, b.style !== r.style ? 'request-body-part-style-changed' : 'request-body-part-explode-changed', `collectionFormat changed from ${bf} to ${rf}`);
  const be = b[FORM_FIELD_KEYS.allowEmptyValue] === true;
  const re = r[FORM_FIELD_KEYS.allowEmptyValue] === true;
  if (be && !re) found(part, 'request-body-part-allow-empty-value-removed', 'no longer has allowEmptyValue');
  if (!be && re) found(part, 'request-body-part-allow-empty-value-added', 'now has allowEmptyValue');
}

/**
 * Whether a 3.1 multipart/form-data entry says how its part is written as a form field: `style`, `explode` or
 * `allowReserved` written (OpenAPI 3.1.0, Encoding Object: then the part's `contentType` is ignored).
 */
export function writesStyle(e: Node | undefined): boolean {
  return e !== null && typeof e === 'object' && (e.style !== undefined || e.explode !== undefined || e.allowReserved !== undefined);
}

/** The specification's default: explode for the form style only. */
function explodeOf(e: Node): boolean {
  return typeof e.explode === 'boolean' ? e.explode : (e.style ?? 'form') === 'form';
}

/** A property of the body's schema by name, with its `$ref` followed (undefined where the schema declares none). */
export function fieldsOf(m: MediaEntry, resolver: Resolver): (name: string) => Node | undefined {
  const props: Node = resolver.follow<Node>(m.node.schema, `${m.pointer}/schema`).node?.properties ?? {};
  return (name) => (Object.hasOwn(props, name) ? (resolver.follow<Node>(props[name], '').node ?? {}) : undefined);
}

/** A value that is never an array or object, alternatives included (`anyOf: [string, enum [""]]`). */
function isPlain(schema: Node | undefined): boolean {
  if (!schema) return false;
  const types = describedTypes(schema);
  if (types.length > 0) return types.every((t) => t !== 'array' && t !== 'object');
  const alternatives = schema.anyOf ?? schema.oneOf;
  return Array.isArray(alternatives) && alternatives.length > 0 && alternatives.every((a: Node) => isPlain(a));
}
