// "Deprecated since": a version that removed the part but never ran in the environment (the gate refused it) ends no
// deprecation there, so the part is deprecated since the version that first deprecated it, not the one that put it back.
// A version that did run there without the deprecation ends it, as before.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const contract = (paths: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const plain = contract({ '/users': { get: ok }, '/legacy': { get: ok } });
const deprecated = contract({ '/users': { get: ok }, '/legacy': { get: { ...ok, deprecated: true } } });
const removed = contract({ '/users': { get: ok } });

const session = useRegistry({
  name: 'migrations-deprecated-since',
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});
const production = gateStepsOf(session);
const staging = gateStepsOf(session, 'staging');

async function deprecatedSince(environment: string): Promise<string[]> {
  const listed = await session.cli('migrations', '--service', 'users-service', '--environment', environment, '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations.map((m: { operation: string; deprecatedIn: string }) => `${m.operation} since ${m.deprecatedIn}`);
}

describe('overseer migrations, deprecated since', () => {
  it('skips a removal that never ran in the environment, and counts one that did', async () => {
    const { publish, deploy } = production;
    await publish('users-service', '1.0.0', { contract: plain });
    await deploy('users-service', '1.0.0');
    await publish('users-service', '1.1.0', { contract: deprecated });
    await deploy('users-service', '1.1.0');
    await staging.deploy('users-service', '1.1.0');
    // 1.2.0 removes it: refused in production, where a consumer still calls it, but deployed in staging.
    await publish('users-service', '1.2.0', { contract: removed });
    await staging.deploy('users-service', '1.2.0');
    await publish('users-service', '1.3.0', { contract: deprecated });
    await deploy('users-service', '1.3.0');
    await staging.deploy('users-service', '1.3.0');

    expect(await deprecatedSince('production')).toEqual(['GET /legacy since 1.1.0']);
    expect(await deprecatedSince('staging')).toEqual(['GET /legacy since 1.3.0']);
  }, 90_000);
});
