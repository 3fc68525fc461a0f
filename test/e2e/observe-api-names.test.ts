// A Backstage shop names its APIs (`users-api`), and the registry resolves a consumer's `consumesApis: [users-api]` to
// the service whose entity provides it. A span whose `peer.service` names that API was refused as `unknown-provider`
// ("no known service is named by: peer.service users-api"), counted for nobody, and the gate then let through a removal
// of what that caller calls. Such a span is a call to the service providing the API now. Real HTTP, OTLP/JSON.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const byId = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } };
const contract = (paths: object) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const entity = ['apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata: {name: users-service}', 'spec:', '  type: service'];

const session = useRegistry({ name: 'observe-api-names', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

/** users-service's entity (providing the API users-api) published as `version` with `paths`. */
async function publishEntity(version: string, paths: object): Promise<void> {
  const folder = join(session.dir, `users-service-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'catalog-info.yaml'), [...entity, '  owner: group:acme/users', '  providesApis: [api:users-api]', ''].join('\n'));
  await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(paths)));
  const published = await session.cli(
    'publish',
    '--manifest',
    join(folder, 'catalog-info.yaml'),
    '--contract',
    join(folder, 'openapi.json'),
    '--version',
    version,
  );
  expect(published.code, published.stderr).toBe(0);
}

describe('a span whose peer.service names the Backstage API a service provides', () => {
  it('is a call to that service, and its removal is refused', async () => {
    await publishEntity('1.0.0', { '/users/{id}': byId, '/legacy/{id}': byId });
    await deploy('users-service', '1.0.0');
    await publish('reports', '1.0.0', {});
    await deploy('reports', '1.0.0');

    const call: ClientCall = { consumer: 'reports', environment: 'production', provider: 'users-api', method: 'GET', url: 'http://users/legacy/7' };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });

    await publishEntity('2.0.0', { '/users/{id}': byId });
    const removal = await verdictOf('users-service', '2.0.0');
    expect(removal.code).toBe(1);
    expect(removal.errors).toContainEqual(
      expect.objectContaining({ code: 'operation-missing', consumer: 'reports', message: expect.stringContaining('reports calls GET /legacy/{id}') }),
    );
    const usage = await session.cli('usage', '--service', 'reports', '--environment', 'production');
    expect(usage.stdout).toContain('users-service\n    GET /legacy/{id}: observed, not declared');
  });
});
