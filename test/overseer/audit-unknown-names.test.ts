// The audit trail filtered by a name nobody created or published (`?environment=prodution`, `?service=user-service`)
// answered an empty list over the API, and the audit page an empty table for the service: "the gate never refused it".
// Both now answer 404 naming what was probably meant, as the audit page did for an environment. Real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';

let dir = '';
let registry: RegistryHere;
const cli = (...args: string[]) => runCliHere([...args, '--registry', registry.url]);
const api = async (path: string) => {
  const res = await fetch(`${registry.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const page = async (path: string) => {
  const res = await fetch(`${registry.url}${path}`, { headers: { accept: 'text/html' } });
  return { status: res.status, body: await res.text() };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-audit-names-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  for (const args of [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
  ]) {
    const r = await cli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the audit trail asked about a name nobody created', () => {
  it('over the API, an environment never created is 404 with the one meant', async () => {
    expect(await api('/v1/verdicts?environment=prodution')).toEqual({
      status: 404,
      body: { code: 'ERR_ENVIRONMENT_UNKNOWN', message: "unknown environment 'prodution' (known: production): did you mean production?" },
    });
  });

  it('over the API and on the audit page, a service never published nor asked about is 404 with the one meant', async () => {
    expect(await api('/v1/verdicts?service=user-service')).toEqual({
      status: 404,
      body: { code: 'ERR_SERVICE_UNKNOWN', message: 'no service is named user-service, and no verdict was recorded for it: did you mean users-service?' },
    });
    const audit = await page('/audit?service=user-service');
    expect(audit.status).toBe(404);
    expect(audit.body).toContain('No service is named “user-service”: did you mean <a href="/audit?service=users-service">users-service</a>?');
  });

  it('lists what there is: a known service without verdicts, and the asks recorded under a name never published', async () => {
    expect(await api('/v1/verdicts?service=users-service')).toEqual({ status: 200, body: { verdicts: [] } });
    expect((await cli('can-i-deploy', '--service', 'user-service', '--version', '1.0.0', '--to', 'production')).code).toBe(2);
    const listed = await api('/v1/verdicts?service=user-service');
    expect(listed.status).toBe(200);
    expect(listed.body.verdicts).toMatchObject([{ service: 'user-service', decision: 'undecided' }]);
    const audit = await page('/audit?service=user-service');
    expect(audit.status).toBe(200);
    expect(audit.body).toContain('<td><a href="/services/user-service">user-service</a> <code>1.0.0</code></td>');
  });
});
