// How a parameter or response header is written: `content` replacing `schema` (or the reverse), its media type
// changed, a header's explode for an object, a 2.0 header's collectionFormat. A client keeps writing (or parsing) the
// old way, so each breaks; text/plain for one primitive is what the default style writes, so it is no change.
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { parseContract } from '../../../contracts/load/load.js';
import { api, type Doc, type RuleCase, runRuleCases, withParameter } from './harness.js';

const OBJECT = { type: 'object', properties: { a: { type: 'string' } } };
const STRING = { type: 'string' };
const inContent = (media: string, schema: Doc = OBJECT) => ({ content: { [media]: { schema } } });
const param = (shape: Doc): Doc => withParameter({ name: 'filter', in: 'query', ...shape });
const withHeader = (header: Doc): Doc => api({ '/pets': { get: { responses: { '200': { description: 'ok', headers: { 'X-Rate': header } } } } } });

describe('parameter content', () => {
  const cases: RuleCase[] = [
    {
      name: 'schema replaced by JSON content: the value is now sent as JSON',
      base: param({ schema: OBJECT }),
      revision: param(inContent('application/json')),
      expect: [
        {
          id: 'request-parameter-content-added',
          level: 'breaking',
          pointer: '/paths/~1pets/get/parameters/0',
          message: ['now written as application/json instead of by its style'],
        },
      ],
    },
    {
      name: 'JSON content replaced by a schema: the value is now written by its style',
      base: param(inContent('application/json')),
      revision: param({ schema: OBJECT }),
      expect: [{ id: 'request-parameter-content-removed', level: 'breaking', message: ['now written by its style instead of as application/json'] }],
    },
    {
      name: 'the media type of its content changed',
      base: param(inContent('application/json')),
      revision: param(inContent('application/xml')),
      expect: [
        { id: 'request-parameter-content-media-type-changed', level: 'breaking', message: ['now written as application/xml instead of application/json'] },
      ],
    },
    {
      name: 'a charset added to the same media type: no change',
      base: param(inContent('application/json')),
      revision: param(inContent('application/json; charset=utf-8')),
      expect: 'none',
    },
    {
      name: 'one string as text/plain is what the form style writes: no change',
      base: param({ schema: STRING }),
      revision: param(inContent('text/plain', STRING)),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('response header serialization', () => {
  const cases: RuleCase[] = [
    {
      name: "an object header's explode turned on: `R,100` is now `R=100`",
      base: withHeader({ schema: OBJECT }),
      revision: withHeader({ schema: OBJECT, explode: true }),
      expect: [
        {
          id: 'response-header-explode-changed',
          level: 'breaking',
          pointer: '/paths/~1pets/get/responses/200/headers/X-Rate',
          message: ['explode changed from false to true'],
        },
      ],
    },
    {
      name: "an object header's explode turned off breaks readers as well",
      base: withHeader({ schema: OBJECT, explode: true }),
      revision: withHeader({ schema: OBJECT }),
      expect: ['response-header-explode-changed'],
    },
    {
      name: 'an array header reads `a,b` exploded or not: no change',
      base: withHeader({ schema: { type: 'array', items: STRING } }),
      revision: withHeader({ schema: { type: 'array', items: STRING }, explode: true }),
      expect: 'none',
    },
    {
      name: 'a header now written as JSON content',
      base: withHeader({ schema: OBJECT }),
      revision: withHeader(inContent('application/json')),
      expect: [
        {
          id: 'response-header-content-added',
          level: 'breaking',
          message: ['response 200 header `X-Rate`: now written as application/json instead of in the simple style'],
        },
      ],
    },
    {
      name: 'a header no longer written as JSON content',
      base: withHeader(inContent('application/json')),
      revision: withHeader({ schema: OBJECT }),
      expect: ['response-header-content-removed'],
    },
    {
      name: "a header content's media type changed",
      base: withHeader(inContent('application/json')),
      revision: withHeader(inContent('text/csv')),
      expect: ['response-header-content-media-type-changed'],
    },
    {
      name: 'a header as text/plain of one string: no change',
      base: withHeader(inContent('text/plain', STRING)),
      revision: withHeader({ schema: STRING }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);

  const swagger = (collectionFormat?: string) =>
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'pets', version: '1' },
      paths: {
        '/pets': {
          get: {
            produces: ['application/json'],
            responses: {
              '200': {
                description: 'ok',
                headers: { 'X-Tags': { type: 'array', items: { type: 'string' }, ...(collectionFormat ? { collectionFormat } : {}) } },
              },
            },
          },
        },
      },
    });
  const HEADER = '/paths/~1pets/get/responses/200/headers/X-Tags';
  const diff = async (b?: string, r?: string) => {
    const [base, revision] = await Promise.all([parseContract(swagger(b), 'base.json'), parseContract(swagger(r), 'revision.json')]);
    return diffContracts(base, revision).changes.map((c) => [c.id, c.level, c.location, c.message]);
  };

  it('2.0: an array header split by spaces instead of commas breaks readers', async () => {
    expect(await diff('csv', 'ssv')).toEqual([
      ['response-header-collection-format-changed', 'breaking', HEADER, 'response 200 header `X-Tags`: collectionFormat changed from csv to ssv'],
    ]);
    expect(await diff('pipes', undefined)).toEqual([
      ['response-header-collection-format-changed', 'breaking', HEADER, 'response 200 header `X-Tags`: collectionFormat changed from pipes to csv'],
    ]);
  });

  it('2.0: csv written out is the default: no change', async () => {
    expect(await diff(undefined, 'csv')).toEqual([]);
  });
});
