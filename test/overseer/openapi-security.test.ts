// /openapi.json's `security` against what each route really asks of a caller: a client generated from the document
// (or a reader of it) must send a token where one is needed, and may leave it out where it is not. OTLP's two routes
// said nothing while refusing every export without a token.

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type Harness, startHarness } from './routes/harness.js';

type Need = 'required' | 'optional' | 'none';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ adminToken: ADMIN_TOKEN });
});
afterAll(() => harness.close());

/** What the document says: no `security`, a bearer token alone, or a bearer token or nothing (`{}`). */
function documented(security: Record<string, unknown>[] | undefined): Need | string {
  if (security === undefined) return 'none';
  const bearer = security.some((s) => 'bearerAuth' in s);
  const anonymous = security.some((s) => Object.keys(s).length === 0);
  if (bearer && anonymous) return 'optional';
  if (bearer && security.length === 1) return 'required';
  return JSON.stringify(security);
}

/**
 * What the route does, with an admin token configured: refuses a caller without a token (required), takes one without
 * but refuses an unknown token (optional: a token presented is checked), or takes either (none). Every route checks
 * the token before its body or query, so an empty body and `x` for every path parameter are enough to tell.
 */
async function observed(method: string, path: string): Promise<Need> {
  const withBody = method !== 'GET' && method !== 'DELETE';
  const send = (authorization?: string) =>
    harness.app.inject({
      method: method as InjectOptions['method'],
      url: path.replace(/\{[^}]+\}/g, 'x'),
      headers: { ...(withBody && { 'content-type': 'application/json' }), ...(authorization && { authorization }) },
      ...(withBody && { payload: '{}' }),
    });
  if ((await send()).statusCode === 401) return 'required';
  return (await send('Bearer a-token-this-registry-never-issued')).statusCode === 401 ? 'optional' : 'none';
}

describe('the security /openapi.json gives each route', () => {
  it('is what the route asks of a caller when the registry has an admin token', async () => {
    const answer = await harness.send('GET', '/openapi.json');
    expect(answer.statusCode).toBe(200);
    const paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> = answer.json().paths;
    const said: string[] = [];
    const done: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        said.push(`${route}: ${documented(operation.security)}`);
        done.push(`${route}: ${await observed(method.toUpperCase(), path)}`);
      }
    }
    expect(said).toEqual(done);
    // Both kinds are present, so that the comparison tells them apart; no route reads a wrong token on as anonymous.
    for (const need of ['required', 'optional']) expect(done.some((line) => line.endsWith(`: ${need}`))).toBe(true);
    expect(done.filter((line) => line.endsWith(': none'))).toEqual([]);
    expect(done).toEqual(
      expect.arrayContaining(['POST /v1/traces: required', 'POST /v1/metrics: required', 'POST /v1/check: optional', 'GET /healthz: optional']),
    );
  });

  it('names what the bearer scheme is and when it is needed', async () => {
    const scheme = (await harness.send('GET', '/openapi.json')).json().components.securitySchemes.bearerAuth;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(scheme.description).toMatch(/OVERSEER_ADMIN_TOKEN/);
  });
});
