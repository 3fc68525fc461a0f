// Callbacks: requests the provider sends to a URL the client gave it. The sides are reversed: a callback's request
// body is what the client receives (compared as a response, by the response rules), and its responses are what the
// client answers (compared as requests). Those findings count for every consumer of the operation.
import { joinPointer } from '../schema/pointer.js';
import type { Located } from '../schema/resolve.js';
import { coveringRange, listMedia, type MediaEntry, narrowedTo } from './media.js';
import { CALLBACKS_RULES } from './table/callbacks.js';
import type { DocumentPair, Emit, Finding, RuleFamily, RuleId, SchemaRoot, SchemaWalker } from './types.js';

type Node = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const TARGET = { kind: 'operation' } as const;

export const callbacksFamily: RuleFamily = {
  name: 'callbacks',
  rules: CALLBACKS_RULES,
  checkOperation(pair, emit, walk, addRoot) {
    const b: Node = pair.base.operation.callbacks ?? {};
    const r: Node = pair.revision.operation.callbacks ?? {};
    if (Object.keys(b).length === 0 && Object.keys(r).length === 0) return;
    const bp = joinPointer(pair.base.pointer, 'callbacks');
    const rp = joinPointer(pair.revision.pointer, 'callbacks');
    for (const name of Object.keys(b)) {
      if (name in r) {
        const bl = pair.docs.base.resolver.follow<Node>(b[name], joinPointer(bp, name));
        const rl = pair.docs.revision.resolver.follow<Node>(r[name], joinPointer(rp, name));
        compareCallback(name, bl, rl, { kind: 'callback', docs: pair.docs, emit, walk, addRoot });
      } else emit({ id: 'api-callback-removed', side: 'base', pointer: joinPointer(bp, name), message: `callback \`${name}\` was removed`, target: TARGET });
    }
    for (const name of Object.keys(r))
      if (!(name in b))
        emit({ id: 'api-callback-added', side: 'revision', pointer: joinPointer(rp, name), message: `callback \`${name}\` was added`, target: TARGET });
  },
};

/** A webhook's operation, compared as a callback's: what it sends is read by the subscriber, what it reads is sent back. */
interface WebhookCall {
  /** `WEBHOOK newPet POST`: a key no manifest names, so its findings are no consumer's but count in the report. */
  key: string;
  label: string;
  compare(emit: Emit, walk: SchemaWalker, addRoot: (root: SchemaRoot) => void): void;
}

/**
 * The operations of every webhook (OpenAPI 3.1) both versions keep: the provider sends them to subscribers, so, as for
 * callbacks, the body sent is judged by the response rules and the answers by the request rules. A webhook added or
 * removed whole is `webhook-added`/`webhook-removed` (components.ts); a method of a kept one that the provider stops
 * sending leaves a subscriber waiting for calls that never come, and one it starts sending reaches a receiver that may
 * not route it, which is what a new webhook does too.
 */
export function pairWebhookCalls(docs: DocumentPair): WebhookCall[] {
  const b: Node = docs.base.doc.webhooks ?? {};
  const r: Node = docs.revision.doc.webhooks ?? {};
  const out: WebhookCall[] = [];
  for (const name of Object.keys(b)) {
    if (!(name in r)) continue;
    const bi = docs.base.resolver.follow<Node>(b[name], joinPointer('/webhooks', name));
    const ri = docs.revision.resolver.follow<Node>(r[name], joinPointer('/webhooks', name));
    for (let mi = 0; mi < METHODS.length; mi++) {
      const method = METHODS[mi];
      const bo = objectAt(bi.node, method);
      const ro = objectAt(ri.node, method);
      if (!bo && !ro) continue;
      const label = `webhook \`${name}\` ${method.toUpperCase()}`;
      const key = `WEBHOOK ${name} ${method.toUpperCase()}`;
      if (!bo || !ro) {
        const [id, side, at, words] = bo
          ? (['webhook-operation-removed', 'base', bi.pointer, 'is no longer sent'] as const)
          : (['webhook-operation-added', 'revision', ri.pointer, 'is now sent'] as const);
        out.push({ key, label, compare: (emit) => emit(found(id, side, joinPointer(at, method), `${label} ${words}`)) });
        continue;
      }
      const [bl, rl] = [
        { node: bo, pointer: joinPointer(bi.pointer, method) },
        { node: ro, pointer: joinPointer(ri.pointer, method) },
      ];
      out.push({
        key,
        label,
        compare: (emit, walk, addRoot) => compareCall(label, bl, rl, { kind: 'webhook', docs, emit, walk, addRoot }),
      });
    }
  }
  return out;
}

function objectAt(node: Node | undefined, key: string): Node | undefined {
  const v = node?.[key];
  return v && typeof v === 'object' ? v : undefined;
}

interface Context {
  /** Named in messages about the bodies, which the schema rules would call a response (sent) or a request (answer). */
  kind: 'callback' | 'webhook';
  docs: DocumentPair;
  emit: Emit;
  walk: SchemaWalker;
  addRoot: (root: SchemaRoot) => void;
}

/** URL expressions are paired as written; when each version has one, they are the same call sent elsewhere. */
function compareCallback(name: string, b: Located<Node>, r: Located<Node>, ctx: Context): void {
  const be = Object.keys(b.node ?? {});
  const re = Object.keys(r.node ?? {});
  const lone = be.length === 1 && re.length === 1;
  for (const expression of be) {
    const other = re.includes(expression) ? expression : lone ? re[0] : undefined;
    if (other !== expression) {
      const message = `callback \`${name}\` is no longer sent to ${expression}${other ? ` (now ${other})` : ''}`;
      ctx.emit({ id: 'api-callback-url-changed', side: 'revision', pointer: r.pointer, message, target: TARGET });
    }
    if (other === undefined) continue;
    const bi = ctx.docs.base.resolver.follow<Node>(b.node[expression], joinPointer(b.pointer, expression));
    const ri = ctx.docs.revision.resolver.follow<Node>(r.node[other], joinPointer(r.pointer, other));
    comparePathItem(`callback \`${name}\``, bi, ri, ctx);
  }
}

function comparePathItem(what: string, b: Located<Node>, r: Located<Node>, ctx: Context): void {
  for (let mi = 0; mi < METHODS.length; mi++) {
    const method = METHODS[mi];
    const bo = b.node?.[method];
    const ro = r.node?.[method];
    const label = `${what} ${method.toUpperCase()}`;
    if (bo && !ro)
      ctx.emit({
        id: 'api-callback-operation-removed',
        side: 'base',
        pointer: joinPointer(b.pointer, method),
        message: `${label} is no longer sent`,
        target: TARGET,
      });
    if (!bo && ro)
      ctx.emit({
        id: 'api-callback-operation-added',
        side: 'revision',
        pointer: joinPointer(r.pointer, method),
        message: `${label} is now sent`,
        target: TARGET,
      });
    if (bo && ro) compareCall(label, { node: bo, pointer: joinPointer(b.pointer, method) }, { node: ro, pointer: joinPointer(r.pointer, method) }, ctx);
  }
}

/** The body the provider sends is read by the client (response side); what the client answers is sent by it (request side). */
function compareCall(label: string, b: Located<Node>, r: Located<Node>, ctx: Context): void {
  const docs = ctx.docs;
  const body = (side: 'base' | 'revision', at: Located<Node>) => docs[side].resolver.follow<Node>(at.node.requestBody, `${at.pointer}/requestBody`);
  const bb = b.node.requestBody;
  const rb = r.node.requestBody;
  if (bb && rb) compareSentBody(label, body('base', b), body('revision', r), ctx);
  else if (bb) ctx.emit(found('api-callback-request-body-removed', 'base', `${b.pointer}/requestBody`, `${label} no longer sends a request body`));
  else if (rb) ctx.emit(found('api-callback-request-body-added', 'revision', `${r.pointer}/requestBody`, `${label} now sends a request body`));
  const [bs, rs]: Node[] = [b.node.responses ?? {}, r.node.responses ?? {}];
  for (const status of Object.keys(bs)) {
    if (!(status in rs)) {
      const message = `${label}: an answer with status ${status} is no longer one the provider reads`;
      ctx.emit(found('api-callback-response-status-removed', 'base', joinPointer(b.pointer, 'responses', status), message));
      continue;
    }
    const bl = docs.base.resolver.follow<Node>(bs[status], joinPointer(b.pointer, 'responses', status));
    const rl = docs.revision.resolver.follow<Node>(rs[status], joinPointer(r.pointer, 'responses', status));
    compareBodies(bl, rl, 'request', ctx, {
      removed: ['api-callback-response-media-type-removed', (m) => `${label}: an answer with status ${status} in ${m} is no longer one the provider reads`],
      added: ['api-callback-response-media-type-added', (m) => `${label}: the provider now reads an answer with status ${status} in ${m}`],
    });
  }
  for (const status of Object.keys(rs)) {
    if (status in bs) continue;
    const message = `${label}: the provider now reads an answer with status ${status}`;
    ctx.emit(found('api-callback-response-status-added', 'revision', joinPointer(r.pointer, 'responses', status), message));
  }
}

/** The body the provider sends: its receiver reads whatever media type the provider picks, and may have to do without it when it is optional. */
function compareSentBody(label: string, b: Located<Node>, r: Located<Node>, ctx: Context): void {
  const was = b.node?.required === true;
  const is = r.node?.required === true;
  if (was && !is) ctx.emit(found('api-callback-request-body-became-optional', 'revision', r.pointer, `${label} may now be sent without its request body`));
  if (!was && is) ctx.emit(found('api-callback-request-body-became-required', 'revision', r.pointer, `${label} now always sends its request body`));
  compareBodies(b, r, 'response', ctx, {
    removed: ['api-callback-request-body-media-type-removed', (m) => `${label} no longer sends its request body as ${m}`],
    added: ['api-callback-request-body-media-type-added', (m) => `${label} may now send its request body as ${m}`],
  });
}

const found = (id: RuleId, side: 'base' | 'revision', pointer: string, message: string): Finding => ({ id, side, pointer, message, target: TARGET });

type MediaIds = Record<'removed' | 'added', [RuleId, (mediaType: string) => string]>;

/**
 * The bodies of one callback call by media type. A type a range on the other side covers is compared with that range
 * (the most specific key applies); a range narrowed is the removal of the types it no longer covers. A payload type a
 * base range covered is none the receiver did not already read: not an addition.
 */
function compareBodies(b: Located<Node>, r: Located<Node>, direction: 'request' | 'response', ctx: Context, ids: MediaIds): void {
  const bm = listMedia(b.node?.content, b.pointer);
  const rm = listMedia(r.node?.content, r.pointer);
  for (const [key, m] of bm) {
    const other = rm.get(key) ?? coveringRange(key, rm);
    if (!other) {
      ctx.emit(found(ids.removed[0], 'base', m.pointer, ids.removed[1](nameBeyond(m, narrowedTo(key, rm)))));
      continue;
    }
    compareSchemas(m, other, direction, ctx);
  }
  for (const [key, m] of rm) {
    if (bm.has(key)) continue;
    const range = coveringRange(key, bm);
    if (!range || direction === 'request') ctx.emit(found(ids.added[0], 'revision', m.pointer, ids.added[1](m.name)));
    if (range) compareSchemas(range, m, direction, ctx);
  }
}

/** `application/*` narrowed to `application/json` is `application/* types other than application/json`. */
function nameBeyond(m: MediaEntry, kept: string[]): string {
  return kept.length === 0 ? m.name : `${m.name} types other than ${kept.join(', ')}`;
}

function compareSchemas(m: MediaEntry, other: MediaEntry, direction: 'request' | 'response', ctx: Context): void {
  if (!other.node.schema || !m.node.schema) return;
  const node = ctx.walk(
    { node: m.node.schema, pointer: `${m.pointer}/schema` },
    { node: other.node.schema, pointer: `${other.pointer}/schema` },
    direction,
    'body',
  );
  const place =
    direction === 'response'
      ? { body: `the ${ctx.kind} payload`, property: `${ctx.kind} payload property` }
      : { body: `the answer to the ${ctx.kind}`, property: `${ctx.kind} answer property` };
  ctx.addRoot({ target: TARGET, node, place });
}
