// The Migrations page says, for each consumer still using a deprecated part, whether its manifest declares the use or
// traces alone show it: the first is changed in a manifest, the second in code nobody declared.

import { afterEach, describe, expect, it } from 'vitest';
import { traceExport } from '../../helpers/otlp.js';
import { type Harness, startHarness } from '../routes/harness.js';

const CONTRACT = `openapi: 3.0.3
info: { title: users, version: 1.0.0 }
paths:
  /users/{userId}:
    get:
      operationId: getUser
      deprecated: true
      parameters:
        - { name: userId, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: ok }
`;

let h: Harness;
afterEach(() => h?.close());

describe('the Migrations page', () => {
  it('labels each consumer still using a deprecated part as declared or observed in traces', async () => {
    h = await startHarness();
    const ok = async (method: string, url: string, body: unknown) => {
      const res = await h.send(method, url, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: CONTRACT, service: { owners: ['@acme/users'] } });
    await ok('POST', '/v1/services/web-app/versions', {
      version: '1.0.0',
      manifest: 'service: web-app\nconsumes:\n  users-service:\n    - GET /users/{id}\n',
      service: { owners: ['@acme/web'] },
    });
    await ok('POST', '/v1/services/admin-app/versions', { version: '1.0.0', manifest: 'service: admin-app\n', service: { owners: ['@acme/admin'] } });
    await ok('POST', '/v1/environments', { name: 'production' });
    for (const service of ['users-service', 'web-app', 'admin-app'])
      await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
    // admin-app declares nothing of users-service, and calls it all the same.
    await ok(
      'POST',
      '/v1/traces',
      traceExport([{ consumer: 'admin-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'http://users/users/7' }]),
    );

    const page = (await h.send('GET', '/services/users-service/migrations')).body;
    expect(page).toContain('GET /users/{userId} (the whole operation)');
    const users = (name: string) =>
      new RegExp(`href="/services/${name}\\?environment=production">${name}</a> <span class="badge (\\w+)">([^<]+)</span>`).exec(page);
    expect(users('web-app')?.slice(1)).toEqual(['declared', 'declared']);
    expect(users('admin-app')?.slice(1)).toEqual(['observed', 'observed in traces']);
    // The page reads the API's own answer: the same consumers are observed-only there.
    const api = (await h.send('GET', '/v1/services/users-service/migrations')).json();
    expect(api.migrations.map((m: { users: string[]; observed?: string[] }) => [m.users, m.observed])).toEqual([[['admin-app', 'web-app'], ['admin-app']]]);
  });
});
