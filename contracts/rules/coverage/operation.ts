// Coverage of the Operation object: whether a call still exists, what it takes, what it answers, who may make it.
import { judged } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage, V3 } from './types.js';

const DOCS = 'documentation for people and tools; never part of what is sent or returned';

export const OPERATION_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'parameters',
    versions: ALL_VERSIONS,
    cells: [
      judged(
        'request',
        'added',
        'new-required-request-parameter',
        'new-optional-request-parameter',
        'new-request-path-parameter',
        'new-required-request-default-parameter-to-existing-path',
        'new-optional-request-default-parameter-to-existing-path',
      ),
      judged(
        'request',
        'removed',
        'request-parameter-removed',
        'request-parameter-removed-with-deprecation',
        'request-parameter-removed-before-sunset',
        'request-parameter-sunset-parse',
      ),
    ],
    reason: 'a parameter kept is compared as a Parameter',
  },
  {
    keyword: 'requestBody',
    versions: V3,
    cells: [judged('request', 'added', 'request-body-added-required', 'request-body-added-optional'), judged('request', 'removed', 'request-body-removed')],
    reason: 'a body kept is compared as a RequestBody',
  },
  {
    keyword: 'responses',
    versions: ALL_VERSIONS,
    cells: [
      judged('response', 'added', 'response-success-status-added', 'response-non-success-status-added'),
      judged('response', 'removed', 'response-success-status-removed', 'response-non-success-status-removed'),
    ],
    reason:
      'a status kept is compared as a Response, as is a success code (3.x) whose range now describes it (`200` now `2XX`: not removed; an explicit code takes precedence over its range) or one the range described before; a success range dropped for codes it covered is removed, naming the codes still described',
  },
  {
    keyword: 'consumes',
    versions: ['2.0'],
    cells: [judged('request', 'added', 'request-body-media-type-added'), judged('request', 'removed', 'request-body-media-type-removed')],
    reason: "read as the request body's media types (also at the document's root)",
  },
  {
    keyword: 'produces',
    versions: ['2.0'],
    cells: [judged('response', 'added', 'response-media-type-added'), judged('response', 'removed', 'response-media-type-removed')],
    reason:
      "read as the responses' media types (also at the document's root); where no response kept has a schema (2.0: no body), as the operation's once, since a server that negotiates refuses (406) an `Accept` it no longer produces",
  },
  {
    keyword: 'security',
    versions: ALL_VERSIONS,
    cells: [
      judged('request', 'added', 'api-security-added', 'api-security-scope-added'),
      judged('request', 'removed', 'api-security-removed', 'api-security-scope-removed'),
    ],
    reason:
      "the document's own security list is judged the same way (api-global-security-*); a requirement names a scheme by its component name, which is never sent, so a scheme under a new name with the definition of a base scheme gone from the revision (its description aside, one to one) is read as that scheme renamed; moved to another scheme kept beside the old one, alike on the wire or not, an operation is judged by name (another credential, an admin key)",
  },
  {
    keyword: 'deprecated',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'added', 'endpoint-deprecated', 'endpoint-deprecated-with-sunset'), judged('request', 'removed', 'endpoint-reactivated')],
  },
  {
    keyword: 'x-sunset',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'removed', 'sunset-deleted')],
    reason: 'a sunset date set or moved is an announcement, not a change to calls',
  },
  {
    keyword: 'x-stability-level',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'changed', 'api-stability-decreased', 'api-stability-increased', 'api-invalid-stability-level')],
  },
  {
    keyword: 'operationId',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'changed', 'api-operation-id-removed', 'api-operation-id-added')],
    reason: 'not on the wire; manifests that name the old id are told',
  },
  {
    keyword: 'tags',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'changed', 'api-tag-added', 'api-tag-removed')],
    reason: 'groups operations in documentation',
  },
  {
    keyword: 'servers',
    versions: V3,
    cells: [judged('request', 'removed', 'api-server-base-path-changed', 'api-server-removed'), judged('request', 'added', 'api-server-added')],
    reason: 'a server kept is compared as a Server',
  },
  {
    keyword: 'schemes',
    versions: ['2.0'],
    cells: [judged('request', 'changed', 'api-server-removed', 'api-server-added')],
    reason:
      "read as the servers the operation is served from, with the document's host and basePath (see Server); without a host there is no address to compare",
  },
  {
    keyword: 'callbacks',
    versions: V3,
    cells: [
      judged('response', 'added', 'api-callback-added'),
      judged('response', 'removed', 'api-callback-removed'),
      judged(
        'response',
        'changed',
        'api-callback-url-changed',
        'api-callback-operation-removed',
        'api-callback-operation-added',
        'api-callback-request-body-removed',
        'api-callback-request-body-added',
        'api-callback-request-body-became-optional',
        'api-callback-request-body-became-required',
        'api-callback-request-body-media-type-added',
        'api-callback-request-body-media-type-removed',
      ),
      judged(
        'request',
        'changed',
        'api-callback-response-status-removed',
        'api-callback-response-status-added',
        'api-callback-response-media-type-removed',
        'api-callback-response-media-type-added',
      ),
    ],
    reason:
      "sides reversed: a callback's request body is what the client receives (response side: compared by the response rules; dropped, made optional or sent in a new media type, which the sender picks with no Accept to negotiate, breaking), and its responses are what the client answers (request side: compared by the request rules; a status or media type dropped breaking)",
  },
  { keyword: 'summary', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
  { keyword: 'externalDocs', versions: ALL_VERSIONS, reason: DOCS },
];
