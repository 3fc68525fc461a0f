// Security rules on base/revision pairs: operation requirements and the schemes in components.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

const schemes = {
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Key' },
  oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a/token', scopes: { read: 'r', write: 'w' } } } },
};
// The OAuth scheme with its `write` scope gone from the flow.
const withoutWrite = { ...schemes, oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a/token', scopes: { read: 'r' } } } } };
const op = (security?: Doc[], global?: Doc[], securitySchemes: Doc = schemes) =>
  api(
    { '/pets': { get: { ...(security ? { security } : {}), responses: ok() } } },
    { components: { securitySchemes }, ...(global ? { security: global } : {}) },
  );

describe('security requirements of operations', () => {
  const cases: RuleCase[] = [
    {
      name: 'a requirement where there was none breaks every caller',
      base: op(),
      revision: op([{ apiKey: [] }]),
      expect: [
        { id: 'api-security-added', level: 'breaking', operation: 'GET /pets', pointer: '/paths/~1pets/get/security', message: ['now requires apiKey'] },
      ],
    },
    {
      name: 'a scope added to the requirement breaks',
      base: op([{ oauth: ['read'] }]),
      revision: op([{ oauth: ['read', 'write'] }]),
      expect: [{ id: 'api-security-scope-added', level: 'breaking', message: ['oauth:write'] }],
    },
    {
      name: 'a requirement removed is info',
      base: op([{ apiKey: [] }]),
      revision: op(),
      expect: [{ id: 'api-security-removed', level: 'info', message: ['no longer requires apiKey'] }],
    },
    {
      name: 'a scope no longer required is info',
      base: op([{ oauth: ['read', 'write'] }]),
      revision: op([{ oauth: ['read'] }]),
      expect: [{ id: 'api-security-scope-removed', level: 'info', message: ['oauth:write'] }],
    },
    {
      name: 'another way to authenticate offered (an alternative added): no change for old clients',
      base: op([{ apiKey: [] }]),
      revision: op([{ apiKey: [] }, { oauth: ['read'] }]),
      expect: 'none',
    },
    { name: 'alternatives reordered: no change', base: op([{ apiKey: [] }, { oauth: [] }]), revision: op([{ oauth: [] }, { apiKey: [] }]), expect: 'none' },
    {
      name: 'document-level security added, inherited by the operation',
      base: op(),
      revision: op(undefined, [{ apiKey: [] }]),
      expect: [{ id: 'api-global-security-added', level: 'breaking', pointer: '/security', message: ['GET /pets', 'document-level security'] }],
    },
    {
      name: 'document-level requirement moved onto the operation: the same requirement (no change)',
      base: op(undefined, [{ apiKey: [] }]),
      revision: op([{ apiKey: [] }]),
      expect: 'none',
    },
    {
      name: 'an operation opting out with security: [] is a removal (info)',
      base: op(undefined, [{ apiKey: [] }]),
      revision: op([], [{ apiKey: [] }]),
      expect: [{ id: 'api-security-removed', level: 'info' }],
    },
  ];
  runRuleCases(cases);
});

describe('security schemes in components', () => {
  const cases: RuleCase[] = [
    {
      name: 'a scheme added',
      base: op(undefined, undefined, {}),
      revision: op(undefined, undefined, { apiKey: schemes.apiKey }),
      expect: [{ id: 'api-security-component-added', level: 'info', operation: null, pointer: '/components/securitySchemes/apiKey' }],
    },
    {
      name: 'a scheme removed',
      base: op(undefined, undefined, { apiKey: schemes.apiKey }),
      revision: op(undefined, undefined, {}),
      expect: [{ id: 'api-security-component-removed', level: 'info' }],
    },
    {
      name: 'a scheme changed type: clients authenticate the old way (breaking)',
      base: op(undefined, undefined, { auth: schemes.apiKey }),
      revision: op(undefined, undefined, { auth: { type: 'http', scheme: 'bearer' } }),
      expect: [{ id: 'api-security-component-type-changed', level: 'breaking', message: ['from apiKey to http'] }],
    },
    {
      name: 'an OAuth flow: token URL changed, a scope added, one removed',
      base: op(undefined, undefined, { oauth: schemes.oauth }),
      revision: op(undefined, undefined, {
        oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://b/token', scopes: { read: 'r', admin: 'a' } } } },
      }),
      expect: [
        { id: 'api-security-component-oauth-token-url-changed', level: 'breaking' },
        { id: 'api-security-component-oauth-scope-added', message: ['admin'] },
        // A client that asks for `write` when getting a token may now be refused it, or the whole token (RFC 6749 5.2).
        { id: 'api-security-component-oauth-scope-removed', level: 'warning', message: ['scope write was removed', 'may be refused (invalid_scope'] },
      ],
    },
    {
      // The operation still asks for `write`: a client is refused the scope, or gets a token the operation refuses.
      name: 'a scope removed from the flow while the operation still requires it: breaking on the operation',
      base: op([{ oauth: ['read', 'write'] }]),
      revision: op([{ oauth: ['read', 'write'] }], undefined, withoutWrite),
      expect: [
        { id: 'api-security-component-oauth-scope-removed', level: 'warning', message: ['scope write was removed'] },
        {
          id: 'api-security-required-scope-removed-from-flow',
          level: 'breaking',
          operation: 'GET /pets',
          pointer: '/paths/~1pets/get/security',
          message: ['GET /pets still requires scope oauth:write', 'clientCredentials flow of oauth no longer declares', 'invalid_scope', 'insufficient_scope'],
        },
      ],
    },
    {
      name: 'the same through document-level security: the operation inheriting it gets the finding',
      base: op(undefined, [{ oauth: ['write'] }]),
      revision: op(undefined, [{ oauth: ['write'] }], withoutWrite),
      expect: [
        { id: 'api-security-component-oauth-scope-removed', level: 'warning' },
        {
          id: 'api-security-required-scope-removed-from-flow',
          level: 'breaking',
          operation: 'GET /pets',
          pointer: '/security',
          message: ['(document-level security)'],
        },
      ],
    },
    {
      name: 'a scope removed from the flow that the operation does not require: the scheme only',
      base: op([{ oauth: ['read'] }]),
      revision: op([{ oauth: ['read'] }], undefined, withoutWrite),
      expect: [{ id: 'api-security-component-oauth-scope-removed', level: 'warning' }],
    },
  ];
  runRuleCases(cases);
});
