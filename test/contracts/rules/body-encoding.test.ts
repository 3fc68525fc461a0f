// The encoding of a multipart or form request body: a part no longer accepted in a media type, or a form field written
// another way (style, explode, allowReserved), breaks clients that send it the old way; accepting more is info.
import { describe } from 'vitest';
import { api, type Doc, in31, ok, type RuleCase, runRuleCases } from './harness.js';

const UPLOAD = { type: 'object', properties: { file: { type: 'string', format: 'binary' }, tags: { type: 'array', items: { type: 'string' } } } };
const body = (media: string, encoding?: Doc): Doc =>
  api({ '/pets': { post: { requestBody: { content: { [media]: { schema: UPLOAD, ...(encoding ? { encoding } : {}) } } }, responses: ok() } } });
const multipart = (encoding?: Doc) => body('multipart/form-data', encoding);
const form = (encoding?: Doc) => body('application/x-www-form-urlencoded', encoding);
// At the part's own encoding entry, which the revision writes.
const POINTER = '/paths/~1pets/post/requestBody/content/multipart~1form-data/encoding/file';

describe('request body encoding', () => {
  const cases: RuleCase[] = [
    {
      name: 'a part limited from any image to PNG: clients sending JPEG are refused',
      base: multipart({ file: { contentType: 'image/png, image/jpeg' } }),
      revision: multipart({ file: { contentType: 'image/png' } }),
      expect: [
        { id: 'request-body-part-content-type-removed', level: 'breaking', pointer: POINTER, message: ['part `file`: no longer accepted as image/jpeg'] },
      ],
    },
    {
      name: 'a binary part given a type where it had the default (application/octet-stream): a narrowing',
      base: multipart(),
      revision: multipart({ file: { contentType: 'image/png' } }),
      expect: [
        { id: 'request-body-part-content-type-removed', message: ['no longer accepted as application/octet-stream (now image/png)'] },
        { id: 'request-body-part-content-type-added', message: ['now also accepted as image/png'] },
      ],
    },
    {
      name: 'a part accepting one more type: info',
      base: multipart({ file: { contentType: 'image/png' } }),
      revision: multipart({ file: { contentType: 'image/png, image/jpeg' } }),
      expect: [{ id: 'request-body-part-content-type-added', level: 'info', message: ['now also accepted as image/jpeg'] }],
    },
    {
      name: 'a wildcard that covers the old type: only more is accepted',
      base: multipart({ file: { contentType: 'image/png' } }),
      revision: multipart({ file: { contentType: 'image/*' } }),
      expect: ['request-body-part-content-type-added'],
    },
    {
      name: 'the default written out: no change',
      base: multipart(),
      revision: multipart({ file: { contentType: 'application/octet-stream' } }),
      expect: 'none',
    },
    {
      name: 'a form field written space-delimited instead of form: read another way',
      base: form(),
      revision: form({ tags: { style: 'spaceDelimited' } }),
      expect: [{ id: 'request-body-part-style-changed', level: 'breaking', message: ['part `tags`: style changed from form to spaceDelimited'] }],
    },
    {
      name: 'an array field no longer exploded: `tags=a,b` instead of `tags=a&tags=b`',
      base: form(),
      revision: form({ tags: { explode: false } }),
      expect: ['request-body-part-explode-changed'],
    },
    { name: 'explode written out as its default: no change', base: form(), revision: form({ tags: { explode: true, style: 'form' } }), expect: 'none' },
    {
      name: 'a field removed with its encoding: the property rules report it, not a style change',
      base: form({ tags: { style: 'deepObject' } }),
      revision: api({
        '/pets': {
          post: {
            requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { file: UPLOAD.properties.file } } } } },
            responses: ok(),
          },
        },
      }),
      only: ['request-body-part-style-changed', 'request-body-part-explode-changed'],
      expect: 'none',
    },
    {
      name: 'a plain string field given deepObject: `name=value` either way, no change',
      base: form(),
      revision: form({ file: { style: 'deepObject', explode: true } }),
      only: ['request-body-part-style-changed', 'request-body-part-explode-changed'],
      expect: 'none',
    },
    {
      name: 'allowReserved dropped: reserved characters sent as they are are read another way',
      base: form({ tags: { allowReserved: true } }),
      revision: form(),
      expect: [{ id: 'request-body-part-allow-reserved-removed', level: 'breaking' }],
    },
    {
      name: 'allowReserved introduced: info',
      base: form(),
      revision: form({ tags: { allowReserved: true } }),
      expect: [{ id: 'request-body-part-allow-reserved-added', level: 'info' }],
    },
    {
      name: 'a multipart part that must now carry a header: a client sending the part without it is refused',
      base: multipart({ file: { contentType: 'image/png' } }),
      revision: multipart({ file: { contentType: 'image/png', headers: { 'X-Checksum': { required: true, schema: { type: 'string' } } } } }),
      expect: [
        {
          id: 'request-body-part-required-header-added',
          level: 'breaking',
          pointer: `${POINTER}/headers/X-Checksum`,
          message: ['part `file`: must now be sent with header X-Checksum'],
        },
      ],
    },
    {
      name: 'a part header made required (named in another case, through a $ref): breaking',
      base: multipart({ file: { headers: { 'x-checksum': { schema: { type: 'string' } } } } }),
      revision: multipart({ file: { headers: { 'X-Checksum': { $ref: '#/components/headers/Checksum' } } } }),
      expect: [{ id: 'request-body-part-header-became-required', level: 'breaking', message: ['header X-Checksum is now required'] }],
    },
    {
      name: 'a part header dropped, made optional or added optional, and Content-Type (described by contentType): nothing asked of a client',
      base: multipart({ file: { headers: { 'X-Checksum': { required: true, schema: { type: 'string' } }, 'X-Tag': { required: true } } } }),
      revision: multipart({ file: { headers: { 'X-Tag': { required: false }, 'X-Note': {}, 'Content-Type': { required: true } } } }),
      expect: 'none',
    },
    {
      // The client writes the header's value as before: a schema that now refuses it refuses the part.
      name: "a part header's schema narrowed (string to integer, a value dropped from its enum): breaking, on the part",
      base: multipart({ file: { headers: { 'X-Kind': { schema: { type: 'string' } }, 'X-Mode': { schema: { type: 'string', enum: ['fast', 'slow'] } } } } }),
      revision: multipart({ file: { headers: { 'x-kind': { schema: { type: 'integer' } }, 'X-Mode': { schema: { type: 'string', enum: ['fast'] } } } } }),
      expect: [
        {
          id: 'request-parameter-type-changed',
          level: 'breaking',
          operation: 'POST /pets',
          pointer: `${POINTER}/headers/x-kind/schema`,
          message: ['request body (multipart/form-data) part `file`: type of header `x-kind` changed from string to integer'],
        },
        {
          id: 'request-parameter-enum-value-removed',
          level: 'breaking',
          pointer: `${POINTER}/headers/X-Mode/schema/enum`,
          message: ['part `file`: enum value "slow" was removed from header `X-Mode`'],
        },
      ],
    },
    {
      name: "a part header's schema widened (a value added to its enum, a longer maximum length): info only",
      base: multipart({ file: { headers: { 'X-Mode': { schema: { type: 'string', enum: ['fast'], maxLength: 4 } } } } }),
      revision: multipart({ file: { headers: { 'X-Mode': { schema: { type: 'string', enum: ['fast', 'slow'], maxLength: 8 } } } } }),
      only: ['request-parameter-enum-value-added', 'request-parameter-max-length-increased'],
      expect: [
        { id: 'request-parameter-enum-value-added', level: 'info', message: ['part `file`: enum value "slow" was added to header `X-Mode`'] },
        { id: 'request-parameter-max-length-increased', level: 'info' },
      ],
    },
    {
      // Written as text in the simple style, as a header parameter is: the integer 5 and the string "5" are the same `5`.
      name: "a part header's integer made a free string, or a string of int64 digits: every value a client wrote is still valid, info",
      base: multipart({ file: { headers: { 'X-Size': { schema: { type: 'integer' } }, 'X-Id': { schema: { type: 'integer', format: 'int64' } } } } }),
      revision: multipart({ file: { headers: { 'X-Size': { schema: { type: 'string' } }, 'X-Id': { schema: { type: 'string', format: 'int64' } } } } }),
      expect: [
        {
          id: 'request-parameter-type-generalized',
          level: 'info',
          pointer: `${POINTER}/headers/X-Size/schema`,
          message: ['part `file`: type of header `X-Size` changed from integer to string: it is sent as text, and a string with no pattern'],
        },
        {
          id: 'request-parameter-type-generalized',
          level: 'info',
          pointer: `${POINTER}/headers/X-Id/schema`,
          message: ['part `file`: type of header `X-Id` changed from integer to string: it is sent as text, and a string of format int64 holds the digits'],
        },
      ],
    },
    {
      name: "a part header's integer made a string that must be a uuid: the digits a client wrote are refused, breaking",
      base: multipart({ file: { headers: { 'X-Id': { schema: { type: 'integer' } } } } }),
      revision: multipart({ file: { headers: { 'X-Id': { schema: { type: 'string', format: 'uuid' } } } } }),
      expect: [{ id: 'request-parameter-type-changed', level: 'breaking', message: ['part `file`: type of header `X-Id` changed from integer to string'] }],
    },
  ];
  for (const c of cases) for (const doc of [c.base, c.revision]) doc.components = { headers: { Checksum: { required: true, schema: { type: 'string' } } } };
  runRuleCases(cases);
});

// OpenAPI 3.1.0 gives a multipart/form-data part `style`, `explode` and `allowReserved` as a form field has them (and then
// ignores its `contentType`); 3.0.3 ignores them on any multipart body.
describe('multipart/form-data parts written as form fields (3.1)', () => {
  const STYLE_IDS = [
    'request-body-part-style-changed',
    'request-body-part-explode-changed',
    'request-body-part-content-type-removed',
    'request-body-part-content-type-added',
  ];
  const TAGS = '/paths/~1pets/post/requestBody/content/multipart~1form-data/encoding/tags';
  runRuleCases([
    in31({
      name: 'an array part written space-delimited instead of form: read another way (breaking)',
      base: multipart({ tags: { style: 'form' } }),
      revision: multipart({ tags: { style: 'spaceDelimited' } }),
      expect: [
        { id: 'request-body-part-style-changed', level: 'breaking', pointer: TAGS, message: ['part `tags`: style changed from form to spaceDelimited'] },
      ],
      only: STYLE_IDS,
    }),
    in31({
      name: 'an array part no longer exploded (breaking)',
      base: multipart({ tags: { style: 'form' } }),
      revision: multipart({ tags: { style: 'form', explode: false } }),
      expect: [{ id: 'request-body-part-explode-changed', level: 'breaking', message: ['explode changed from true to false'] }],
      only: STYLE_IDS,
    }),
    in31({
      name: 'a part with a style on both sides: its contentType is ignored, so changing it is no finding',
      base: multipart({ tags: { style: 'form', contentType: 'text/plain' } }),
      revision: multipart({ tags: { style: 'form', contentType: 'application/json' } }),
      expect: 'none',
      only: STYLE_IDS,
    }),
    {
      name: 'in 3.0 a multipart part has no style: changing it is no finding',
      base: multipart({ tags: { style: 'form' } }),
      revision: multipart({ tags: { style: 'spaceDelimited' } }),
      expect: 'none',
      only: STYLE_IDS,
    },
  ]);
});

// A multipart response's `encoding`: 3.0 and 3.1 define it for requests only, but where a provider writes it, it says
// what its readers are sent. A part that may come in a new type is a warning; fewer types are info.
describe('response body encoding (multipart)', () => {
  const returned = (encoding?: Doc): Doc =>
    api({
      '/pets': { get: { responses: { '200': { description: 'ok', content: { 'multipart/mixed': { schema: UPLOAD, ...(encoding ? { encoding } : {}) } } } } } },
    });
  const AT = '/paths/~1pets/get/responses/200/content/multipart~1mixed/encoding/file';
  runRuleCases([
    {
      name: 'a part that may now come as JPEG as well as PNG: a reader of PNG may meet JPEG (warning)',
      base: returned({ file: { contentType: 'image/png' } }),
      revision: returned({ file: { contentType: 'image/png, image/jpeg' } }),
      expect: [
        {
          id: 'response-body-part-content-type-added',
          level: 'warning',
          operation: 'GET /pets',
          pointer: AT,
          message: ['response 200 (multipart/mixed) part `file` may now come as image/jpeg (was image/png)'],
        },
      ],
    },
    {
      name: 'a part widened from PNG to any image: a warning',
      base: returned({ file: { contentType: 'image/png' } }),
      revision: returned({ file: { contentType: 'image/*' } }),
      expect: [{ id: 'response-body-part-content-type-added', level: 'warning', message: ['may now come as image/*'] }],
    },
    {
      name: 'a part narrowed from any image to PNG: readers meet fewer types (info)',
      base: returned({ file: { contentType: 'image/*' } }),
      revision: returned({ file: { contentType: 'image/png' } }),
      expect: [{ id: 'response-body-part-content-type-removed', level: 'info', message: ['no longer comes as image/*'] }],
    },
    { name: 'the default written out: no change', base: returned(), revision: returned({ file: { contentType: 'application/octet-stream' } }), expect: 'none' },
  ]);
});
