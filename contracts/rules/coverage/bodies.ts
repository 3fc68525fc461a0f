// Coverage of the MediaType, RequestBody and Response objects: which bodies a client may send and will read.
import { gap, judged } from './cells.js';
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
    cells: [gap('request', 'changed', 'how the parts of a multipart or form body are encoded is not compared')],
    reason: 'the specification applies it to request bodies only',
  },
  { keyword: 'example', versions: V3, reason: DOCS },
  { keyword: 'examples', versions: V3, reason: DOCS },
];

export const REQUEST_BODY_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'content',
    versions: V3,
    cells: [judged('request', 'added', 'request-body-media-type-added'), judged('request', 'removed', 'request-body-media-type-removed')],
    reason: 'a media type kept is compared as a MediaType',
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
    reason: 'a media type kept is compared as a MediaType',
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
