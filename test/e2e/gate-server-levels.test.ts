// OpenAPI lets a Path Item and an Operation name their own `servers`, which replace the document's for that path or
// operation. A consumer that declares the concrete path it calls must be placed by those, or the gate says no to a use
// that exists and yes to one that does not. Against a real registry, through the CLI.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = (properties: string[]) => ({
  '200': {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) } } },
  },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/**
 * The reports API: served under `/api` as a whole, its reports under `/v2` (path-level servers), and its admin view of
 * a user only under `/internal` on another host (operation-level servers), never under `/api`.
 */
const reportsContract = (reportFields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'reports', version: '1' },
  servers: [{ url: 'https://api.acme.dev/api' }],
  paths: {
    '/reports/{id}': { servers: [{ url: 'https://api.acme.dev/v2' }], get: { parameters: [idParam], responses: ok(reportFields) } },
    '/users/{id}': { get: { servers: [{ url: 'https://admin.acme.dev/internal' }], parameters: [idParam], responses: ok(['id']) } },
    '/health': { get: { responses: ok(['status']) } },
  },
});

const session = useRegistry({ name: 'gate-server-levels', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('servers written on a path item or an operation', () => {
  it("place a call under the path's own server path on its operation, both ways through the gate", async () => {
    await publish('reports', '1.0.0', { contract: reportsContract(['id', 'total']) });
    await deploy('reports', '1.0.0');
    await publish('ledger', '1.0.0', { consumes: '  reports:\n    - operation: GET /v2/reports/7\n      response: [total]' });
    const consumer = await verdictOf('ledger', '1.0.0');
    expect(consumer.errors).toEqual([]);
    expect(consumer.code).toBe(0);
    await deploy('ledger', '1.0.0');

    // 2.0.0 drops `total`, which ledger reads through GET /v2/reports/7: refused, on that operation.
    await publish('reports', '2.0.0', { contract: reportsContract(['id']) });
    const provider = await verdictOf('reports', '2.0.0');
    expect(provider.code).toBe(1);
    expect(provider.errors).toContainEqual(expect.objectContaining({ code: 'field-missing', operation: 'GET /reports/{id}', field: 'total' }));
  });

  it("do not let the document's server path reach an operation that names servers of its own", async () => {
    await publish('audit', '1.0.0', { consumes: '  reports:\n    - GET /api/users/7\n    - GET /api/health' });
    const verdict = await verdictOf('audit', '1.0.0');
    expect(verdict.code).toBe(1);
    expect(verdict.errors).toEqual([expect.objectContaining({ code: 'operation-missing', operation: 'GET /api/users/7' })]);
    // The same user, called where the operation is served, is found.
    await publish('audit', '1.1.0', { consumes: '  reports:\n    - GET /internal/users/7\n    - GET /api/health' });
    const served = await verdictOf('audit', '1.1.0');
    expect(served.errors).toEqual([]);
    expect(served.code).toBe(0);
  });
});
