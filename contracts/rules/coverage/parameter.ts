// Coverage of the Parameter and Header objects: what a client sends beside the body, and what it reads beside it.
import { judged } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage, V3 } from './types.js';

const DOCS = 'documentation for people and tools; never part of what is sent or returned';
const SCHEMA = "compared keyword by keyword as a schema at the parameter's or header's place (see Schema)";
const INLINE = '2.0 writes the schema inline; it is read as the schema of the same keyword (see Schema)';
/** 2.0's inline schema keywords of parameters, headers and their items. */
const SWAGGER_INLINE = [
  'type',
  'format',
  'items',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
];

const QUERY_ONLY =
  'judged on query parameters only: the specification gives it no meaning on a header, path or cookie parameter, where writing or dropping it changes nothing';

const inline = (): KeywordCoverage[] => SWAGGER_INLINE.map((keyword) => ({ keyword, versions: ['2.0'], reason: INLINE }));
const CONTENT = `${SCHEMA}; \`text/plain\` for one primitive value is written as the default style writes it, so a switch between the two is no change`;

export const PARAMETER_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'name',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'changed', 'request-parameter-removed', 'new-required-request-parameter', 'new-optional-request-parameter')],
    reason:
      "a path parameter's name is not part of the URL: renaming it changes nothing; in 3.0 and 3.1 a header parameter named Accept, Content-Type or Authorization is ignored, as the specification says (media types and security schemes describe them): nothing about it is judged, while in 2.0 it is an ordinary header",
  },
  { keyword: 'in', versions: ALL_VERSIONS, cells: [judged('request', 'changed', 'request-parameter-in-changed')] },
  {
    keyword: 'required',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'added', 'request-parameter-became-required'), judged('request', 'removed', 'request-parameter-became-optional')],
  },
  {
    keyword: 'deprecated',
    versions: V3,
    cells: [judged('request', 'added', 'request-parameter-deprecated'), judged('request', 'removed', 'request-parameter-reactivated')],
  },
  {
    keyword: 'allowEmptyValue',
    versions: ALL_VERSIONS,
    cells: [
      judged('request', 'added', 'request-parameter-allow-empty-value-added', 'request-body-part-allow-empty-value-added'),
      judged('request', 'removed', 'request-parameter-allow-empty-value-removed', 'request-body-part-allow-empty-value-removed'),
    ],
    reason: `${QUERY_ONLY}; a 2.0 formData field's is judged as the request body part's (\`request-body-part-allow-empty-value-*\`)`,
  },
  { keyword: 'style', versions: V3, cells: [judged('request', 'changed', 'request-parameter-style-changed')] },
  { keyword: 'explode', versions: V3, cells: [judged('request', 'changed', 'request-parameter-explode-changed')] },
  {
    keyword: 'collectionFormat',
    versions: ['2.0'],
    cells: [
      judged(
        'request',
        'changed',
        'request-parameter-style-changed',
        'request-parameter-explode-changed',
        'request-body-part-style-changed',
        'request-body-part-explode-changed',
      ),
    ],
    reason:
      "between two 2.0 files compared as itself (csv, ssv, tsv, pipes, multi; 3.0 has no tsv), csv <-> multi as `request-parameter-explode-changed`, any other change as `request-parameter-style-changed`, the message naming both formats; a formData field's (urlencoded or multipart, csv where left out) is judged as its request body part's, `request-body-part-style-changed` or `-explode-changed` naming both formats and located at the field's parameter; against a 3.x file, read as the style and explode it stands for",
  },
  {
    keyword: 'allowReserved',
    versions: V3,
    cells: [judged('request', 'added', 'request-parameter-allow-reserved-added'), judged('request', 'removed', 'request-parameter-allow-reserved-removed')],
    reason: QUERY_ONLY,
  },
  { keyword: 'schema', versions: ALL_VERSIONS, reason: `${SCHEMA}; 2.0's body parameter is the request body (see RequestBody)` },
  {
    keyword: 'content',
    versions: V3,
    cells: [
      judged('request', 'added', 'request-parameter-content-added'),
      judged('request', 'removed', 'request-parameter-content-removed'),
      judged('request', 'changed', 'request-parameter-content-media-type-changed'),
    ],
    reason: CONTENT,
  },
  ...inline(),
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'example', versions: V3, reason: DOCS },
  { keyword: 'examples', versions: V3, reason: DOCS },
];

export const HEADER_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'required',
    versions: V3,
    cells: [judged('response', 'removed', 'response-header-became-optional')],
    reason: 'a header now always sent hurts no reader',
  },
  { keyword: 'deprecated', versions: V3, reason: 'announces a removal; the removal itself is judged (required-response-header-removed)' },
  { keyword: 'allowEmptyValue', versions: V3, reason: 'the specification gives it meaning for query parameters only' },
  { keyword: 'allowReserved', versions: V3, reason: 'the specification gives it meaning for query parameters only' },
  { keyword: 'style', versions: V3, reason: 'a header has one style, simple' },
  {
    keyword: 'explode',
    versions: V3,
    cells: [judged('response', 'changed', 'response-header-explode-changed')],
    reason: 'in the simple style an array reads `a,b,c` exploded or not: only an object is written another way',
  },
  {
    keyword: 'collectionFormat',
    versions: ['2.0'],
    cells: [judged('response', 'changed', 'response-header-collection-format-changed')],
    reason: 'only an array has a collection format',
  },
  {
    keyword: 'schema',
    versions: V3,
    reason: `${SCHEMA}, without null: the simple style writes nothing for null, so a required header whose schema comes to admit null may be absent (response-header-became-optional)`,
  },
  {
    keyword: 'content',
    versions: V3,
    cells: [
      judged('response', 'added', 'response-header-content-added'),
      judged('response', 'removed', 'response-header-content-removed'),
      judged('response', 'changed', 'response-header-content-media-type-changed'),
    ],
    reason: CONTENT,
  },
  ...inline(),
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'example', versions: V3, reason: DOCS },
  { keyword: 'examples', versions: V3, reason: DOCS },
];
