// A consumer rolled back to a version seen calling an operation the provider has since removed: the provider's removal
// passed (that version's calls were left out once it was replaced, rightly), so the rollback's own ask is the last gate
// before the calls fail. It answered yes with an `undeclared-call` notice advising to declare an operation that no
// longer exists. Refused now, whether the calls came as spans or as spanmetrics; a new version that no longer declares
// what an older one was seen calling is told so (evidence, not proof) and let through. Against a registry in the test's process.

import { describe, expect, it } from 'vitest';
import { buildCallsMetricExport } from '../../bench/spanmetrics-export.js';
import { traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const byId = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } };
const contract = (paths: object) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });
const threeHoursAgo = Date.now() - 3 * 3_600_000;

const session = useRegistry({ name: 'gate-rollback-observed', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

async function post(path: string, body: object): Promise<unknown> {
  const posted = await fetch(`${session.registry.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(posted.status).toBe(200);
  return posted.json();
}

describe('a consumer rolled back to a version seen calling what its provider removed since', () => {
  it('is refused, and a new version that dropped the call is told', async () => {
    await publish('users', '1.0.0', { contract: contract({ '/users/{id}': byId, '/legacy/{id}': byId }) });
    await deploy('users', '1.0.0');
    for (const consumer of ['reports', 'ledger']) {
      await publish(consumer, '1.0.0', {});
      await deploy(consumer, '1.0.0');
    }
    const call = {
      consumer: 'reports',
      consumerVersion: '1.0.0',
      environment: 'production',
      provider: 'users',
      method: 'GET',
      url: 'http://users/legacy/7',
      at: threeHoursAgo,
    };
    expect(await post('/v1/traces', traceExport([call]))).toEqual({ partialSuccess: {} });
    const series = {
      consumer: 'ledger',
      consumerVersion: '1.0.0',
      environment: 'production',
      provider: 'users',
      method: 'GET',
      route: '/legacy/{id}',
      count: 4,
      atMs: threeHoursAgo,
    };
    expect(await post('/v1/metrics', buildCallsMetricExport([series]))).toEqual({ partialSuccess: {} });
    for (const consumer of ['reports', 'ledger']) {
      await publish(consumer, '2.0.0', {});
      await deploy(consumer, '2.0.0');
    }
    await publish('users', '2.0.0', { contract: contract({ '/users/{id}': byId }) });
    expect((await verdictOf('users', '2.0.0')).code).toBe(0); // the 1.0.0s run no more: their calls are left out
    await deploy('users', '2.0.0');

    for (const consumer of ['reports', 'ledger']) {
      const rollback = await verdictOf(consumer, '1.0.0');
      expect(rollback.code, JSON.stringify(rollback.verdict)).toBe(1); // answered 0, with an undeclared-call notice
      expect(rollback.errors).toEqual([
        expect.objectContaining({ code: 'operation-missing', consumer, provider: 'users', operation: 'GET /legacy/{id}', basis: 'observed' }),
      ]);
      expect(rollback.errors[0]!.message).toContain(`observed: ${consumer} 1.0.0 calls GET /legacy/{id}, last seen `);
      expect(JSON.stringify(rollback.verdict)).not.toContain('add it to consumes');
      // check --against judges the working tree named as that version alike.
      const checked = await session.cli(
        'check',
        '--manifest',
        `${session.dir}/${consumer}-1.0.0/overseer.yaml`,
        '--against',
        'production',
        '--version',
        '1.0.0',
      );
      expect(checked.code, checked.stdout + checked.stderr).toBe(1);
      expect(checked.stdout).toContain('GET /legacy/{id}');
    }

    // Calls of an older version are evidence, not proof, that the new one still makes them: said, not refused.
    await publish('reports', '3.0.0', {});
    const next = await verdictOf('reports', '3.0.0');
    expect(next.code, JSON.stringify(next.verdict)).toBe(0);
    expect(next.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'undeclared-call',
        message: expect.stringContaining('reports 1.0.0 was observed calling users GET /legacy/{id} in production (last seen '),
      }),
    ]);
    const said = (next.verdict.notices as { message: string }[])[0]!.message;
    expect(said).toContain('which users 2.0.0 live there does not offer: if reports 3.0.0 still makes this call, it fails');
    expect(said).not.toContain('add it to consumes');
  });
});
