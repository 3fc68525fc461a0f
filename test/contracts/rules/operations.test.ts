// Operation rules on base/revision pairs: removal, addition, deprecation, sunset, stability.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

const get = (extra: Doc = {}): Doc => ({ responses: ok(), ...extra });
const users = (op: Doc, path = '/users/{id}', more: Doc = {}) => api({ [path]: { get: op, ...more } });

describe('operations: removal, addition, deprecation, sunset', () => {
  const cases: RuleCase[] = [
    {
      name: 'a whole path removed without deprecation breaks',
      base: api({ '/users/{id}': { get: get() }, '/health': { get: get() } }),
      revision: api({ '/health': { get: get() } }),
      expect: [
        {
          id: 'api-path-removed-without-deprecation',
          level: 'breaking',
          operation: 'GET /users/{id}',
          pointer: '/paths/~1users~1{id}/get',
          message: ['/users/{id}', 'without being deprecated'],
        },
      ],
    },
    {
      name: 'one method removed while the path stays: api-removed-without-deprecation',
      base: users(get(), '/users/{id}', { delete: get() }),
      revision: users(get()),
      expect: [{ id: 'api-removed-without-deprecation', level: 'breaking', operation: 'DELETE /users/{id}', pointer: '/paths/~1users~1{id}/delete' }],
    },
    {
      name: 'removed after deprecation without a sunset date: info',
      base: users(get(), '/users/{id}', { delete: get({ deprecated: true }) }),
      revision: users(get()),
      expect: [{ id: 'api-removed-with-deprecation', level: 'info', operation: 'DELETE /users/{id}' }],
    },
    {
      name: 'removed before its sunset date breaks',
      base: users(get(), '/users/{id}', { delete: get({ deprecated: true, 'x-sunset': '2099-01-01' }) }),
      revision: users(get()),
      expect: [{ id: 'api-removed-before-sunset', level: 'breaking', message: ['2099-01-01'] }],
    },
    {
      name: 'removed after its sunset date (an RFC 3339 time is read too): info',
      base: users(get(), '/users/{id}', { delete: get({ deprecated: true, 'x-sunset': '2020-01-01T00:00:00Z' }) }),
      revision: users(get()),
      expect: [{ id: 'api-removed-with-deprecation', level: 'info', message: ['after its sunset date 2020-01-01'] }],
    },
    {
      name: 'a whole path removed with an unreadable sunset date',
      base: users(get({ deprecated: true, 'x-sunset': 'next spring' })),
      revision: api({}),
      expect: [{ id: 'api-path-sunset-parse', level: 'breaking', message: ['"next spring"'] }],
    },
    {
      name: 'removed with a sunset written as a number (20990101): unreadable, not "no sunset", so not an announced removal',
      base: users(get(), '/users/{id}', { delete: get({ deprecated: true, 'x-sunset': 20990101 }) }),
      revision: users(get()),
      expect: [{ id: 'api-deprecated-sunset-parse', level: 'breaking', message: ['"20990101"'] }],
    },
    {
      name: 'deprecated with a sunset written as a number: said at once',
      base: users(get()),
      revision: users(get({ deprecated: true, 'x-sunset': 20990101 })),
      expect: [{ id: 'api-deprecated-sunset-parse', level: 'breaking', message: ['"20990101"', '2027-06-30'] }],
    },
    {
      name: 'a path removed and added under another template name is the same path (no change)',
      base: users(get({ parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] })),
      revision: users(get({ parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }] }), '/users/{userId}'),
      expect: 'none',
    },
    {
      name: 'paths and methods reordered: no change',
      base: api({ '/a': { get: get(), post: get() }, '/b': { get: get() } }),
      revision: api({ '/b': { get: get() }, '/a': { post: get(), get: get() } }),
      expect: 'none',
    },
    {
      name: 'an operation added is info',
      base: api({}),
      revision: users(get()),
      expect: [{ id: 'endpoint-added', level: 'info', operation: 'GET /users/{id}', pointer: '/paths/~1users~1{id}/get' }],
    },
    {
      name: 'deprecated without a sunset date',
      base: users(get()),
      revision: users(get({ deprecated: true })),
      expect: [{ id: 'endpoint-deprecated', level: 'info', pointer: '/paths/~1users~1{id}/get/deprecated' }],
    },
    {
      name: 'deprecated with a sunset date',
      base: users(get()),
      revision: users(get({ deprecated: true, 'x-sunset': '2027-06-30' })),
      expect: [{ id: 'endpoint-deprecated-with-sunset', message: ['sunset 2027-06-30'] }],
    },
    {
      name: 'deprecated with a sunset date that cannot be read: said at once, with the value and the forms read',
      base: users(get()),
      revision: users(get({ deprecated: true, 'x-sunset': 'next month' })),
      expect: [
        {
          id: 'api-deprecated-sunset-parse',
          level: 'breaking',
          pointer: '/paths/~1users~1{id}/get/deprecated',
          message: ['GET /users/{id} was deprecated', '"next month"', '2027-06-30', 'RFC 3339'],
        },
      ],
    },
    {
      name: 'x-deprecated, a vendor spelling, is not read as deprecated, and the author is told how to say it',
      base: users(get()),
      revision: users(get({ 'x-deprecated': true })),
      expect: [
        {
          id: 'endpoint-x-deprecated-unread',
          level: 'warning',
          pointer: '/paths/~1users~1{id}/get/x-deprecated',
          message: ['GET /users/{id} is marked x-deprecated', 'write `deprecated: true`'],
        },
      ],
    },
    {
      name: 'x-deprecated beside deprecated: true says nothing more',
      base: users(get()),
      revision: users(get({ deprecated: true, 'x-deprecated': true })),
      expect: [{ id: 'endpoint-deprecated', level: 'info' }],
    },
    {
      name: 'no longer deprecated',
      base: users(get({ deprecated: true })),
      revision: users(get()),
      expect: [{ id: 'endpoint-reactivated', level: 'info' }],
    },
    {
      name: 'sunset date dropped while still deprecated breaks the deprecation policy',
      base: users(get({ deprecated: true, 'x-sunset': '2027-01-01' })),
      revision: users(get({ deprecated: true })),
      expect: [{ id: 'sunset-deleted', level: 'breaking', message: ['2027-01-01'] }],
    },
    {
      name: 'sunset date moved while still deprecated: no finding',
      base: users(get({ deprecated: true, 'x-sunset': '2027-01-01' })),
      revision: users(get({ deprecated: true, 'x-sunset': '2027-06-01' })),
      expect: 'none',
    },
    {
      name: 'operationId replaced and tags changed: info, naming the old id',
      base: users(get({ operationId: 'getUser', tags: ['users'] })),
      revision: users(get({ operationId: 'fetchUser', tags: ['people'] })),
      expect: [
        { id: 'api-operation-id-removed', level: 'info', message: ['"getUser"', 'replaced by "fetchUser"'] },
        { id: 'api-tag-removed', message: ['"users"'] },
        { id: 'api-tag-added', message: ['"people"'] },
      ],
    },
    {
      name: "a Tag Object no operation uses removed from the document's tags: info, documentation only",
      base: { ...users(get({ tags: ['users'] })), tags: [{ name: 'users' }, { name: 'legacy', description: 'old calls' }] },
      revision: { ...users(get({ tags: ['users'] })), tags: [{ name: 'users' }] },
      expect: [
        {
          id: 'api-tag-definition-removed',
          level: 'info',
          operation: null,
          pointer: '/tags/1',
          message: ['"legacy"', 'no operation uses it', 'nothing on the wire'],
        },
      ],
    },
    {
      name: 'a Tag Object removed while an operation keeps its name: info, the tag stays on the operation',
      base: { ...users(get({ tags: ['users'] })), tags: [{ name: 'users', description: 'people' }] },
      revision: users(get({ tags: ['users'] })),
      expect: [{ id: 'api-tag-definition-removed', level: 'info', pointer: '/tags/0', message: ['1 operation still tagged "users"'] }],
    },
    {
      name: "a Tag Object added to the document's tags: nothing taken from anyone, no finding",
      base: users(get()),
      revision: { ...users(get()), tags: [{ name: 'users' }] },
      expect: 'none',
    },
    {
      name: "the document's tags reordered: no finding",
      base: { ...users(get()), tags: [{ name: 'a' }, { name: 'b' }] },
      revision: { ...users(get()), tags: [{ name: 'b' }, { name: 'a' }] },
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('operations: x-stability-level', () => {
  const cases: RuleCase[] = [
    {
      name: 'an unknown level is reported',
      base: users(get()),
      revision: users(get({ 'x-stability-level': 'ga' })),
      expect: [{ id: 'api-invalid-stability-level', level: 'breaking', message: ['"ga"'] }],
    },
    {
      name: 'lowered from stable to beta breaks',
      base: users(get({ 'x-stability-level': 'stable' })),
      revision: users(get({ 'x-stability-level': 'beta' })),
      expect: [{ id: 'api-stability-decreased', level: 'breaking', message: ['from stable to beta'] }],
    },
    {
      name: 'raised from beta to stable is info',
      base: users(get({ 'x-stability-level': 'beta' })),
      revision: users(get({ 'x-stability-level': 'stable' })),
      expect: [{ id: 'api-stability-increased', level: 'info' }],
    },
    {
      name: 'an alpha operation promises nothing: removing it is not reported',
      base: users(get({ 'x-stability-level': 'alpha' })),
      revision: api({}),
      expect: 'none',
    },
    {
      name: 'a draft operation promises nothing: a new required parameter is not reported',
      base: users(get({ 'x-stability-level': 'draft' })),
      revision: users(get({ 'x-stability-level': 'draft', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }] })),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
