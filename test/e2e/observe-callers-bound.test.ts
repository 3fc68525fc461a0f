// OVERSEER_MAX_OBSERVED_CONSUMERS bounds the callers kept per provider and environment, against made-up names. An SDK
// left to name its service by pod (`web-7f9c-a1`, a new name each restart) filled it, and then the calls of a real,
// registered consumer were refused ("callers refused"): the gate said yes to removing what that consumer calls. A
// registered service is always kept now; the names nobody published still meet the bound. Real HTTP, OTLP/JSON.

import { describe, expect, it } from 'vitest';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const byId = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } };
const contract = (paths: object) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });

const session = useRegistry({
  name: 'observe-callers-bound',
  serveEnv: { OVERSEER_MAX_OBSERVED_CONSUMERS: '3' },
  setup: [['environment', 'create', 'production']],
});
const { publish, deploy, verdictOf } = gateStepsOf(session);

async function post(calls: ClientCall[]): Promise<unknown> {
  const body = JSON.stringify(traceExport(calls));
  const posted = await fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(posted.status).toBe(200);
  return posted.json();
}

const callOf = (consumer: string, path: string): ClientCall => ({
  consumer,
  environment: 'production',
  provider: 'users',
  method: 'GET',
  url: `http://users${path}`,
});

describe('callers past the bound on observed callers', () => {
  it('are refused when nobody published their name, and kept when they are a registered service', async () => {
    await publish('users', '1.0.0', { contract: contract({ '/users/{id}': byId, '/legacy/{id}': byId }) });
    await deploy('users', '1.0.0');
    expect(await post(['web-7f9c-a1', 'web-7f9c-b2', 'web-7f9c-c3'].map((pod) => callOf(pod, '/users/1')))).toEqual({ partialSuccess: {} });

    await publish('reports', '1.0.0', {});
    await deploy('reports', '1.0.0');
    expect(await post([callOf('reports', '/legacy/7')])).toEqual({ partialSuccess: {} });
    const stranger = (await post([callOf('web-7f9c-d4', '/users/1')])) as { partialSuccess: { rejectedSpans?: string | number; errorMessage?: string } };
    expect(Number(stranger.partialSuccess.rejectedSpans)).toBe(1);
    expect(stranger.partialSuccess.errorMessage).toContain('callers refused 1: users in production already had 3 observed callers');

    await publish('users', '2.0.0', { contract: contract({ '/users/{id}': byId }) });
    const removal = await verdictOf('users', '2.0.0');
    expect(removal.code).toBe(1);
    expect(removal.errors).toContainEqual(
      expect.objectContaining({ code: 'operation-missing', consumer: 'reports', message: expect.stringContaining('reports calls GET /legacy/{id}') }),
    );
  });
});
