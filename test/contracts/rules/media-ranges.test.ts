// A request body keyed by a media type range (`application/*`, `*/*`) accepts every type the range covers (OpenAPI 3.0
// and 3.1, Request Body Object `content`: "a media type or media type range"; the most specific key applies). A type
// replaced by a range that covers it is still accepted, and what is sent is compared with the range's schema.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

const str = { type: 'string' };
const body = (content: Doc): Doc => api({ '/pets': { post: { requestBody: { content }, responses: ok() } } });
const pet = (name: Doc = str) => ({ schema: { type: 'object', properties: { name } } });

describe('request body media type ranges', () => {
  const cases: RuleCase[] = [
    {
      name: 'application/json replaced by application/*: JSON is still accepted',
      base: body({ 'application/json': pet() }),
      revision: body({ 'application/*': pet() }),
      expect: [{ id: 'request-body-media-type-added', level: 'info' }],
    },
    {
      name: 'application/json replaced by */*: JSON is still accepted',
      base: body({ 'application/json': pet() }),
      revision: body({ '*/*': pet() }),
      expect: [{ id: 'request-body-media-type-added', level: 'info' }],
    },
    {
      name: 'the range schema is what JSON is now checked against: a bound added there is reported',
      base: body({ 'application/json': pet() }),
      revision: body({ 'application/*': pet({ ...str, maxLength: 3 }) }),
      expect: [
        { id: 'request-body-media-type-added', level: 'info' },
        { id: 'request-property-max-length-set', level: 'breaking' },
      ],
    },
    {
      name: 'the most specific range applies: text/* does not cover JSON, */* beside it does',
      base: body({ 'application/json': pet() }),
      revision: body({ 'text/*': pet(), '*/*': pet({ ...str, maxLength: 3 }) }),
      expect: ['request-body-media-type-added', 'request-body-media-type-added', { id: 'request-property-max-length-set', level: 'breaking' }],
    },
    {
      name: 'application/* widened to */*: every type still accepted',
      base: body({ 'application/*': pet() }),
      revision: body({ '*/*': pet() }),
      expect: [{ id: 'request-body-media-type-added', level: 'info' }],
    },
    {
      name: 'a range replaced by one type it covered: the other types are refused',
      base: body({ 'application/*': pet() }),
      revision: body({ 'application/json': pet() }),
      expect: [{ id: 'request-body-media-type-removed', level: 'breaking' }, 'request-body-media-type-added'],
    },
    {
      name: 'a range that does not cover the type: removed as before',
      base: body({ 'application/json': pet() }),
      revision: body({ 'text/*': pet() }),
      expect: [{ id: 'request-body-media-type-removed', level: 'breaking' }, 'request-body-media-type-added'],
    },
  ];
  runRuleCases(cases);
});
