// The Migrations page says, for each consumer still using a deprecated part, whether its manifest declares the use or
// traces alone show it: the first is changed in a manifest, the second in code nobody declared. Under
// OVERSEER_USAGE=declared, the callers seen in traces that the gate does not count are listed too, as the CLI lists them.

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
  /legacy-users:
    get:
      deprecated: true
      responses:
        '200': { description: ok }
`;

let h: Harness;
afterEach(() => h?.close());

// web-app declares GET /users/{id}; admin-app declares nothing of users-service and calls it, and /legacy-users.
async function seed(h: Harness): Promise<void> {
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
    traceExport([
      { consumer: 'admin-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'http://users/users/7' },
      { consumer: 'admin-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'http://users/legacy-users' },
    ]),
  );
}

/** The words of the table row of `part`, as a reader sees them. */
function readRow(page: string, part: string): string | undefined {
  const row = page.split('<tr ').find((r) => r.includes(`<code>${part}</code>`));
  if (row === undefined) return undefined;
  const cells = row.split('</tr>')[0] ?? '';
  return cells
    .replace(/^[^>]*>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the Migrations page', () => {
  it('labels each consumer still using a deprecated part as declared or observed in traces', async () => {
    h = await startHarness();
    await seed(h);
    const page = (await h.send('GET', '/services/users-service/migrations')).body;
    expect(page).toContain('GET /users/{userId} (the whole operation)');
    const users = (name: string) =>
      new RegExp(`href="/services/${name}\\?environment=production">${name}</a> <span class="badge (\\w+)">([^<]+)</span>`).exec(page);
    expect(users('web-app')?.slice(1)).toEqual(['declared', 'declared']);
    expect(users('admin-app')?.slice(1)).toEqual(['observed', 'observed in traces']);
    // Counted from traces alone, it keeps the part unready until its calls leave the window: the page says when it last called.
    const lastSeen = (api: { migrations: { lastSeen?: Record<string, string> }[] }) => api.migrations[0]?.lastSeen?.['admin-app'];
    const seen = lastSeen((await h.send('GET', '/v1/services/users-service/migrations')).json());
    expect(seen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(readRow(page, 'GET /users/{userId} (the whole operation)')).toContain(
      `admin-app observed in traces last seen ${seen!.slice(0, 10)} ${seen!.slice(11, 16)} UTC owners @acme/admin`,
    );
    // The page reads the API's own answer: the same consumers are observed-only there.
    const api = (await h.send('GET', '/v1/services/users-service/migrations')).json();
    expect(api.migrations.map((m: { users: string[]; observed?: string[] }) => [m.users, m.observed])).toEqual([
      [['admin-app', 'web-app'], ['admin-app']],
      [['admin-app'], ['admin-app']],
    ]);
  });

  it('lists the callers the gate does not count under OVERSEER_USAGE=declared, in the words of overseer migrations', async () => {
    h = await startHarness({ env: { OVERSEER_USAGE: 'declared' } });
    await seed(h);
    const page = (await h.send('GET', '/services/users-service/migrations')).body;
    const uncounted = 'admin-app not counted seen calling it in traces: not counted, the registry runs with OVERSEER_USAGE=declared owners @acme/admin';
    expect(readRow(page, 'GET /users/{userId} (the whole operation)')).toBe(
      `GET /users/{userId} (the whole operation) 1.0.0 none given web-app declared owners @acme/web ${uncounted} in use`,
    );
    // Ready for the gate, called all the same: removing it breaks admin-app.
    expect(readRow(page, 'GET /legacy-users (the whole operation)')).toBe(
      `GET /legacy-users (the whole operation) 1.0.0 none given no consumer counted ${uncounted} ready to remove`,
    );
    const api = (await h.send('GET', '/v1/services/users-service/migrations')).json();
    expect(api.migrations.map((m: { users: string[]; uncounted?: string[] }) => [m.users, m.uncounted])).toEqual([
      [['web-app'], ['admin-app']],
      [[], ['admin-app']],
    ]);
  });
});
