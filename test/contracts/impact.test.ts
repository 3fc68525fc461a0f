// findImpact: which consumer a change affects, through which operation and field.
import { describe, expect, it } from 'vitest';
import { findImpact } from '../../contracts/impact.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Change, Declaration, OperationUsage } from '../../contracts/model.js';
import { diffDocs, revise, usersApi } from '../fixtures/impact/users-api.js';

type Edit = (doc: OpenApiDocument) => void;

const schemas = (doc: OpenApiDocument) => doc.components.schemas;
const getUser = (doc: OpenApiDocument) => doc.paths['/users/{id}'].get;

const removeUserName: Edit = (doc) => {
  delete schemas(doc).User.properties.name;
  schemas(doc).User.required = ['id'];
};
const removeUserEmail: Edit = (doc) => delete schemas(doc).User.properties.email;
const cityBecomesInteger: Edit = (doc) => (schemas(doc).Address.properties.city = { type: 'integer' });
const addRequiredPhone: Edit = (doc) => {
  schemas(doc).NewUser.properties.phone = { type: 'string' };
  schemas(doc).NewUser.required = ['name', 'phone'];
};
// `not: {required: [email]}`: a request may no longer carry `email`, and only a client that sends it is refused.
const forbidEmail: Edit = (doc) => (schemas(doc).NewUser.not = { required: ['email'] });
const addRequiredQuery: Edit = (doc) => getUser(doc).parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
const removeGetUser: Edit = (doc) => delete doc.paths['/users/{id}'].get;
const tenantBecomesInteger: Edit = (doc) => (getUser(doc).parameters[1].schema = { type: 'integer' });
const idBecomesInteger: Edit = (doc) => {
  for (const op of [doc.paths['/users/{id}'].get, doc.paths['/users/{id}'].delete]) op.parameters[0].schema = { type: 'integer' };
};
const removeTenant: Edit = (doc) => getUser(doc).parameters.splice(1, 1);
const remove200: Edit = (doc) => delete getUser(doc).responses['200'];
const removeRateLimit: Edit = (doc) => delete getUser(doc).responses['200'].headers;
const addSecurity: Edit = (doc) => {
  doc.components.securitySchemes = { key: { type: 'apiKey', in: 'header', name: 'X-Key' } };
  getUser(doc).security = [{ key: [] }];
};
const renamePathParam: Edit = (doc) => {
  const item = doc.paths['/users/{id}'];
  delete doc.paths['/users/{id}'];
  for (const op of [item.get, item.delete]) op.parameters[0].name = 'userId';
  doc.paths['/users/{userId}'] = item;
};

interface Row {
  name: string;
  edit: Edit;
  uses: Declaration['uses'];
  /** The rule id the edit must produce. */
  id: string;
  /** Whether that change breaks the consumer. */
  breaks: boolean;
}

/** The removal of `User.name` as seen from one operation (the same property sits at other positions elsewhere). */
const removalIn = (changes: Change[], operation: string): Change =>
  changes.find((c) => c.id === 'response-required-property-removed' && (c.operations ?? [c.operation]).includes(operation))!;
const whole = (operation: string): OperationUsage => ({ operation });
const read = (operation: string, response: string[], more: Partial<OperationUsage> = {}): OperationUsage => ({ operation, response, ...more });

const ROWS: Row[] = [
  {
    name: 'a path parameter changes type: every caller sends it, whatever the fields it names',
    edit: idBecomesInteger,
    uses: [read('GET /users/{id}', ['name'])],
    id: 'request-parameter-type-changed',
    breaks: true,
  },
  {
    name: 'an operation the consumer does not use',
    edit: removeUserName,
    uses: [whole('DELETE /users/{id}')],
    id: 'response-required-property-removed',
    breaks: false,
  },
  {
    name: 'a whole operation: a removed response property',
    edit: removeUserName,
    uses: [whole('GET /users/{id}')],
    id: 'response-required-property-removed',
    breaks: true,
  },
  {
    name: 'a whole operation: a new required parameter',
    edit: addRequiredQuery,
    uses: [whole('GET /users/{id}')],
    id: 'new-required-request-parameter',
    breaks: true,
  },
  {
    name: 'a response field read is removed',
    edit: removeUserName,
    uses: [read('GET /users/{id}', ['name'])],
    id: 'response-required-property-removed',
    breaks: true,
  },
  {
    name: 'a response field not read is removed',
    edit: removeUserName,
    uses: [read('GET /users/{id}', ['id', 'email'])],
    id: 'response-required-property-removed',
    breaks: false,
  },
  {
    name: 'an optional response field read is removed (warning escalates)',
    edit: removeUserEmail,
    uses: [read('GET /users/{id}', ['email'])],
    id: 'response-optional-property-removed',
    breaks: true,
  },
  {
    name: 'an optional response field not read is removed',
    edit: removeUserEmail,
    uses: [read('GET /users/{id}', ['name'])],
    id: 'response-optional-property-removed',
    breaks: false,
  },
  {
    name: 'a change inside an object read as a whole',
    edit: cityBecomesInteger,
    uses: [read('GET /users/{id}', ['address'])],
    id: 'response-property-type-changed',
    breaks: true,
  },
  {
    name: 'a field inside array items read',
    edit: removeUserName,
    uses: [read('GET /users', ['items[].name'])],
    id: 'response-required-property-removed',
    breaks: true,
  },
  {
    name: 'a field inside array items not read',
    edit: removeUserName,
    uses: [read('GET /users', ['items[].id'])],
    id: 'response-required-property-removed',
    breaks: false,
  },
  {
    name: 'a shared schema reaches another operation',
    edit: removeUserName,
    uses: [read('POST /users', ['name'])],
    id: 'response-required-property-removed',
    breaks: true,
  },
  {
    name: 'a request field sent changes',
    edit: cityBecomesInteger,
    uses: [{ operation: 'POST /users', request: ['name', 'address.city'] }],
    id: 'request-property-type-changed',
    breaks: true,
  },
  {
    name: 'a request field not sent changes',
    edit: cityBecomesInteger,
    uses: [{ operation: 'POST /users', request: ['name', 'email'] }],
    id: 'request-property-type-changed',
    breaks: false,
  },
  {
    name: 'a request field forbidden by `not: {required}` that the consumer sends',
    edit: forbidEmail,
    uses: [{ operation: 'POST /users', request: ['name', 'email'] }],
    id: 'request-property-became-forbidden',
    breaks: true,
  },
  {
    name: 'a request field forbidden by `not: {required}` that the consumer does not send',
    edit: forbidEmail,
    uses: [{ operation: 'POST /users', request: ['name', 'address.city'] }],
    id: 'request-property-became-forbidden',
    breaks: false,
  },
  {
    name: 'a new required request field: every caller',
    edit: addRequiredPhone,
    uses: [{ operation: 'POST /users', request: ['name'] }],
    id: 'new-required-request-property',
    breaks: true,
  },
  {
    name: 'a new required parameter: every caller',
    edit: addRequiredQuery,
    uses: [read('GET /users/{id}', ['id'])],
    id: 'new-required-request-parameter',
    breaks: true,
  },
  { name: 'a new security requirement: every caller', edit: addSecurity, uses: [read('GET /users/{id}', ['id'])], id: 'api-security-added', breaks: true },
  {
    name: 'a removed operation: every caller',
    edit: removeGetUser,
    uses: [read('GET /users/{id}', ['id'])],
    id: 'api-removed-without-deprecation',
    breaks: true,
  },
  {
    name: 'a removed operation another consumer uses',
    edit: removeGetUser,
    uses: [read('GET /users', ['items[].id'])],
    id: 'api-removed-without-deprecation',
    breaks: false,
  },
  {
    name: 'a parameter sent changes (header names ignore case)',
    edit: tenantBecomesInteger,
    uses: [{ operation: 'GET /users/{id}', params: ['x-tenant'] }],
    id: 'request-parameter-type-changed',
    breaks: true,
  },
  {
    name: 'a parameter not sent changes',
    edit: tenantBecomesInteger,
    uses: [{ operation: 'GET /users/{id}', params: ['fields'] }],
    id: 'request-parameter-type-changed',
    breaks: false,
  },
  {
    name: 'a parameter sent is removed (warning escalates)',
    edit: removeTenant,
    uses: [{ operation: 'GET /users/{id}', params: ['X-Tenant'] }],
    id: 'request-parameter-removed',
    breaks: true,
  },
  { name: 'a parameter not sent is removed', edit: removeTenant, uses: [read('GET /users/{id}', ['name'])], id: 'request-parameter-removed', breaks: false },
  {
    name: 'a removed success status: every consumer of the operation',
    edit: remove200,
    uses: [{ operation: 'GET /users/{id}', params: ['fields'] }],
    id: 'response-success-status-removed',
    breaks: true,
  },
  {
    name: 'a response header read is removed',
    edit: removeRateLimit,
    uses: [read('GET /users/{id}', ['x-rate-limit'])],
    id: 'optional-response-header-removed',
    breaks: true,
  },
  {
    name: 'a response header not read is removed',
    edit: removeRateLimit,
    uses: [read('GET /users/{id}', ['name'])],
    id: 'optional-response-header-removed',
    breaks: false,
  },
  { name: 'named by operationId', edit: removeUserName, uses: [read('getUser', ['name'])], id: 'response-required-property-removed', breaks: true },
  {
    name: 'named with other path parameter names',
    edit: removeUserName,
    uses: [read('GET /users/{userId}', ['name'])],
    id: 'response-required-property-removed',
    breaks: true,
  },
  {
    name: 'path parameters renamed in the revision',
    edit: (d) => (renamePathParam(d), removeUserName(d)),
    uses: [read('GET /users/{id}', ['name'])],
    id: 'response-required-property-removed',
    breaks: true,
  },
  { name: '"*": every breaking change', edit: removeUserName, uses: '*', id: 'response-required-property-removed', breaks: true },
  { name: '"*": a warning escalates too', edit: removeUserEmail, uses: '*', id: 'response-optional-property-removed', breaks: true },
];

describe('findImpact', () => {
  it.each(ROWS)('$name', async ({ edit, uses, id, breaks }) => {
    const diff = await diffDocs(usersApi(), revise(edit));
    const matching = diff.changes.filter((c) => c.id === id);
    expect(
      matching.map((c) => c.id),
      `the edit produces ${id}`,
    ).toContain(id);
    const { consumersOf, notices } = findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses }]);
    expect(notices).toEqual([]);
    expect(matching.some((c) => consumersOf.get(c)!.includes('web'))).toBe(breaks);
  });

  it('never names a consumer on a change that cannot break anyone', async () => {
    const diff = await diffDocs(
      usersApi(),
      revise((d) => (getUser(d).deprecated = true)),
    );
    const { consumersOf } = findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses: '*' }]);
    expect(diff.changes.map((c) => [c.id, consumersOf.get(c)])).toEqual([['endpoint-deprecated', []]]);
  });

  it('breaks a whole-operation consumer with every breaking change of that operation, and no other', async () => {
    const diff = await diffDocs(
      usersApi(),
      revise((d) => (removeUserName(d), addRequiredQuery(d), addRequiredPhone(d))),
    );
    const { consumersOf } = findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses: [whole('GET /users/{id}')] }]);
    const broken = diff.changes
      .filter((c) => consumersOf.get(c)!.length > 0)
      .map((c) => c.id)
      .sort();
    expect(broken).toEqual(['new-required-request-parameter', 'response-required-property-removed']);
  });

  it('lists every consumer a change breaks, sorted, whatever the order of the declarations', async () => {
    const diff = await diffDocs(usersApi(), revise(removeUserName));
    const declarations: Declaration[] = [
      { consumer: 'web', provider: 'users-service', uses: [read('GET /users/{id}', ['name'])] },
      { consumer: 'admin', provider: 'users-service', uses: '*' },
      { consumer: 'billing', provider: 'users-service', uses: [read('GET /users/{id}', ['id'])] },
    ];
    const removed = removalIn(diff.changes, 'GET /users/{id}');
    expect(findImpact(diff, declarations).consumersOf.get(removed)).toEqual(['admin', 'web']);
    expect(findImpact(diff, [...declarations].reverse()).consumersOf.get(removed)).toEqual(['admin', 'web']);
  });

  it("reports a declared operation that neither version has, as the consumer's notice", async () => {
    const diff = await diffDocs(usersApi(), revise(removeUserName));
    const uses: OperationUsage[] = [
      { operation: 'GET /accounts/{id}', line: 7 },
      { operation: 'getUser', line: 9 },
      { operation: 'fetchAccount', line: 11 },
    ];
    const { notices } = findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses }]);
    expect(notices.map((n) => [n.code, n.consumer, n.line])).toEqual([
      ['declaration-unknown-operation', 'web', 7],
      ['declaration-unknown-operation', 'web', 11],
    ]);
    expect(notices[0].message).toContain('"GET /accounts/{id}" of users-service');
  });

  it('knows an operation that only the revision has', async () => {
    const added = revise((d) => (d.paths['/teams'] = { get: { operationId: 'listTeams', responses: { '200': { description: 'ok' } } } }));
    const diff = await diffDocs(usersApi(), added);
    expect(findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses: [whole('listTeams'), whole('GET /teams')] }]).notices).toEqual([]);
  });

  it('follows an operationId that moved to another operation in the revision', async () => {
    const moved = revise((d) => {
      removeUserName(d);
      d.paths['/users/{id}'].get.operationId = 'getUserV1';
      d.paths['/users'].get.operationId = 'getUser';
    });
    const diff = await diffDocs(usersApi(), moved);
    const { consumersOf } = findImpact(diff, [{ consumer: 'web', provider: 'users-service', uses: [read('getUser', ['name'])] }]);
    // The removed `name` sits in the shared User schema: one change, reached from both operations.
    expect(consumersOf.get(removalIn(diff.changes, 'GET /users/{id}'))).toEqual(['web']);
  });
});
