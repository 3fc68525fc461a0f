// What of a security scheme reaches the wire, and what is only a name inside the document: an HTTP header's name is
// read without regard to case (RFC 9110 5.1), a query parameter's and a cookie's are not; the name a document gives a
// scheme under components is never sent, so renaming a scheme that stays the same does not change how a client signs in.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

/** `GET /pets` requiring the document's schemes `security`, defined as `schemes`. */
const secured = (schemes: Doc, security: Doc[] = [{ [Object.keys(schemes)[0]]: [] }], extra: Doc = {}): Doc =>
  api({ '/pets': { get: { security, responses: ok() } } }, { components: { securitySchemes: schemes }, ...extra });
const key = (where: string, name: string) => ({ auth: { type: 'apiKey', in: where, name } });

describe('an API key name, by where it is sent', () => {
  const cases: RuleCase[] = [
    {
      name: 'header: X-Key spelled x-key is the same header',
      base: secured(key('header', 'X-Key')),
      revision: secured(key('header', 'x-key')),
      expect: 'none',
    },
    {
      name: 'query: Key spelled key is another parameter',
      base: secured(key('query', 'Key')),
      revision: secured(key('query', 'key')),
      expect: [{ id: 'api-security-component-name-changed', level: 'breaking', message: ['from Key to key'] }],
    },
    {
      name: 'cookie: SID spelled sid is another cookie',
      base: secured(key('cookie', 'SID')),
      revision: secured(key('cookie', 'sid')),
      expect: [{ id: 'api-security-component-name-changed', level: 'breaking' }],
    },
    {
      name: 'moved from a header to a query parameter of the same name spelled otherwise: the move is reported, and the name',
      base: secured(key('header', 'X-Key')),
      revision: secured(key('query', 'x-key')),
      expect: [
        { id: 'api-security-component-in-changed', level: 'breaking' },
        { id: 'api-security-component-name-changed', level: 'breaking' },
      ],
    },
  ];
  runRuleCases(cases);
});

describe('a security scheme renamed in components', () => {
  const basic = { type: 'http', scheme: 'basic' };
  const bearer = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' };
  const RENAMES = ['api-security-component-removed', 'api-security-component-added'];
  const cases: RuleCase[] = [
    {
      name: 'the same scheme under a new name: a client signs in as before; only the component names change',
      base: secured({ basicAuth: basic }),
      revision: secured({ basic: { ...basic, description: 'HTTP basic' } }),
      expect: RENAMES.map((id) => ({ id, level: 'info' as const })),
    },
    {
      name: 'renamed in an operation that requires two schemes, scopes kept',
      base: secured({ basicAuth: basic, jwt: bearer }, [{ basicAuth: [], jwt: ['pets:read'] }]),
      revision: secured({ basicAuth: basic, token: bearer }, [{ basicAuth: [], token: ['pets:read'] }]),
      expect: RENAMES.map((id) => ({ id, level: 'info' as const })),
    },
    {
      name: 'renamed and a scope added: the scope is what a client lacks',
      base: secured({ jwt: bearer }, [{ jwt: ['pets:read'] }]),
      revision: secured({ token: bearer }, [{ token: ['pets:read', 'pets:write'] }]),
      expect: [...RENAMES, { id: 'api-security-scope-added', level: 'breaking', message: ['pets:write'] }],
    },
    {
      name: 'replaced by another scheme under a new name: a client signing in the old way is refused',
      base: secured({ basicAuth: basic }),
      revision: secured({ jwt: bearer }),
      expect: [...RENAMES, { id: 'api-security-added', level: 'breaking' }],
    },
    {
      name: 'a renamed scheme whose definition another kept scheme shares: still that one scheme gone and one added',
      base: secured({ a: basic, b: basic }, [{ a: [] }]),
      revision: secured({ b: basic, c: basic }, [{ c: [] }]),
      expect: RENAMES.map((id) => ({ id, level: 'info' as const })),
    },
    {
      name: 'an operation moved to a second scheme alike on the wire while the first is kept: another credential (an admin key)',
      base: secured({ ApiKeyAuth: bearer }, [{ ApiKeyAuth: [] }]),
      revision: secured({ ApiKeyAuth: bearer, AdminApiKeyAuth: bearer }, [{ AdminApiKeyAuth: [] }]),
      expect: ['api-security-component-added', { id: 'api-security-added', level: 'breaking', message: ['AdminApiKeyAuth where ApiKeyAuth was enough'] }],
    },
    {
      name: 'two new schemes alike: which one the old name became is unknown, so requirements are judged by name',
      base: secured({ basicAuth: basic }, [{ basicAuth: [] }]),
      revision: secured({ basic1: basic, basic2: basic }, [{ basic1: [] }]),
      expect: [
        'api-security-component-removed',
        'api-security-component-added',
        'api-security-component-added',
        { id: 'api-security-added', level: 'breaking' },
      ],
    },
    {
      name: 'a scheme with a new name and another definition beside the old one kept: judged by name',
      base: secured({ basicAuth: basic }, [{ basicAuth: [] }]),
      revision: secured({ basicAuth: basic, jwt: bearer }, [{ jwt: [] }]),
      expect: ['api-security-component-added', { id: 'api-security-added', level: 'breaking' }],
    },
  ];
  runRuleCases(cases);
});
