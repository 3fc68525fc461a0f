// The `encoding` a multipart response writes for its parts: which media types each part comes in. OpenAPI 3.0 and 3.1
// define `encoding` for request bodies only (3.2 extends it to responses), but where a provider writes it on a
// response it says what its readers will be sent: a part that may now come in a type it did not is a warning for a
// reviewer (a reader may not parse it; no specification of the document's version promised it), fewer types info.
import { childPointer } from '../schema/pointer.js';
import type { Resolver } from '../schema/resolve.js';
import { fieldsOf } from './body-encoding.js';
import { listMedia, type MediaEntry } from './media.js';
import { contentTypes, covers } from './part-content-type.js';
import { RESPONSE_PART_ENCODING_RULES } from './table/response-part-encoding.js';
import type { Emit, RuleFamily } from './types.js';

type Node = Record<string, any>;

export const responsePartEncodingFamily: RuleFamily = {
  name: 'response-part-encoding',
  rules: RESPONSE_PART_ENCODING_RULES,
  checkOperation({ base, revision, docs }, emit) {
    const br = base.operation.responses;
    const rr = revision.operation.responses;
    if (!br || !rr || typeof br !== 'object' || typeof rr !== 'object') return;
    for (const status of Object.keys(br)) {
      if (!Object.hasOwn(rr, status)) continue;
      const b = docs.base.resolver.follow<Node>(br[status], childPointer(base.pointer, 'responses', status));
      const r = docs.revision.resolver.follow<Node>(rr[status], childPointer(revision.pointer, 'responses', status));
      const rm = listMedia(r.node?.content, r.pointer);
      for (const [key, m] of listMedia(b.node?.content, b.pointer)) {
        const other = rm.get(key);
        if (!other || !key.startsWith('multipart/') || (m.node.encoding === undefined && other.node.encoding === undefined)) continue;
        compareParts({ status, emit }, m, other, { base: docs.base.resolver, revision: docs.revision.resolver });
      }
    }
  },
};

function compareParts(at: { status: string; emit: Emit }, m: MediaEntry, other: MediaEntry, resolvers: { base: Resolver; revision: Resolver }): void {
  const fields = { base: fieldsOf(m, resolvers.base), revision: fieldsOf(other, resolvers.revision) };
  for (const field of new Set([...Object.keys(entries(m)), ...Object.keys(entries(other))])) {
    // A part added or removed is the property rules' finding, not a change of how it is sent.
    const bs = fields.base(field);
    const rs = fields.revision(field);
    if (!bs || !rs) continue;
    const b = contentTypes(entries(m)[field] ?? {}, bs);
    const r = contentTypes(entries(other)[field] ?? {}, rs);
    if (!b || !r) continue;
    const pointer = entries(other)[field] === undefined ? `${other.pointer}/encoding` : childPointer(other.pointer, 'encoding', field);
    const target = { kind: 'response' as const, status: at.status, mediaType: other.name, field };
    const said = `response ${at.status} (${other.name}) part \`${field}\``;
    const added = r.filter((t) => !b.some((w) => covers(w, t)));
    const removed = b.filter((t) => !r.some((w) => covers(w, t)));
    if (added.length > 0)
      at.emit({
        id: 'response-body-part-content-type-added',
        side: 'revision',
        pointer,
        message: `${said} may now come as ${added.join(', ')} (was ${b.join(', ')})`,
        target,
      });
    if (removed.length > 0)
      at.emit({
        id: 'response-body-part-content-type-removed',
        side: 'revision',
        pointer,
        message: `${said} no longer comes as ${removed.join(', ')}`,
        target,
      });
  }
}

const entries = (m: MediaEntry): Node => (m.node.encoding !== null && typeof m.node.encoding === 'object' ? m.node.encoding : {});
