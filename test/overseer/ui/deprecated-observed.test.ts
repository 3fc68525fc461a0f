// The service page's "Deprecated parts still in use" beside `overseer migrations`: a consumer seen calling a deprecated
// operation in traces still uses it (the gate refuses its removal), so the page must not say that nobody does; nor
// must it of a consumer whose manifest misspells the service, which the gate counts as a consumer too.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { traceExport } from '../../helpers/otlp.js';
import { type Harness, publishPairToProduction, startHarness } from '../routes/harness.js';

const USERS = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8').replace(
  '      operationId: getUser\n',
  '      operationId: getUser\n      deprecated: true\n      x-sunset: "2027-01-01"\n',
);
const WEB_APP = 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n';

let h: Harness;
afterEach(() => h?.close());

/** The text of the page's deprecated section (or another), tags stripped. */
async function deprecatedSection(url: string, id = 'deprecated'): Promise<string> {
  const res = await h.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  const section = new RegExp(`<h2 id="${id}">[\\s\\S]*?(?=<h2 id=)`).exec(res.body)?.[0] ?? '';
  return section
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the service page, deprecated parts used by a consumer seen in traces only', () => {
  it('lists the consumer, marked as seen calling it in traces, as the migrations page does', async () => {
    h = await startHarness({});
    await publishPairToProduction(h, USERS, WEB_APP);
    const quiet = await deprecatedSection('/services/users-service?environment=production');
    expect(quiet).toBe('Deprecated parts still in use No consumer uses a deprecated part of version 1.0.0.');

    const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: '/api/users/7' };
    expect((await h.send('POST', '/v1/traces', traceExport([call]))).statusCode).toBe(200);
    const migrations = await h.send('GET', '/v1/services/users-service/migrations?environment=production');
    expect(migrations.json().migrations).toMatchObject([{ operation: 'GET /users/{userId}', users: ['web-app'], ready: false }]);
    expect(await deprecatedSection('/services/users-service?environment=production')).toBe(
      'Deprecated parts still in use Deprecated in version 1.0.0 and still used Consumer Operation Deprecated part Sunset ' +
        'web-app seen calling it in traces, not declared GET /users/{userId} deprecated operation 2027-01-01',
    );
  });
});

describe('the service page, deprecated parts used by a consumer that misspells the service', () => {
  it('lists the consumer, with the name its manifest wrote, in an environment and over the latest versions, and among the consumers', async () => {
    h = await startHarness({});
    await publishPairToProduction(h, USERS, WEB_APP.replace('  users-service:', '  user-service:').replace('GET /users\n', 'getUser\n'));
    const migrations = await h.send('GET', '/v1/services/users-service/migrations?environment=production');
    expect(migrations.json().migrations).toMatchObject([{ operation: 'GET /users/{userId}', users: ['web-app'], ready: false }]);
    const row =
      'web-app 1.0.0 its manifest names user-service , which no service is named: the gate counts it as a consumer of this service ' +
      'GET /users/{userId} deprecated operation 2027-01-01';
    const table = 'Deprecated parts still in use Deprecated in version 1.0.0 and still used Consumer Operation Deprecated part Sunset ';
    expect(await deprecatedSection('/services/users-service?environment=production')).toBe(table + row);
    expect(await deprecatedSection('/services/users-service')).toBe(table + row);
    // And among the consumers, with the same words: "who uses me" lists no fewer than the gate counts.
    expect(await deprecatedSection('/services/users-service?environment=production', 'consumers')).toBe(
      'Consumers (1, deployed in production) web-app 1.0.0 its manifest names user-service , which no service is named: the gate counts it as a consumer of this service ' +
        'Operation Parameters sent Request fields sent Response fields read GET /users/{userId} getUser declared, never observed the whole operation',
    );
  });
});
