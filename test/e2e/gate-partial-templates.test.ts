// A path segment may hold a template and text together (`/reports/{id}.json`, `/files/{name}.{ext}`: OpenAPI's path
// templating marks a section of a path, not only a whole segment). A call to `/reports/7.json`, seen in traces, sent
// by a pact or named by a manifest, is a use of that operation: unplaced, the gate let the provider drop it (a wrong
// yes) and refused the pact's consumer for an operation the provider has (a wrong no).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const contract = (paths: Record<string, object>) => ({ openapi: '3.1.0', info: { title: 'reports', version: '1' }, paths });
const FULL = {
  '/reports/{id}': { get: { parameters: [param('id')], responses: ok } },
  '/reports/{id}.json': { get: { parameters: [param('id')], responses: ok } },
  '/files/{name}.{ext}': { get: { parameters: [param('name'), param('ext')], responses: ok } },
};
const WITHOUT_SUFFIXED = { '/reports/{id}': FULL['/reports/{id}'] };

const pact = {
  consumer: { name: 'archive' },
  provider: { name: 'reports' },
  interactions: [{ description: 'file a.txt', request: { method: 'GET', path: '/files/a.txt' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'gate-partial-templates',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'archive-reports.json'), JSON.stringify(pact)),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

async function postCall(consumer: string, url: string): Promise<void> {
  const spans = [{ consumer, url, environment: 'production', provider: 'reports', method: 'GET' }];
  const posted = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport(spans)),
  });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
}

describe('a template that shares its segment with text', () => {
  it('places calls, pacts and manifests on that operation, both ways through the gate', async () => {
    await publish('reports', '1.0.0', { contract: contract(FULL) });
    await deploy('reports', '1.0.0');

    const published = await cli('publish', '--pact', join(session.dir, 'archive-reports.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    const archive = await verdictOf('archive', '1.0.0');
    expect(archive.errors).toEqual([]);
    expect(archive.code).toBe(0);
    await deploy('archive', '1.0.0');

    await publish('exporter', '1.0.0', { consumes: '  reports:\n    - GET /reports/7.json' });
    expect(await verdictOf('exporter', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    await deploy('exporter', '1.0.0');

    await publish('viewer', '1.0.0', {});
    await deploy('viewer', '1.0.0');
    await postCall('viewer', 'http://reports/reports/7.json');
    const usage = await cli('usage', '--service', 'viewer', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses).toEqual([expect.objectContaining({ provider: 'reports', operation: 'GET /reports/{id}.json' })]);

    // 2.0.0 keeps GET /reports/{id} and drops the suffixed operations each of the three uses.
    await publish('reports', '2.0.0', { contract: contract(WITHOUT_SUFFIXED) });
    const provider = await verdictOf('reports', '2.0.0');
    expect(provider.code).toBe(1);
    const broken = provider.errors.filter((e) => e.code === 'breaks-consumer').map((e) => e.consumer);
    expect(broken.sort()).toEqual(['archive', 'exporter', 'viewer']);
  });
});
