// A provider moves its base path from the server URL into its paths (`https://x/api` + `/users/{id}` becomes `https://x`
// + `/api/users/{id}`): every client's request URL is the same, so the gate lets it through; a later version that really
// removes a field breaks the consumers that named it under the old path (declared, a Pact placed at publish, a call
// placed at ingest), not "already unmet". Against a real registry, traces posted to it as OTLP/JSON.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const contract = (server: string, prefix: string, fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'accounts', version: '1' },
  servers: [{ url: server }],
  paths: {
    [`${prefix}/users/{id}`]: {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } },
            },
          },
        },
      },
    },
    [`${prefix}/health`]: { get: { responses: { '204': { description: 'up' } } } },
  },
});

/** portal's pact: the URL it calls, `/api/users/1`, under either contract. */
const pact = {
  consumer: { name: 'portal' },
  provider: { name: 'accounts' },
  interactions: [{ description: 'user 1', request: { method: 'GET', path: '/api/users/1' }, response: { status: 200, body: { id: '1', plan: 'pro' } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'gate-base-path-moved',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'portal-accounts.json'), JSON.stringify(pact)),
});
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a base path moved from the server URL into the paths, against a real registry', () => {
  it('passes the move, then refuses a real removal as breaking the consumers that named the old path', async () => {
    await publish('accounts', '1.0.0', { contract: contract('https://accounts.example.com/api', '', ['id', 'plan']) });
    await deploy('accounts', '1.0.0');
    await publish('billing', '1.0.0', { consumes: '  accounts:\n    - operation: GET /users/{id}\n      response: [plan]' });
    await deploy('billing', '1.0.0');
    // Matched at publish against accounts 1.0.0: stored as `GET /users/{id}`, the path under its server's /api.
    const published = await session.cli('publish', '--pact', join(session.dir, 'portal-accounts.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    await deploy('portal', '1.0.0');
    // ops declares only the health check, and is seen calling the user: placed at ingest as `GET /users/{id}` too.
    await publish('ops', '1.0.0', { consumes: '  accounts:\n    - GET /health' });
    await deploy('ops', '1.0.0');
    const call = { consumer: 'ops', environment: 'production', provider: 'accounts', method: 'GET', url: 'https://accounts.example.com/api/users/1' };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(posted.status, await posted.text()).toBe(200);

    await publish('accounts', '1.1.0', { contract: contract('https://accounts.example.com', '/api', ['id', 'plan']) });
    const moved = await verdictOf('accounts', '1.1.0');
    expect(moved.errors).toEqual([]);
    expect(moved.code, JSON.stringify(moved.verdict)).toBe(0);
    await deploy('accounts', '1.1.0');

    await publish('accounts', '1.2.0', { contract: contract('https://accounts.example.com', '/api', ['id']) });
    const removed = await verdictOf('accounts', '1.2.0');
    expect(removed.code).toBe(1);
    expect(removed.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'billing', message: expect.stringContaining('GET /api/users/{id}') }),
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'ops', message: expect.stringContaining('GET /api/users/{id}') }),
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'portal', message: expect.stringContaining('GET /api/users/{id}') }),
      expect.objectContaining({ code: 'field-missing', consumer: 'billing', field: 'plan' }),
      expect.objectContaining({ code: 'field-missing', consumer: 'portal', field: 'plan' }),
    ]);
    expect(JSON.stringify(removed.errors)).not.toContain('already unmet');

    // The operation itself removed: billing's use is broken by this version, not "already unmet", and said once: the
    // removal of GET /api/users/{id} is the GET /users/{id} billing wrote against the old base path, not a second fault.
    const gone = contract('https://accounts.example.com', '/api', ['id', 'plan']);
    delete (gone.paths as Record<string, unknown>)['/api/users/{id}'];
    await publish('accounts', '1.3.0', { contract: gone });
    const dropped = await verdictOf('accounts', '1.3.0');
    expect(dropped.code).toBe(1);
    expect(dropped.errors).not.toContainEqual(expect.objectContaining({ code: 'operation-missing', consumer: 'billing' }));
    expect(dropped.errors).toContainEqual(
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'billing', message: expect.stringContaining('path /api/users/{id} (GET) was removed') }),
    );
    expect(JSON.stringify(dropped.errors)).not.toContain('already unmet');
  });
});
