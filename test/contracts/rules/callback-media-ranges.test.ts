// A callback's media type ranges read with its sides flipped: the provider sends the request body (its receiver reads
// any type the range covers) and reads the answer. A payload range narrowed to a type it covered sends nothing new to
// the receiver; an answer range narrowed names what the provider no longer reads and what it still does.
import { describe } from 'vitest';
import { api, type Doc, ok, runRuleCases } from './harness.js';

const S = { type: 'string' };
const URL = '{$request.body#/callbackUrl}';
const typed = (types: string[], schema: Doc = S): Doc => Object.fromEntries(types.map((t) => [t, { schema }]));
/** `POST /subscriptions` whose callback sends its payload in `sent` and reads the answer in `read`. */
const subscribe = (sent: string[], read: string[] = ['application/json'], sentSchema: Doc = S): Doc =>
  api({
    '/subscriptions': {
      post: {
        callbacks: { onEvent: { [URL]: { post: { requestBody: { content: typed(sent, sentSchema) }, responses: ok(typed(read)) } } } },
        responses: { '201': { description: 'subscribed' } },
      },
    },
  });

describe('callback media type ranges', () => {
  runRuleCases([
    {
      name: 'payload application/* narrowed to application/json: the receiver already read JSON',
      base: subscribe(['application/*']),
      revision: subscribe(['application/json']),
      expect: [{ id: 'api-callback-request-body-media-type-removed', level: 'info', message: ['as application/* types other than application/json'] }],
    },
    {
      name: 'payload narrowed: the range schema is compared with the type it became, as what the receiver reads',
      base: subscribe(['application/*'], undefined, { type: 'string', maxLength: 3 }),
      revision: subscribe(['application/json']),
      expect: ['api-callback-request-body-media-type-removed', { id: 'response-body-max-length-unset', level: 'breaking' }],
    },
    {
      name: 'payload application/json widened to application/*: the provider may send other types',
      base: subscribe(['application/json']),
      revision: subscribe(['application/*']),
      expect: [{ id: 'api-callback-request-body-media-type-added', level: 'breaking' }],
    },
    {
      name: 'answer application/* narrowed to application/json: other answers are no longer read, JSON still is',
      base: subscribe(['application/json'], ['application/*']),
      revision: subscribe(['application/json'], ['application/json']),
      expect: [
        { id: 'api-callback-response-media-type-removed', level: 'breaking', message: ['in application/* types other than application/json'] },
        { id: 'api-callback-response-media-type-added', level: 'info' },
      ],
    },
    {
      name: 'answer application/json widened to application/*: JSON answers are still read',
      base: subscribe(['application/json'], ['application/json']),
      revision: subscribe(['application/json'], ['application/*']),
      expect: [{ id: 'api-callback-response-media-type-added', level: 'info' }],
    },
  ]);
});
