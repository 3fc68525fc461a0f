// Responses: statuses, media types, headers and body schemas.
import { childPointer, joinPointer } from '../schema/pointer.js';
import type { Located } from '../schema/resolve.js';
import { partWires, withPartsWalked } from './body-parts.js';
import { sendsNoneForNull } from './header-null.js';
import { checkHeaderSerialization } from './header-serialization.js';
import { coveringRange, isXml, listMedia, type MediaEntry, narrowedTo, noLonger } from './media.js';
import { compareProduces } from './produces.js';
import { schemaOf } from './schema-of.js';
import { coveringStatusRange, statusesInRange } from './status-ranges.js';
import { RESPONSES_RULES } from './table/responses.js';
import type { Emit, OperationPair, RuleFamily, SchemaRoot, SchemaWalker } from './types.js';
import { withoutNullOnWire } from './wire-null.js';

export const responsesFamily: RuleFamily = {
  name: 'responses',
  rules: RESPONSES_RULES,
  checkOperation(pair, emit, walk, addRoot) {
    const b = pair.base.operation.responses ?? {};
    const r = pair.revision.operation.responses ?? {};
    const bp = joinPointer(pair.base.pointer, 'responses');
    const rp = joinPointer(pair.revision.pointer, 'responses');
    for (const status of Object.keys(b)) {
      if (!(status in r)) {
        removeStatus({ status, b, r, bp, rp, pair, emit, walk, addRoot });
        continue;
      }
      const bl = pair.docs.base.resolver.follow(b[status], joinPointer(bp, status));
      const rl = pair.docs.revision.resolver.follow(r[status], joinPointer(rp, status));
      compareResponse({ status, b: bl, r: rl, pair, emit, walk, addRoot });
    }
    compareProduces(pair, emit);
    for (const status of Object.keys(r)) {
      if (status in b) continue;
      const range = coveringStatusRange(status, b);
      if (range !== undefined) {
        // Described before by the range, now by its own code: what its client reads is compared, nothing was added.
        const bl = pair.docs.base.resolver.follow(b[range], joinPointer(bp, range));
        const rl = pair.docs.revision.resolver.follow(r[status], joinPointer(rp, status));
        compareResponse({ status, b: bl, r: rl, pair, emit, walk, addRoot });
        continue;
      }
      const success = /^[23]/.test(status);
      emit({
        id: success ? 'response-success-status-added' : 'response-non-success-status-added',
        side: 'revision',
        pointer: joinPointer(rp, status),
        message: `response ${status} was added${describesNow(status, b, r)}`,
        target: { kind: 'response', status },
      });
    }
  },
};

/** A range added for codes the base listed on their own (`200` now `2XX`): it describes them now. */
function describesNow(range: string, b: Record<string, unknown>, r: Record<string, unknown>): string {
  const now = statusesInRange(range, b).filter((status) => !(status in r));
  return now.length === 0 ? '' : `; it now describes ${now.join(', ')}`;
}

/** Both operations' responses, for a status the revision no longer lists by its own key. */
interface StatusGone {
  status: string;
  b: Record<string, unknown>;
  r: Record<string, unknown>;
  bp: string;
  rp: string;
  pair: OperationPair;
  emit: Emit;
  walk: SchemaWalker;
  addRoot: (root: SchemaRoot) => void;
}

/**
 * A status the revision's range still covers (`200` now `2XX`) is still answered as that range describes it: compared,
 * not removed. A range dropped for some of its codes (`2XX` now `200`) is narrowed to them, at info.
 */
function removeStatus({ status, b, r, bp, rp, pair, emit, walk, addRoot }: StatusGone): void {
  const range = coveringStatusRange(status, r);
  if (range !== undefined) {
    const bl = pair.docs.base.resolver.follow(b[status], joinPointer(bp, status));
    const rl = pair.docs.revision.resolver.follow(r[range], joinPointer(rp, range));
    compareResponse({ status, b: bl, r: rl, pair, emit, walk, addRoot });
    return;
  }
  const kept = statusesInRange(status, r);
  // A range says the code may be any of its hundred: a client written for it reads each alike and can count on none. One
  // left described on its own (compared with the range where the revision adds it) is a code that client reads already;
  // the server promises fewer codes, which is a response narrowed, not one taken away (docs/ACCURACY.md).
  if (kept.length > 0) {
    const codes = `${kept.join(', ')} ${kept.length === 1 ? 'is' : 'are'}`;
    emit({
      id: 'response-status-range-narrowed',
      side: 'base',
      pointer: joinPointer(bp, status),
      message: `response ${status} was narrowed: only ${codes} still described, which a client that read any ${status} reads as before`,
      target: { kind: 'response', status },
    });
    return;
  }
  emit({
    id: /^[23]/.test(status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
    side: 'base',
    pointer: joinPointer(bp, status),
    message: `response ${status} was removed`,
    target: { kind: 'response', status },
  });
}

/** One status's response on both sides, with what checkOperation was given: its body and its headers are compared on it. */
interface StatusPair {
  status: string;
  b: Located;
  r: Located;
  pair: OperationPair;
  emit: Emit;
  walk: SchemaWalker;
  addRoot: (root: SchemaRoot) => void;
}

function compareResponse(sides: StatusPair): void {
  const { status, b, r, emit, walk, addRoot } = sides;
  const bm = listMedia(b.node?.content, b.pointer);
  const rm = listMedia(r.node?.content, r.pointer);
  // forEach, not for...of over entries: run per response, mostly before V8 optimises it, where each step of a
  // for...of allocates a result and each destructured entry an iterator.
  bm.forEach((m, key) => {
    // A type a range now covers may still be returned, as the range's schema describes it (the most specific key applies).
    const other = rm.get(key) ?? coveringRange(key, rm);
    if (!other) {
      const kept = narrowedTo(key, rm);
      emit({
        id: 'response-media-type-removed',
        side: 'base',
        pointer: m.pointer,
        message: `response ${status} ${noLonger('returns', m, kept)}`,
        target: { kind: 'response', status, mediaType: m.name, ...(kept.length > 0 && { narrowedTo: kept }) },
      });
      return;
    }
    const target = { kind: 'response' as const, status, mediaType: m.name };
    if (!m.node.schema && other.node.schema) {
      emit({
        id: 'response-body-media-type-schema-added',
        side: 'revision',
        pointer: `${other.pointer}/schema`,
        message: `response ${status} (${m.name}) now has a schema`,
        target,
      });
    } else if (m.node.schema && !other.node.schema) {
      emit({
        id: 'response-body-media-type-schema-removed',
        side: 'base',
        pointer: `${m.pointer}/schema`,
        message: `response ${status} (${m.name}) no longer has a schema: anything may be returned`,
        target,
        breaksDependents: true,
      });
    }
    if (!m.node.schema || !other.node.schema) return;
    // A multipart response's parts each travel on a wire of their own, as a request's do (body-parts.ts).
    const resolvers = { base: sides.pair.docs.base.resolver, revision: sides.pair.docs.revision.resolver };
    const wires = other === rm.get(key) ? partWires(key, m, other, resolvers) : undefined;
    const root = walk(
      { node: m.node.schema, pointer: `${m.pointer}/schema` },
      { node: other.node.schema, pointer: `${other.pointer}/schema` },
      'response',
      'body',
      { xml: isXml(key), text: wires?.text },
    );
    const node = wires ? withPartsWalked(root, wires, m, other, walk, resolvers, 'response') : root;
    addRoot({ target: { kind: 'response', status, mediaType: m.name }, node });
  });
  rm.forEach((m, key) => {
    if (bm.has(key)) return;
    emit({
      id: 'response-media-type-added',
      side: 'revision',
      pointer: m.pointer,
      message: `response ${status} now also returns ${m.name}`,
      target: { kind: 'response', status, mediaType: m.name },
    });
    compareNarrowed(sides, key, m, bm);
  });
  compareHeaders(sides);
}

/** A range narrowed to `m` described what it returns before: its readers now get this schema. */
function compareNarrowed({ status, walk, addRoot }: StatusPair, key: string, m: MediaEntry, bm: Map<string, MediaEntry>): void {
  const range = coveringRange(key, bm);
  if (!range?.node.schema || !m.node.schema) return;
  const node = walk(
    { node: range.node.schema, pointer: `${range.pointer}/schema` },
    { node: m.node.schema, pointer: `${m.pointer}/schema` },
    'response',
    'body',
    {
      xml: isXml(key),
    },
  );
  addRoot({ target: { kind: 'response', status, mediaType: m.name }, node });
}

function compareHeaders({ status, b, r, pair, emit, walk, addRoot }: StatusPair): void {
  const bh = byLowerName(b.node?.headers);
  const rh = byLowerName(r.node?.headers);
  // forEach, not for...of over entries: every response of most APIs is met here, before V8 optimises this, and each
  // step allocated an iterator result and an entry.
  bh.forEach((h, key) => {
    const hb = pair.docs.base.resolver.follow(h.raw, childPointer(b.pointer, 'headers', h.name));
    const other = rh.get(key);
    const target = { kind: 'response' as const, status, header: h.name };
    if (!other) {
      const required = hb.node?.required === true;
      emit({
        id: required ? 'required-response-header-removed' : 'optional-response-header-removed',
        side: 'base',
        pointer: hb.pointer,
        message: `response ${status} header \`${h.name}\` was removed`,
        target,
        breaksDependents: !required,
      });
      return;
    }
    const hr = pair.docs.revision.resolver.follow(other.raw, childPointer(r.pointer, 'headers', other.name));
    checkHeaderSerialization({ status, name: other.name, base: hb, revision: hr }, emit);
    // A header whose schema admits null may be left out: a server cannot send null in a header (header-null.ts).
    const nullBefore = sendsNoneForNull(hb.node, pair.docs.base.resolver);
    const nullNow = sendsNoneForNull(hr.node, pair.docs.revision.resolver);
    if (hb.node?.required === true && !nullBefore && (hr.node?.required !== true || nullNow)) {
      const why = hr.node?.required !== true ? 'became optional' : 'may now be absent: its schema admits null, and a null header is not sent';
      emit({ id: 'response-header-became-optional', side: 'revision', pointer: hr.pointer, message: `response ${status} header \`${h.name}\` ${why}`, target });
    }
    const bs = schemaOf(hb.node ?? {}, hb.pointer);
    const rs = schemaOf(hr.node ?? {}, hr.pointer);
    if (!bs || !rs) return;
    // Whether null is valid is then said by whether the header is sent, not again as a value it may carry.
    if (hb.node?.schema && hr.node?.schema) {
      ({ node: bs.node, pointer: bs.pointer } = withoutNullOnWire(bs.node, bs.pointer, pair.docs.base.resolver));
      ({ node: rs.node, pointer: rs.pointer } = withoutNullOnWire(rs.node, rs.pointer, pair.docs.revision.resolver));
    }
    // A `schema` header is sent as text (style simple); a `content` one in its media type.
    addRoot({ target, node: walk(bs, rs, 'response', 'header', { text: hb.node?.schema !== undefined && hr.node?.schema !== undefined }), name: h.name });
  });
  rh.forEach((h, key) => {
    if (!bh.has(key))
      emit({
        id: 'response-header-added',
        side: 'revision',
        pointer: childPointer(r.pointer, 'headers', h.name),
        message: `response ${status} header \`${h.name}\` was added`,
        target: { kind: 'response', status, header: h.name },
      });
  });
}

/** Headers by their name in lower case (names are case-insensitive), each with its name as written. */
/** What a response without headers lists: shared, as most responses have none and the lists are only read. */
const NO_HEADERS: ReadonlyMap<string, { name: string; raw: any }> = new Map();

function byLowerName(headers: Record<string, any> | undefined): ReadonlyMap<string, { name: string; raw: any }> {
  if (headers == null) return NO_HEADERS;
  const out = new Map<string, { name: string; raw: any }>();
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) out.set(names[i].toLowerCase(), { name: names[i], raw: headers[names[i]] });
  return out;
}
