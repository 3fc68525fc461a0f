// A provider mid-rollout serves two contracts: its canary (recorded --rolling) and the version beside it. Spans were
// matched against the newest alone, so a call to an operation the canary drops, answered by the older version's pods,
// was refused as `no-matching-operation` and counted for nobody: the canary's promotion was then let through (exit 0)
// though a consumer live there calls what it removes. Real HTTP, OTLP/JSON and metrics, against a registry in the test's process.

import { describe, expect, it } from 'vitest';
import { callsMetricExport, traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const byId = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } };
const contract = (paths: object) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });

const session = useRegistry({ name: 'observe-canary-calls', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

async function post(signal: 'traces' | 'metrics', body: object): Promise<unknown> {
  const posted = await fetch(`${session.registry.url}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(posted.status).toBe(200);
  return posted.json();
}

/** `provider` 1.0.0 deployed with GET /legacy/{id}, its canary 1.1.0 (which drops it) rolling beside it, and `caller` deployed, declaring nothing. */
async function canaryBeside(provider: string, caller: string): Promise<void> {
  await publish(provider, '1.0.0', { contract: contract({ '/users/{id}': byId, '/legacy/{id}': byId }) });
  await deploy(provider, '1.0.0');
  await publish(caller, '1.0.0', {});
  await deploy(caller, '1.0.0');
  await publish(provider, '1.1.0', { contract: contract({ '/users/{id}': byId }) });
  expect((await verdictOf(provider, '1.1.0')).code).toBe(0);
  const rolling = await session.cli('record-deployment', '--service', provider, '--version', '1.1.0', '--env', 'production', '--rolling');
  expect(rolling.code, rolling.stderr).toBe(0);
}

describe('calls to an operation the rolling canary drops but the version beside it serves', () => {
  it('count at the gate: the promotion of the canary is refused, naming the caller', async () => {
    await canaryBeside('users', 'reports');

    const call = { consumer: 'reports', consumerVersion: '1.0.0', environment: 'production', provider: 'users', method: 'GET', url: 'http://users/legacy/7' };
    expect(await post('traces', traceExport([call]))).toEqual({ partialSuccess: {} });

    const promotion = await verdictOf('users', '1.1.0');
    expect(promotion.code).toBe(1);
    expect(promotion.errors).toContainEqual(
      expect.objectContaining({ code: 'operation-missing', consumer: 'reports', message: expect.stringContaining('reports calls GET /legacy/{id}') }),
    );
    const usage = await session.cli('usage', '--service', 'reports', '--environment', 'production');
    expect(usage.stdout).toContain('GET /legacy/{id}: observed, not declared');
  });

  it('count as well when a Collector sends them as spanmetrics', async () => {
    await canaryBeside('accounts', 'billing');
    const series = { consumer: 'billing', environment: 'production', provider: 'accounts', method: 'GET', route: '/legacy/{id}', count: 3 };
    expect(await post('metrics', callsMetricExport([series]))).toEqual({ partialSuccess: {} });

    const promotion = await verdictOf('accounts', '1.1.0');
    expect(promotion.code).toBe(1);
    expect(promotion.errors).toContainEqual(expect.objectContaining({ code: 'operation-missing', consumer: 'billing' }));
  });
});
