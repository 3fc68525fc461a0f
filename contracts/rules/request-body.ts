// The request body: added, removed, required, its media types and its schema.
import { partWires, withPartsWalked } from './body-parts.js';
import { coveringRange, isXml, listMedia, narrowedTo, noLonger } from './media.js';
import { REQUEST_BODY_RULES } from './table/request-body.js';
import type { RuleFamily } from './types.js';

export const requestBodyFamily: RuleFamily = {
  name: 'request-body',
  rules: REQUEST_BODY_RULES,
  checkOperation(pair, emit, walk, addRoot) {
    const { base, revision } = pair;
    const { resolver: br } = pair.docs.base;
    const { resolver: rr } = pair.docs.revision;
    const b = base.operation.requestBody ? br.follow(base.operation.requestBody, `${base.pointer}/requestBody`) : undefined;
    const r = revision.operation.requestBody ? rr.follow(revision.operation.requestBody, `${revision.pointer}/requestBody`) : undefined;
    if (!b && !r) return;
    // A 2.0 body is a parameter of the operation or its path; the converter writes equal bodies of several operations
    // once, as a component named by it, so a finding about the body is placed at the operation's own, which leads back
    // to the parameter this operation takes it from, not another operation's.
    const bAt = pair.docs.base.specVersion === '2.0' ? `${base.pointer}/requestBody` : b?.pointer;
    const rAt = pair.docs.revision.specVersion === '2.0' ? `${revision.pointer}/requestBody` : r?.pointer;
    if (!b && r) {
      const required = r.node.required === true;
      emit({
        id: required ? 'request-body-added-required' : 'request-body-added-optional',
        side: 'revision',
        pointer: rAt ?? r.pointer,
        message: `${required ? 'a required' : 'an optional'} request body was added`,
        target: { kind: 'request-body' },
        everyCaller: required,
      });
      return;
    }
    if (b && !r) {
      emit({ id: 'request-body-removed', side: 'base', pointer: bAt ?? b.pointer, message: 'the request body was removed', target: { kind: 'request-body' } });
      return;
    }
    if (!b || !r) return;
    if (b.node.required !== true && r.node.required === true) {
      emit({
        id: 'request-body-became-required',
        side: 'revision',
        pointer: rAt ?? r.pointer,
        message: 'the request body became required',
        target: { kind: 'request-body' },
        everyCaller: true,
      });
    } else if (b.node.required === true && r.node.required !== true) {
      emit({
        id: 'request-body-became-optional',
        side: 'revision',
        pointer: rAt ?? r.pointer,
        message: 'the request body became optional',
        target: { kind: 'request-body' },
      });
    }
    const bm = listMedia(b.node.content, b.pointer);
    const rm = listMedia(r.node.content, r.pointer);
    for (const [key, m] of bm) {
      const other = rm.get(key) ?? coveringRange(key, rm);
      if (!other) {
        const kept = narrowedTo(key, rm);
        emit({
          id: 'request-body-media-type-removed',
          side: 'base',
          pointer: m.pointer,
          message: `the request body ${noLonger('accepts', m, kept)}`,
          target: { kind: 'request-body', mediaType: m.name, ...(kept.length > 0 && { narrowedTo: kept }) },
        });
        continue;
      }
      if (!m.node.schema && other.node.schema) {
        emit({
          id: 'request-body-media-type-schema-added',
          side: 'revision',
          pointer: `${other.pointer}/schema`,
          message: `the request body (${m.name}) now has a schema where it accepted anything`,
          target: { kind: 'request-body', mediaType: m.name },
          everyCaller: true,
        });
      } else if (m.node.schema && !other.node.schema) {
        emit({
          id: 'request-body-media-type-schema-removed',
          side: 'base',
          pointer: `${m.pointer}/schema`,
          message: `the request body (${m.name}) no longer has a schema`,
          target: { kind: 'request-body', mediaType: m.name },
        });
      }
      if (!m.node.schema || !other.node.schema) continue;
      const resolvers = { base: br, revision: rr };
      const wires = partWires(key, m, other, resolvers);
      const root = walk(
        { node: m.node.schema, pointer: `${m.pointer}/schema` },
        { node: other.node.schema, pointer: `${other.pointer}/schema` },
        'request',
        'body',
        { xml: isXml(key), text: wires?.text },
      );
      const node = wires ? withPartsWalked(root, wires, m, other, walk, resolvers, 'request') : root;
      addRoot({ target: { kind: 'request-body', mediaType: m.name }, node });
    }
    for (const [key, m] of rm) {
      if (bm.has(key)) continue;
      emit({
        id: 'request-body-media-type-added',
        side: 'revision',
        pointer: m.pointer,
        message: `the request body now also accepts ${m.name}`,
        target: { kind: 'request-body', mediaType: m.name },
      });
      // A range narrowed to this type described it before: what is sent in it is now checked against this schema.
      const range = coveringRange(key, bm);
      if (!range?.node.schema || !m.node.schema) continue;
      const node = walk(
        { node: range.node.schema, pointer: `${range.pointer}/schema` },
        { node: m.node.schema, pointer: `${m.pointer}/schema` },
        'request',
        'body',
        { xml: isXml(key) },
      );
      addRoot({ target: { kind: 'request-body', mediaType: m.name }, node });
    }
  },
};
