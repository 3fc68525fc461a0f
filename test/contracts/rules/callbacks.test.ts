// Callbacks are requests the provider sends to the client: a callback or one of its calls removed, or sent to another
// URL, breaks the client waiting for it; a body the client receives is judged as a response, what it answers as a request.
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { findImpact } from '../../../contracts/impact.js';
import { parseContract } from '../../../contracts/load/load.js';
import { api, type Doc, json, obj, ok, type RuleCase, runRuleCases } from './harness.js';

const EVENT = obj({ id: { type: 'string' }, kind: { type: 'string' } }, ['id']);
const ACK = obj({ received: { type: 'boolean' } });
const URL = '{$request.body#/callbackUrl}';
const call = (request: Doc = EVENT, answer: Doc = ACK): Doc => ({ post: { requestBody: { content: json(request) }, responses: ok(json(answer)) } });
const subscribe = (callbacks?: Doc): Doc =>
  api({ '/subscriptions': { post: { ...(callbacks ? { callbacks } : {}), responses: { '201': { description: 'subscribed' } } } } });
const onEvent = (pathItem: Doc = call(), url = URL) => subscribe({ onEvent: { [url]: pathItem } });
const CALLBACK = '/paths/~1subscriptions/post/callbacks/onEvent';

describe('callbacks', () => {
  const cases: RuleCase[] = [
    {
      name: 'a callback removed: the client no longer receives those calls',
      base: onEvent(),
      revision: subscribe(),
      expect: [
        { id: 'api-callback-removed', level: 'breaking', operation: 'POST /subscriptions', pointer: CALLBACK, message: ['callback `onEvent` was removed'] },
      ],
    },
    { name: 'a callback added: info', base: subscribe(), revision: onEvent(), expect: [{ id: 'api-callback-added', level: 'info' }] },
    {
      name: 'the URL a callback is sent to now comes from another field',
      base: onEvent(),
      revision: onEvent(call(), '{$request.body#/hookUrl}'),
      expect: [{ id: 'api-callback-url-changed', level: 'breaking', message: [`no longer sent to ${URL} (now {$request.body#/hookUrl})`] }],
    },
    {
      name: 'a method no longer called back',
      base: onEvent({ ...call(), put: call().post }),
      revision: onEvent(),
      expect: [{ id: 'api-callback-operation-removed', level: 'breaking', message: ['callback `onEvent` PUT is no longer sent'] }],
    },
    {
      name: 'a method now also called back: info',
      base: onEvent(),
      revision: onEvent({ ...call(), put: call().post }),
      expect: [{ id: 'api-callback-operation-added', level: 'info' }],
    },
    {
      name: 'a field dropped from the body the provider sends: the client reads it, as a response',
      base: onEvent(),
      revision: onEvent(call(obj({ id: { type: 'string' } }, ['id']))),
      expect: [
        {
          id: 'response-optional-property-removed',
          operation: 'POST /subscriptions',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/requestBody/content/application~1json/schema/properties/kind`,
        },
      ],
    },
    {
      name: 'a field added to the body the provider sends: a response may grow, info',
      base: onEvent(),
      revision: onEvent(call(obj({ id: { type: 'string' }, kind: { type: 'string' }, at: { type: 'string' } }, ['id']))),
      expect: [{ id: 'response-optional-property-added', level: 'info' }],
    },
    {
      name: "a field the provider now requires in the client's answer: the client sends it, as a request",
      base: onEvent(),
      revision: onEvent(call(EVENT, obj({ received: { type: 'boolean' } }, ['received']))),
      expect: [{ id: 'request-property-became-required', level: 'breaking' }],
    },
    {
      name: 'a field the client may leave out of its answer: a request that asks less, not breaking',
      base: onEvent(call(EVENT, obj({ received: { type: 'boolean' } }, ['received']))),
      revision: onEvent(),
      expect: [{ id: 'request-property-became-optional', level: 'info' }],
    },
    {
      name: 'the provider stops sending the body the client reads: breaking',
      base: onEvent(),
      revision: onEvent({ post: { responses: ok(json(ACK)) } }),
      expect: [
        {
          id: 'api-callback-request-body-removed',
          level: 'breaking',
          operation: 'POST /subscriptions',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/requestBody`,
          message: ['callback `onEvent` POST no longer sends a request body'],
        },
      ],
    },
    {
      name: 'the provider now sends a body where it sent none: info',
      base: onEvent({ post: { responses: ok(json(ACK)) } }),
      revision: onEvent(),
      expect: [{ id: 'api-callback-request-body-added', level: 'info', message: ['callback `onEvent` POST now sends a request body'] }],
    },
    {
      name: "a status the client may answer with is no longer read by the provider: the client's answer is narrowed, breaking",
      base: onEvent({ post: { ...call().post, responses: { ...ok(json(ACK)), '410': { description: 'unsubscribe me' } } } }),
      revision: onEvent(),
      expect: [
        {
          id: 'api-callback-response-status-removed',
          level: 'breaking',
          operation: 'POST /subscriptions',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/responses/410`,
          message: ['callback `onEvent` POST: an answer with status 410 is no longer one the provider reads'],
        },
      ],
    },
    {
      name: 'the provider reads one more status in the answer: info',
      base: onEvent(),
      revision: onEvent({ post: { ...call().post, responses: { ...ok(json(ACK)), '410': { description: 'unsubscribe me' } } } }),
      expect: [{ id: 'api-callback-response-status-added', level: 'info', message: ['the provider now reads an answer with status 410'] }],
    },
    {
      name: 'the provider may now send its body as XML too: the sender picks, the receiver never had to read it, breaking',
      base: onEvent(),
      revision: onEvent({ post: { ...call().post, requestBody: { content: { ...json(EVENT), 'application/xml': { schema: EVENT } } } } }),
      expect: [
        {
          id: 'api-callback-request-body-media-type-added',
          level: 'breaking',
          operation: 'POST /subscriptions',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/requestBody/content/application~1xml`,
          message: ['callback `onEvent` POST may now send its request body as application/xml'],
        },
      ],
    },
    {
      name: 'the provider stops sending one of its media types: the receiver gets fewer kinds, info',
      base: onEvent({ post: { ...call().post, requestBody: { content: { ...json(EVENT), 'application/xml': { schema: EVENT } } } } }),
      revision: onEvent(),
      expect: [{ id: 'api-callback-request-body-media-type-removed', level: 'info', message: ['no longer sends its request body as application/xml'] }],
    },
    {
      name: 'JSON replaced by XML: a receiver that reads JSON gets XML',
      base: onEvent(),
      revision: onEvent({ post: { ...call().post, requestBody: { content: { 'application/xml': { schema: EVENT } } } } }),
      expect: [
        { id: 'api-callback-request-body-media-type-added', level: 'breaking' },
        { id: 'api-callback-request-body-media-type-removed', level: 'info' },
      ],
    },
    {
      name: 'the body the provider sends becomes optional: the receiver may get none, breaking',
      base: onEvent({ post: { ...call().post, requestBody: { required: true, content: json(EVENT) } } }),
      revision: onEvent(),
      expect: [
        {
          id: 'api-callback-request-body-became-optional',
          level: 'breaking',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/requestBody`,
          message: ['callback `onEvent` POST may now be sent without its request body'],
        },
      ],
    },
    {
      name: 'the body the provider sends becomes required: the receiver always gets it, info (not the request rule, which reads the other way)',
      base: onEvent(),
      revision: onEvent({ post: { ...call().post, requestBody: { required: true, content: json(EVENT) } } }),
      expect: [{ id: 'api-callback-request-body-became-required', level: 'info', message: ['now always sends its request body'] }],
    },
    {
      name: "a media type the client may answer in is no longer read by the provider: the client's answer is narrowed, breaking",
      base: onEvent({ post: { ...call().post, responses: { '200': { description: 'ok', content: { ...json(ACK), 'text/plain': {} } } } } }),
      revision: onEvent(),
      expect: [
        {
          id: 'api-callback-response-media-type-removed',
          level: 'breaking',
          pointer: `${CALLBACK}/{$request.body#~1callbackUrl}/post/responses/200/content/text~1plain`,
          message: ['an answer with status 200 in text/plain is no longer one the provider reads'],
        },
      ],
    },
    {
      name: 'the provider reads the answer in one more media type: info',
      base: onEvent(),
      revision: onEvent({ post: { ...call().post, responses: { '200': { description: 'ok', content: { ...json(ACK), 'text/plain': {} } } } } }),
      expect: [{ id: 'api-callback-response-media-type-added', level: 'info' }],
    },
  ];
  runRuleCases(cases);

  it('a callback change counts for every consumer of the operation, whatever fields it lists', async () => {
    const [base, revision] = await Promise.all([
      parseContract(JSON.stringify(onEvent()), 'base.json'),
      parseContract(JSON.stringify(onEvent(call(obj({ kind: { type: 'string' } })))), 'revision.json'),
    ]);
    const diff = diffContracts(base, revision);
    const { consumersOf } = findImpact(diff, [
      { consumer: 'notifier', provider: 'events', uses: [{ operation: 'POST /subscriptions', request: ['callbackUrl'] }] },
      { consumer: 'bystander', provider: 'events', uses: [{ operation: 'GET /elsewhere' }] },
    ]);
    const removed = diff.changes.find((c) => c.id === 'response-required-property-removed');
    expect(removed?.location).toBe(`${CALLBACK}/{$request.body#~1callbackUrl}/post/requestBody/content/application~1json/schema/properties/id`);
    expect(consumersOf.get(removed!)).toEqual(['notifier']);
  });

  it('a callback body or answer status change reaches every consumer of the operation that registers it, and no other', async () => {
    const answers = { ...ok(json(ACK)), '410': { description: 'unsubscribe me' } };
    const [base, revision] = await Promise.all([
      parseContract(JSON.stringify(onEvent({ post: { ...call().post, responses: answers } })), 'base.json'),
      parseContract(JSON.stringify(onEvent({ post: { responses: ok(json(ACK)) } })), 'revision.json'),
    ]);
    const diff = diffContracts(base, revision);
    const { consumersOf } = findImpact(diff, [
      { consumer: 'notifier', provider: 'events', uses: [{ operation: 'POST /subscriptions' }] },
      { consumer: 'bystander', provider: 'events', uses: [{ operation: 'GET /elsewhere' }] },
    ]);
    for (const id of ['api-callback-request-body-removed', 'api-callback-response-status-removed']) {
      const change = diff.changes.find((c) => c.id === id);
      expect(change?.operations).toEqual(['POST /subscriptions']);
      expect(consumersOf.get(change!)).toEqual(['notifier']);
    }
  });
});
