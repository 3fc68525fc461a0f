// Coverage of the SecurityScheme, OAuthFlows and OAuthFlow objects: whether a working client can still authenticate.
import { judged } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage, V3 } from './types.js';

const DOCS = 'documentation for people and tools; never part of what is sent or returned';
const SCOPES = [
  judged('request', 'added', 'api-security-component-oauth-scope-added'),
  judged('request', 'removed', 'api-security-component-oauth-scope-removed', 'api-security-required-scope-removed-from-flow'),
  judged('request', 'changed', 'api-security-component-oauth-scope-changed'),
];
const FLOW_PRESENCE = [
  judged('request', 'added', 'api-security-component-oauth-flow-added'),
  judged('request', 'removed', 'api-security-component-oauth-flow-removed'),
];

export const SECURITY_SCHEME_KEYWORDS: readonly KeywordCoverage[] = [
  { keyword: 'type', versions: ALL_VERSIONS, cells: [judged('request', 'changed', 'api-security-component-type-changed')] },
  {
    keyword: 'name',
    versions: ALL_VERSIONS,
    cells: [judged('request', 'changed', 'api-security-component-name-changed')],
    reason:
      "an API key sent in a header is compared without regard to case, as HTTP reads header names; a query parameter's or a cookie's name is compared as written",
  },
  { keyword: 'in', versions: ALL_VERSIONS, cells: [judged('request', 'changed', 'api-security-component-in-changed')] },
  { keyword: 'scheme', versions: V3, cells: [judged('request', 'changed', 'api-security-component-scheme-changed')] },
  { keyword: 'bearerFormat', versions: V3, reason: "a hint about the token's format; the token is sent the same way" },
  { keyword: 'openIdConnectUrl', versions: V3, cells: [judged('request', 'changed', 'api-security-component-open-id-connect-url-changed')] },
  { keyword: 'flows', versions: V3, reason: 'its flows are compared as OAuthFlows' },
  {
    keyword: 'flow',
    versions: ['2.0'],
    cells: [judged('request', 'changed', 'api-security-component-oauth-flow-removed', 'api-security-component-oauth-flow-added')],
  },
  { keyword: 'authorizationUrl', versions: ['2.0'], cells: [judged('request', 'changed', 'api-security-component-oauth-url-changed')] },
  { keyword: 'tokenUrl', versions: ['2.0'], cells: [judged('request', 'changed', 'api-security-component-oauth-token-url-changed')] },
  { keyword: 'scopes', versions: ['2.0'], cells: SCOPES },
  { keyword: 'description', versions: ALL_VERSIONS, reason: DOCS },
];

export const OAUTH_FLOWS_KEYWORDS: readonly KeywordCoverage[] = ['implicit', 'password', 'clientCredentials', 'authorizationCode'].map((keyword) => ({
  keyword,
  versions: V3,
  cells: FLOW_PRESENCE,
}));

export const OAUTH_FLOW_KEYWORDS: readonly KeywordCoverage[] = [
  { keyword: 'authorizationUrl', versions: V3, cells: [judged('request', 'changed', 'api-security-component-oauth-url-changed')] },
  { keyword: 'tokenUrl', versions: V3, cells: [judged('request', 'changed', 'api-security-component-oauth-token-url-changed')] },
  {
    keyword: 'refreshUrl',
    versions: V3,
    cells: [
      judged('request', 'changed', 'api-security-component-oauth-refresh-url-changed'),
      judged('request', 'removed', 'api-security-component-oauth-refresh-url-changed'),
    ],
    reason: 'one introduced is reported the same way',
  },
  { keyword: 'scopes', versions: V3, cells: SCOPES },
];
