// Type changes of values sent as text (a `schema` parameter or response header, a form field): a free string admits
// every text an integer, number or boolean was written as, so integer -> string widens a request and narrows a response;
// anything that narrows the string, a `content` (JSON) parameter, a JSON body or a JSON part of a form or multipart
// body, and the reverse direction stay type changes.
import { describe } from 'vitest';
import { api, type Doc, in31, json, type RuleCase, requestBody, runRuleCases, withParameter } from './harness.js';

const P0 = '/paths/~1pets/get/parameters/0';
const TYPE_IDS = ['request-parameter-type-changed', 'request-parameter-type-generalized', 'request-parameter-property-type-changed'];
const TEXT = 'it is sent as text';
const DIGITS = 'a string of format int64 holds the digits of a 64-bit integer';
const I64 = { type: 'integer', format: 'int64' };
const S64 = { type: 'string', format: 'int64' };

/** A query (or other `in`) parameter `q` whose schema goes from `from` to `to`. */
function param(name: string, from: Doc, to: Doc, expect: RuleCase['expect'], where: Doc = { in: 'query' }): RuleCase {
  return {
    name,
    base: withParameter({ name: 'q', ...where, schema: from }),
    revision: withParameter({ name: 'q', ...where, schema: to }),
    expect,
    only: TYPE_IDS,
  };
}

const widened = (from: string, extra: string[] = []) => [
  {
    id: 'request-parameter-type-generalized',
    level: 'info' as const,
    pointer: `${P0}/schema`,
    message: ['parameter `q`', `from ${from} to string`, TEXT, ...extra],
  },
];
const changed = [{ id: 'request-parameter-type-changed', level: 'breaking' as const }];

describe('request parameters sent as text: scalar to string', () => {
  runRuleCases([
    param('query integer to string widens (info)', { type: 'integer' }, { type: 'string' }, widened('integer')),
    param('header integer to string widens (upstream x-bo/x-br)', { type: 'integer' }, { type: 'string' }, widened('integer'), { in: 'header' }),
    param('path integer to string widens', { type: 'integer' }, { type: 'string' }, widened('integer'), { in: 'path', required: true }),
    param('cookie number to string widens', { type: 'number' }, { type: 'string' }, widened('number'), { in: 'cookie' }),
    param('boolean to string widens', { type: 'boolean' }, { type: 'string' }, widened('boolean')),
    param('integer with bounds and format to a free string widens', { type: 'integer', format: 'int32', maximum: 9 }, { type: 'string' }, widened('integer')),
    param('minLength 1 refuses only the empty text: still widens', { type: 'integer' }, { type: 'string', minLength: 1 }, widened('integer')),
    param(
      'an array of integers to an array of strings widens its items',
      { type: 'array', items: { type: 'integer' } },
      { type: 'array', items: { type: 'string' } },
      [{ id: 'request-parameter-type-generalized', level: 'info', pointer: `${P0}/schema/items`, message: [TEXT] }],
    ),
  ]);
});

// The OpenAPI Format Registry defines int64 on strings as well as numbers: a string of its digits (JSON Schema 2020-12
// Validation 7.1 lets other types through a format; int32, float and double are numbers' alone).
describe('request parameters sent as text: int64 integers and strings of their digits', () => {
  runRuleCases([
    param('an int64 integer to a string of format int64: the same digits (info)', I64, S64, widened('integer', [DIGITS])),
    param('an int32 integer to a string of format int64: its digits fit (info)', { type: 'integer', format: 'int32' }, S64, widened('integer', [DIGITS])),
    param('a string of format int64 to an int64 integer: the same digits (info)', S64, I64, [
      { id: 'request-parameter-type-generalized', level: 'info', message: ['from string to integer', DIGITS] },
    ]),
    param('a path int64 to a string of its digits (info)', I64, S64, widened('integer', [DIGITS]), { in: 'path', required: true }),
    param('a string of format int64 to an int32 integer refuses the larger digits', S64, { type: 'integer', format: 'int32' }, changed),
    param('a string of format int64 to a bounded int64 integer refuses digits past the bound', S64, { ...I64, minimum: 1 }, changed),
    param('an integer to a string of format int64 with a pattern may refuse digits', I64, { ...S64, pattern: '^1' }, changed),
    param(
      'a format defined for numbers alone (int32, double) lets every string through: a free string',
      { type: 'integer' },
      { type: 'string', format: 'double' },
      [{ id: 'request-parameter-type-generalized', level: 'info', message: ['format double is defined for numbers alone'] }],
    ),
  ]);
});

describe('request parameters sent as text: what still breaks', () => {
  runRuleCases([
    param('string to integer narrows (breaking)', { type: 'string' }, { type: 'integer' }, changed),
    param('string to boolean narrows (breaking)', { type: 'string' }, { type: 'boolean' }, changed),
    param('a pattern on the new string may refuse digits', { type: 'integer' }, { type: 'string', pattern: '^[a-z]+$' }, changed),
    param('a format on the new string names other text', { type: 'integer' }, { type: 'string', format: 'date' }, changed),
    param('an enum on the new string lists its values', { type: 'integer' }, { type: 'string', enum: ['a'] }, changed),
    param('a maxLength on the new string refuses long numbers', { type: 'integer' }, { type: 'string', maxLength: 3 }, changed),
    param('a minLength over 1 refuses short numbers', { type: 'integer' }, { type: 'string', minLength: 2 }, changed),
    param('alternatives beside the new string are not read as free', { type: 'integer' }, { type: 'string', allOf: [{ pattern: '^a' }] }, changed),
    param('an object to a string is not a scalar written as text', { type: 'object' }, { type: 'string' }, changed),
    {
      name: 'a `content` parameter is JSON: 5 and "5" differ',
      base: withParameter({ name: 'q', in: 'query', content: json({ type: 'integer' }) }),
      revision: withParameter({ name: 'q', in: 'query', content: json({ type: 'string' }) }),
      expect: changed,
      only: TYPE_IDS,
    },
    {
      name: 'a JSON body property stays typed',
      base: requestBody({ type: 'object', properties: { n: { type: 'integer' } } }),
      revision: requestBody({ type: 'object', properties: { n: { type: 'string' } } }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: ['request-property-type-changed', 'request-property-type-generalized'],
    },
  ]);
});

const FORM_IDS = ['request-property-type-changed', 'request-property-type-generalized'];
/** A POST whose `media` body has a property `n` of schema `n`, with `encoding` beside it if given. */
function formBody(media: string, n: Doc, encoding?: Doc): Doc {
  const body = { schema: { type: 'object', properties: { n } }, ...(encoding ? { encoding } : {}) };
  return api({ '/pets': { post: { requestBody: { content: { [media]: body } }, responses: { '201': { description: 'made' } } } } });
}
const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
/** A POST whose `media` body has the fields `n` and `j`. */
function twoFields(media: string, n: Doc, j: Doc, encoding?: Doc): Doc {
  const body = { schema: { type: 'object', properties: { n, j } }, ...(encoding ? { encoding } : {}) };
  return api({ '/pets': { post: { requestBody: { content: { [media]: body } }, responses: { '201': { description: 'made' } } } } });
}

describe('form fields sent as text (application/x-www-form-urlencoded)', () => {
  runRuleCases([
    {
      name: 'a form field integer to a free string widens (info): it is written `n=5` either way',
      base: formBody(FORM, { type: 'integer' }),
      revision: formBody(FORM, { type: 'string' }),
      expect: [
        {
          id: 'request-property-type-generalized',
          level: 'info',
          pointer: '/paths/~1pets/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/n',
          message: ['request property `n`', 'from integer to string', TEXT],
        },
      ],
      only: FORM_IDS,
    },
    {
      name: 'a form field int64 to a string of its digits (info)',
      base: formBody(FORM, I64),
      revision: formBody(FORM, S64),
      expect: [{ id: 'request-property-type-generalized', level: 'info', message: [DIGITS] }],
      only: FORM_IDS,
    },
    {
      name: 'a form field string to integer still narrows (breaking)',
      base: formBody(FORM, { type: 'string' }),
      revision: formBody(FORM, { type: 'integer' }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: FORM_IDS,
    },
    {
      name: 'a form whose encoding gives a field a media type of its own (JSON) is not read as text: breaking',
      base: formBody(FORM, { type: 'integer' }, { n: { contentType: 'application/json' } }),
      revision: formBody(FORM, { type: 'string' }, { n: { contentType: 'application/json' } }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: FORM_IDS,
    },
    {
      // Each field on its own wire: one JSON field does not make the others JSON.
      name: 'a form field beside another sent as JSON is still text: integer to string widens (info)',
      base: twoFields(FORM, { type: 'integer' }, { type: 'integer' }, { j: { contentType: 'application/json' } }),
      revision: twoFields(FORM, { type: 'string' }, { type: 'string' }, { j: { contentType: 'application/json' } }),
      expect: [
        { id: 'request-property-type-generalized', level: 'info', message: ['request property `n`', TEXT] },
        { id: 'request-property-type-changed', level: 'breaking', message: ['request property `j`'] },
      ],
      only: FORM_IDS,
    },
  ]);
});

describe('multipart parts, each on its own wire', () => {
  runRuleCases([
    {
      // A primitive part's default media type is text/plain: the part's body is `5` whether the schema says 5 or "5".
      name: 'a primitive multipart part is text: integer to a free string widens (info)',
      base: formBody(MULTIPART, { type: 'integer' }),
      revision: formBody(MULTIPART, { type: 'string' }),
      expect: [
        {
          id: 'request-property-type-generalized',
          level: 'info',
          pointer: '/paths/~1pets/post/requestBody/content/multipart~1form-data/schema/properties/n',
          message: ['request property `n`', 'from integer to string', TEXT],
        },
      ],
      only: FORM_IDS,
    },
    {
      name: 'a multipart part of type string to integer still narrows (breaking)',
      base: formBody(MULTIPART, { type: 'string' }),
      revision: formBody(MULTIPART, { type: 'integer' }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: FORM_IDS,
    },
    {
      name: 'a primitive part sent as JSON (its encoding says so) stays typed: breaking',
      base: formBody(MULTIPART, { type: 'integer' }, { n: { contentType: 'application/json' } }),
      revision: formBody(MULTIPART, { type: 'string' }, { n: { contentType: 'application/json' } }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: FORM_IDS,
    },
    {
      // An object part's default is application/json: its members are JSON values, 5 and "5" apart.
      name: 'a member of an object part (JSON by default) stays typed, beside a text part that widens',
      base: twoFields(MULTIPART, { type: 'integer' }, { type: 'object', properties: { k: { type: 'integer' } } }),
      revision: twoFields(MULTIPART, { type: 'string' }, { type: 'object', properties: { k: { type: 'string' } } }),
      expect: [
        { id: 'request-property-type-generalized', level: 'info', message: ['request property `n`', TEXT] },
        { id: 'request-property-type-changed', level: 'breaking', message: ['request property `j.k`'] },
      ],
      only: FORM_IDS,
    },
    in31({
      // 3.1.0: a multipart/form-data part given a style is written as a form field, its media type (JSON) ignored.
      name: 'a 3.1 object part written in a style is text: its member integer to a free string widens (info)',
      base: formBody(MULTIPART, { type: 'object', properties: { k: { type: 'integer' } } }, { n: { style: 'deepObject' } }),
      revision: formBody(MULTIPART, { type: 'object', properties: { k: { type: 'string' } } }, { n: { style: 'deepObject' } }),
      expect: [{ id: 'request-property-type-generalized', level: 'info', message: ['request property `n.k`', TEXT] }],
      only: FORM_IDS,
    }),
    {
      name: 'a 3.0 object part with a style (ignored there) is JSON: its member stays typed',
      base: formBody(MULTIPART, { type: 'object', properties: { k: { type: 'integer' } } }, { n: { style: 'deepObject' } }),
      revision: formBody(MULTIPART, { type: 'object', properties: { k: { type: 'string' } } }, { n: { style: 'deepObject' } }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
      only: FORM_IDS,
    },
    {
      name: 'an array part of primitives is repeated text parts: its items widen (info)',
      base: formBody(MULTIPART, { type: 'array', items: { type: 'integer' } }),
      revision: formBody(MULTIPART, { type: 'array', items: { type: 'string' } }),
      expect: [{ id: 'request-property-type-generalized', level: 'info', message: ['request property `n[]`', TEXT] }],
      only: FORM_IDS,
    },
  ]);
});

const RESPONSE_IDS = ['response-property-type-changed', 'response-property-type-specialized', 'response-property-type-generalized'];
/** A GET whose 200 `media` response has the fields `n` and `j`. */
function twoFieldsReturned(media: string, n: Doc, j: Doc): Doc {
  return api({ '/pets': { get: { responses: { '200': { description: 'ok', content: { [media]: { schema: { type: 'object', properties: { n, j } } } } } } } } });
}

describe('multipart response parts, each on its own wire', () => {
  runRuleCases([
    {
      // A client read the text `5` of a text part before and reads it still; a member of a JSON part now holds a number.
      name: 'a text part string to integer narrows what a client reads (info); a JSON part member stays a type change',
      base: twoFieldsReturned('multipart/mixed', { type: 'string' }, { type: 'object', properties: { k: { type: 'string' } } }),
      revision: twoFieldsReturned('multipart/mixed', { type: 'integer' }, { type: 'object', properties: { k: { type: 'integer' } } }),
      expect: [
        { id: 'response-property-type-specialized', level: 'info', message: ['response property `n`', TEXT] },
        { id: 'response-property-type-changed', level: 'breaking', message: ['response property `j.k`'] },
      ],
      only: RESPONSE_IDS,
    },
    {
      name: 'a text part integer to string: a client that parsed a number may read any text (breaking)',
      base: twoFieldsReturned('multipart/mixed', { type: 'integer' }, { type: 'string' }),
      revision: twoFieldsReturned('multipart/mixed', { type: 'string' }, { type: 'string' }),
      expect: [{ id: 'response-property-type-changed', level: 'breaking', message: ['response property `n`'] }],
      only: RESPONSE_IDS,
    },
  ]);
});

const HEADER_IDS = ['response-header-type-changed', 'response-header-type-specialized', 'response-header-type-generalized'];
const withHeader = (header: Doc) => api({ '/pets': { get: { responses: { '200': { description: 'ok', headers: { 'X-Count': header } } } } } });
function header(name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase {
  return { name, base: withHeader({ schema: from }), revision: withHeader({ schema: to }), expect, only: HEADER_IDS };
}

describe('response headers sent as text', () => {
  runRuleCases([
    header('string to integer narrows what a client reads (info)', { type: 'string' }, { type: 'integer' }, [
      { id: 'response-header-type-specialized', level: 'info', message: ['from string to integer', TEXT] },
    ]),
    header('integer to string: a client that parsed a number may read any text (breaking, upstream x-b)', { type: 'integer' }, { type: 'string' }, [
      { id: 'response-header-type-changed', level: 'breaking' },
    ]),
    header(
      'a string whose values were listed to an integer: a client may read a value it did not expect',
      { type: 'string', enum: ['a', 'b'] },
      { type: 'integer' },
      [{ id: 'response-header-type-changed', level: 'breaking' }],
    ),
    header('an int64 integer to a string of format int64: a client reads the same digits (info)', I64, S64, [
      { id: 'response-header-type-specialized', level: 'info', message: ['from integer to string', DIGITS] },
    ]),
    header('a string of format int64 to an int64 integer: the same digits (info)', S64, I64, [
      { id: 'response-header-type-specialized', level: 'info', message: ['from string to integer', DIGITS] },
    ]),
    header('an int32 integer to a string of format int64: a client may read digits past 32 bits (breaking)', { type: 'integer', format: 'int32' }, S64, [
      { id: 'response-header-type-changed', level: 'breaking' },
    ]),
    {
      name: 'a `content` header is JSON: string to integer changes the type',
      base: api({ '/pets': { get: { responses: { '200': { description: 'ok', headers: { 'X-Count': { content: json({ type: 'string' }) } } } } } } }),
      revision: api({ '/pets': { get: { responses: { '200': { description: 'ok', headers: { 'X-Count': { content: json({ type: 'integer' }) } } } } } } }),
      expect: [{ id: 'response-header-type-changed', level: 'breaking' }],
      only: HEADER_IDS,
    },
  ]);
});
