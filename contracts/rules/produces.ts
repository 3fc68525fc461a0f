// Swagger 2.0's `produces` where no response of the operation declares a schema: the conversion writes media types only
// under a schema, so without this a type added to or dropped from such an operation was no finding at all.
// The 2.0 spec says such a response returns no content; what a client still meets is the negotiation: generated clients
// send `Accept` from `produces`, and a server that negotiates answers 406 to a type it no longer produces. The ids and
// levels are those of the same change to a 3.x response's `content` (responses.ts), so severity files carry over.
import { PRODUCES_KEY } from '../load/swagger2-losses.js';
import { joinPointer } from '../schema/pointer.js';
import { coveringRange, listMedia } from './media.js';
import type { Emit, OperationPair } from './types.js';

/**
 * Once per operation, at its first status: negotiation is the operation's, not a status's. Where a status kept has a
 * schema on both sides its media types are compared there already, so this says nothing more.
 */
export function compareProduces(pair: OperationPair, emit: Emit): void {
  if (pair.docs.base.specVersion !== '2.0' || pair.docs.revision.specVersion !== '2.0') return;
  const before = producedBy(pair.base.operation);
  const after = producedBy(pair.revision.operation);
  // A side that lists nothing says nothing of what is produced: neither a narrowing nor a widening.
  if (before.size === 0 || after.size === 0) return;
  const statuses = bodilessStatuses(pair);
  if (statuses === undefined || statuses.length === 0) return;
  const status = statuses[0]!;
  const said = `response${statuses.length > 1 ? 's' : ''} ${statuses.join(', ')} (no schema, so no body)`;
  const at = (side: 'base' | 'revision') => joinPointer(joinPointer(pair[side].pointer, 'responses'), status);
  before.forEach((m, key) => {
    if (after.has(key) || coveringRange(key, after)) return;
    const message = `${said}: no longer produced as ${m.name} (\`produces\`); a client that accepts only it may be refused (406)`;
    emit({ id: 'response-media-type-removed', side: 'base', pointer: at('base'), message, target: { kind: 'response', status, mediaType: m.name } });
  });
  after.forEach((m, key) => {
    if (before.has(key)) return;
    const message = `${said}: may now also be produced as ${m.name} (\`produces\`)`;
    emit({ id: 'response-media-type-added', side: 'revision', pointer: at('revision'), message, target: { kind: 'response', status, mediaType: m.name } });
  });
}

/** The statuses both versions keep with no schema on either side; undefined when one kept has a schema on both. */
function bodilessStatuses({ base, revision, docs }: OperationPair): string[] | undefined {
  const b = base.operation.responses ?? {};
  const r = revision.operation.responses ?? {};
  const out: string[] = [];
  for (const status of Object.keys(b)) {
    if (!(status in r)) continue;
    const bc = docs.base.resolver.follow(b[status], '').node?.content;
    const rc = docs.revision.resolver.follow(r[status], '').node?.content;
    if (bc !== undefined && rc !== undefined) return undefined;
    if (bc === undefined && rc === undefined) out.push(status);
  }
  return out;
}

function producedBy(operation: Record<string, any>) {
  const listed: unknown = operation[PRODUCES_KEY];
  const types = Array.isArray(listed) ? listed.filter((t): t is string => typeof t === 'string') : [];
  return listMedia(Object.fromEntries(types.map((t) => [t, {}])), '');
}
