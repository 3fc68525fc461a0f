// A media type range narrowed to types it covered (`application/*` -> `application/json`) still takes, or still
// returns, those types: the finding names what is no longer accepted and carries what still is, so the gate refuses
// only a consumer whose media type fell out of the range (a JSON sender against `application/*` -> JSON is not one).
import { describe, expect, it } from 'vitest';
import { decideDeploy, parseContract } from '../../../contracts/index.js';
import type { OperationUsage } from '../../../contracts/model.js';
import { api, type Doc, ok, runRuleCases } from './harness.js';

const pet = { schema: { type: 'object', properties: { name: { type: 'string' } } } };
const media = (...types: string[]): Doc => Object.fromEntries(types.map((t) => [t, pet]));
const body = (...types: string[]): Doc => api({ '/pets': { post: { requestBody: { content: media(...types) }, responses: ok() } } });
const answer = (...types: string[]): Doc => api({ '/pets': { get: { responses: ok(media(...types)) } } });

describe('a media type range narrowed: findings', () => {
  runRuleCases([
    {
      name: 'request application/* narrowed to application/json: what is no longer accepted is named',
      base: body('application/*'),
      revision: body('application/json'),
      expect: [
        { id: 'request-body-media-type-removed', level: 'breaking', message: ['no longer accepts application/* types other than application/json'] },
        'request-body-media-type-added',
      ],
    },
    {
      name: 'request */* narrowed to two types',
      base: body('*/*'),
      revision: body('application/json', 'text/plain'),
      expect: [
        { id: 'request-body-media-type-removed', message: ['no longer accepts */* types other than application/json, text/plain'] },
        'request-body-media-type-added',
        'request-body-media-type-added',
      ],
    },
    {
      name: 'request range narrowed: the range schema is compared with the type it became',
      base: body('application/*'),
      revision: api({
        '/pets': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } } } } },
            responses: ok(),
          },
        },
      }),
      expect: ['request-body-media-type-removed', 'request-body-media-type-added', { id: 'request-property-max-length-set', level: 'breaking' }],
    },
    {
      name: 'response application/* narrowed to application/json: only what is no longer returned is named',
      base: answer('application/*'),
      revision: answer('application/json'),
      expect: [
        { id: 'response-media-type-removed', level: 'breaking', message: ['no longer returns application/* types other than application/json'] },
        'response-media-type-added',
      ],
    },
    {
      name: 'response application/json widened to application/*: JSON may still be returned, as the range describes it',
      base: answer('application/json'),
      revision: answer('application/*'),
      expect: [{ id: 'response-media-type-added', level: 'info' }],
    },
  ]);
});

const load = (version: string, doc: Doc) => parseContract(JSON.stringify({ ...doc, info: { title: 'pets', version } }), `pets-${version}.json`);

/** The gate's error codes for pets 2 against one consumer whose use of the operation is `usage`. */
async function refusals(before: Doc, after: Doc, usage: OperationUsage): Promise<string[]> {
  const [v1, v2] = [await load('1', before), await load('2', after)];
  const verdict = decideDeploy({
    service: 'pets',
    version: '2',
    environment: 'production',
    candidate: { service: 'pets', version: '2', contract: v2, declarations: [] },
    deployed: [
      { service: 'pets', version: '1', contract: v1, declarations: [] },
      { service: 'web', version: '1', declarations: [{ consumer: 'web', provider: 'pets', uses: [usage] }] },
    ],
  });
  return verdict.reasons.filter((r) => r.severity === 'error').map((r) => r.code);
}

describe('a media type range narrowed: the gate', () => {
  const sends = (...requestMediaTypes: string[]): OperationUsage => ({ operation: 'POST /pets', request: ['name'], requestMediaTypes });
  const reads = (...responseMediaTypes: string[]): OperationUsage => ({ operation: 'GET /pets', response: ['name'], responseMediaTypes });

  it('does not refuse a consumer that sends a type the narrowed range still takes', async () => {
    expect(await refusals(body('application/*'), body('application/json'), sends('application/json'))).toEqual([]);
    expect(await refusals(body('*/*'), body('application/json'), sends('application/json; charset=utf-8'))).toEqual([]);
  });

  it('refuses one whose type fell out of the range, or whose type is not known', async () => {
    expect(await refusals(body('application/*'), body('application/json'), sends('application/xml'))).toContain('breaks-consumer');
    expect(await refusals(body('application/*'), body('application/json'), sends('application/json', 'application/xml'))).toContain('breaks-consumer');
    expect(await refusals(body('application/*'), body('application/json'), sends('*/*'))).toContain('breaks-consumer');
  });

  it('does not refuse a reader of a type the narrowed response range still returns, and refuses one of another', async () => {
    expect(await refusals(answer('application/*'), answer('application/json'), reads('application/json'))).toEqual([]);
    expect(await refusals(answer('application/*'), answer('application/json'), reads('application/xml'))).toContain('breaks-consumer');
  });
});
