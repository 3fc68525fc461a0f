// Coverage of the MediaType, RequestBody and Response objects: which bodies a client may send and will read.
import { judged } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage, V3 } from './types.js';

const DOCS = 'documentation for people and tools; never part of what is sent or returned';
const SCHEMA = 'a schema kept is compared keyword by keyword (see Schema)';

export const MEDIA_TYPE_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'schema',
    versions: V3,
    cells: [
      judged('request', 'added', 'request-body-media-type-schema-added'),
      judged('request', 'removed', 'request-body-media-type-schema-removed'),
      judged('response', 'added', 'response-body-media-type-schema-added'),
      judged('response', 'removed', 'response-body-media-type-schema-removed'),
    ],
    reason: SCHEMA,
  },
  {
    keyword: 'encoding',
    versions: V3,
    cells: [
      judged(
        'request',
        'changed',
        'request-body-part-content-type-removed',
        'request-body-part-content-type-added',
        'request-body-part-style-changed',
        'request-body-part-explode-changed',
        'request-body-part-allow-reserved-removed',
        'request-body-part-allow-reserved-added',
        'request-body-part-required-header-added',
        'request-body-part-header-became-required',
      ),
      judged('response', 'changed', 'response-body-part-content-type-added', 'response-body-part-content-type-removed'),
    ],
    reason:
      "OpenAPI 3.0 and 3.1 define it for request bodies only (3.2 extends it to responses); on a multipart response a provider that writes it says what its readers are sent, so there a part's media types are compared: one it may now come in is a warning (a reader may not parse it, and no specification of the document's version promised the keyword), fewer are info, and its other fields are not read; on a request, a part's media types are compared with the default its schema implies when one side names none; a multipart part's `headers` are what a client sends with the part: one it must now carry (added as required, or made required) is judged, names read without regard to case and Content-Type ignored (the specification says so); a header dropped or made optional asks nothing of a client; a header kept has its schema compared as a request header parameter's, its value text as there (integer become a free string widens it), with the `request-parameter-*` schema ids, reported on the part, so every consumer sending a body in that media type is judged by them; each field is compared on its own wire: a form (urlencoded) field as text unless its entry names a `contentType` other than text/plain, a multipart part as text where both versions send it as text/plain (a primitive's default) and as JSON otherwise (an object's default), so a primitive part's integer become a free string widens a request (info) while a member of a JSON part stays a type change; OpenAPI 3.1.0 gives a multipart/form-data part `style`, `explode` and `allowReserved` as a form field has them and then ignores its `contentType`: between two 3.1 documents such a part's style and explode are judged as a form field's (`request-body-part-style-changed`, `-explode-changed`), it is compared as text, and a `contentType` changed beside a style written on both sides is no finding (3.0.3 ignores them on every multipart body, and so do we there)",
  },
  { keyword: 'example', versions: V3, reason: DOCS },
  { keyword: 'examples', versions: V3, reason: DOCS },
];

export const REQUEST_BODY_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'content',
    versions: V3,
    cells: [judged('request', 'added', 'request-body-media-type-added'), judged('request', 'removed', 'request-body-media-type-removed')],
    reason:
      'a media type kept is compared as a MediaType; one dropped where a range covers it (`application/*`, `*/*`; the most specific key applies) is still accepted, and compared with that range as a MediaType; a range narrowed to types it covered is the removal of the others only (a consumer sending a kept type is not blocked), and the range is compared with each type it became',
  },
  {
    keyword: 'required',
    versions: V3,
    cells: [judged('request', 'added', 'request-body-became-required'), judged('request', 'removed', 'request-body-became-optional')],
  },
  { keyword: 'description', versions: V3, reason: DOCS },
];

export const RESPONSE_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'content',
    versions: V3,
    cells: [judged('response', 'added', 'response-media-type-added'), judged('response', 'removed', 'response-media-type-removed')],
    reason:
      'a media type kept is compared as a MediaType, as is one a revision range now covers (the most specific key applies); a range narrowed to types it covered is the removal of the others only (a consumer reading a kept type is not blocked)',
  },
  {
    keyword: 'schema',
    versions: ['2.0'],
    cells: [judged('response', 'added', 'response-body-media-type-schema-added'), judged('response', 'removed', 'response-body-media-type-schema-removed')],
    reason: SCHEMA,
  },
  {
    keyword: 'headers',
    versions: ALL_VERSIONS,
    cells: [
      judged('response', 'added', 'response-header-added'),
      judged('response', 'removed', 'required-response-header-removed', 'optional-response-header-removed'),
    ],
    reason: 'a header kept is compared as a Header',
  },
  { keyword: 'links', versions: V3, reason: 'describes follow-up calls for tools; nothing in the response changes' },
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'examples', versions: ['2.0'], reason: DOCS },
];
