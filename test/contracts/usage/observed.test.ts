// OTLP spans turned into observed calls: who called which operation of whom, where.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createCallTally,
  createOperationMatcher,
  describeUnnamed,
  findNearestName,
  matchCalls,
  parseContract,
  readOtlpTraces,
  TelemetryError,
} from '../../../contracts/index.js';
import { traceExport } from '../../helpers/otlp.js';

const users = await parseContract(readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8'), 'users.v1.yaml');
const match = createOperationMatcher(users.doc);
const lookup = {
  providerOfHost: (host: string) => (host === 'users.internal' ? 'users-service' : undefined),
  isKnown: (name: string) => name === 'users-service',
  operationsOf: (name: string, environment: string) => (name === 'users-service' && environment === 'production' ? match : undefined),
};
const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'http://users.internal/api/users/7' };

describe('spans -> observed calls', () => {
  it('names whom the spans of no known provider called, three callees at most, and how many spans more', () => {
    const calls = [
      { ...call, provider: 'users', url: 'http://users.example/users/7' },
      { ...call, provider: 'users', url: 'http://users.example/users/8' },
      { ...call, provider: undefined, url: 'http://billing.internal/invoices/1' },
      { ...call, provider: undefined, url: '/users/7' },
      { ...call, provider: undefined, url: 'http://ledger.internal/entries' },
    ];
    const { spans } = readOtlpTraces(traceExport(calls), '2026-01-01T00:00:00.000Z');
    const result = matchCalls(spans, lookup);
    expect(result.unmatched).toEqual({ 'unknown-provider': 5 });
    expect(describeUnnamed(result)).toBe(
      '; no known service is named by: peer.service users (host users.example) 2, host billing.internal 1, (no peer.service, no host) 1 ' +
        'and 1 more: set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml',
    );
  });

  it('matches paths and routes to operations, literal segments first, under the server base path', () => {
    expect(match('GET', '/api/users/7', false)).toBe('GET /users/{userId}');
    expect(match('GET', '/users/7', false)).toBe('GET /users/{userId}');
    expect(match('GET', '/api/users/me', false)).toBe('GET /users/me');
    expect(match('GET', '/api/users/{id}', true)).toBe('GET /users/{userId}');
    expect(match('GET', '/users/:id', true)).toBe('GET /users/{userId}');
    expect(match('POST', '/users', false)).toBeUndefined();
    expect(match('GET', '/users/7/orders', false)).toBeUndefined();
  });

  it('reads a HEAD call as its GET where no HEAD is written, a preflight OPTIONS as no use, a template written literally as its route', () => {
    // A server answers HEAD wherever it answers GET (RFC 9110, 9.3.2): the caller relies on that operation being there.
    expect(match('HEAD', '/api/users/7', false)).toBe('GET /users/{userId}');
    expect(match('head', '/users/me', false)).toBe('GET /users/me');
    expect(match('OPTIONS', '/api/users/7', false)).toBeUndefined();
    // A client library that puts the template itself in the URL it reports (`/users/{id}`, or percent-encoded).
    expect(match('GET', '/api/users/{id}', false)).toBe('GET /users/{userId}');
    expect(match('GET', '/api/users/%7Bid%7D', false)).toBe('GET /users/{userId}');
  });

  it('reads service.name and peer.service as a Pact name is read: WebApp is web-app, webapp where the registry knows only that', () => {
    const { spans } = readOtlpTraces(traceExport([{ ...call, consumer: 'WebApp', provider: 'UsersService' }]), '2026-01-01T00:00:00.000Z');
    const names = (known: string[]) => {
      const operationsOf = (n: string) => (known.includes(n) ? match : undefined);
      return matchCalls(spans, { ...lookup, isKnown: (n: string) => known.includes(n), operationsOf }).calls.map((c) => [c.consumer, c.provider]);
    };
    expect(names(['users-service', 'web-app'])).toEqual([['web-app', 'users-service']]);
    // Unregistered consumers are counted too, under their words' reading, as `overseer publish-pact` would name them.
    expect(names(['users-service'])).toEqual([['web-app', 'users-service']]);
    expect(names(['usersservice', 'webapp'])).toEqual([['webapp', 'usersservice']]);
    expect(names(['users-service', 'usersservice', 'webapp', 'web-app'])).toEqual([['web-app', 'users-service']]);
  });

  it('aggregates CLIENT spans per key, counts the unmatched by reason, and counts SERVER children as confirmations', () => {
    const body = traceExport([
      { ...call, spanId: '00000000000000a1', at: 1_800_000_000_000 },
      { ...call, spanId: '00000000000000a2', at: 1_800_000_100_000 },
      { ...call, provider: undefined, serverAddress: 'users.internal', spanId: '00000000000000a3', at: 1_800_000_050_000 },
      { ...call, consumer: 'users-service', kind: 2, parentSpanId: '00000000000000a1', spanId: '00000000000000b1' },
      { ...call, provider: 'orders-service', url: 'http://orders.internal/api/orders/7' },
      { ...call, url: undefined },
    ]);
    const { spans, malformed } = readOtlpTraces(body, '2026-01-01T00:00:00.000Z');
    const result = matchCalls(spans, lookup, { malformed });
    expect(result.calls).toEqual([
      {
        consumer: 'web-app',
        provider: 'users-service',
        operation: 'GET /users/{userId}',
        environment: 'production',
        count: 3,
        firstSeen: new Date(1_800_000_000_000).toISOString(),
        lastSeen: new Date(1_800_000_100_000).toISOString(),
      },
    ]);
    expect(result.unmatched).toEqual({ 'unknown-provider': 1, 'no-method-or-path': 1 });
    expect(result.confirmed).toBe(1);
  });

  it('falls back to the host when peer.service names no known service, and counts the span unknown when neither is', () => {
    const body = traceExport([
      { ...call, provider: 'users', spanId: '00000000000000c1' },
      { ...call, provider: 'users', url: 'http://elsewhere.internal/api/users/7', spanId: '00000000000000c2' },
    ]);
    const result = matchCalls(readOtlpTraces(body, '2026-01-01T00:00:00.000Z').spans, lookup);
    expect(result.calls.map((c) => [c.provider, c.operation, c.count])).toEqual([['users-service', 'GET /users/{userId}', 1]]);
    expect(result.unmatched).toEqual({ 'unknown-provider': 1 });
  });

  it('counts spans of an environment the registry lacks by their own reason, and names the environment meant', () => {
    const body = traceExport([{ ...call, environment: 'prod' }, { ...call, environment: 'prod' }, call]);
    const isEnvironment = (name: string) => name === 'production' || name === 'staging';
    const result = matchCalls(readOtlpTraces(body, '2026-01-01T00:00:00.000Z').spans, { ...lookup, isEnvironment });
    expect(result.unmatched).toEqual({ 'unknown-environment': 2 });
    expect(result.unknownEnvironments).toEqual({ prod: 2 });
    const known = ['production', 'staging'];
    expect(['prod', 'prd', 'stg', 'producton', 'Production', 'qa'].map((name) => findNearestName(name, known))).toEqual([
      'production',
      'production',
      'staging',
      'production',
      'production',
      undefined,
    ]);
  });

  it('takes the environment from the old attribute, enum names for kinds, and counts malformed spans', () => {
    const body = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'web-app' } },
              { key: 'deployment.environment', value: { stringValue: 'production' } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  kind: 'SPAN_KIND_CLIENT',
                  attributes: [
                    { key: 'http.method', value: { stringValue: 'GET' } },
                    { key: 'http.url', value: { stringValue: 'http://x/users' } },
                    { key: 'peer.service', value: { stringValue: 'users-service' } },
                  ],
                },
                'not a span',
              ],
            },
          ],
        },
      ],
    };
    const { spans, malformed } = readOtlpTraces(body, '2026-01-01T00:00:00.000Z');
    const result = matchCalls(spans, lookup, { malformed });
    expect(result.calls.map((c) => [c.operation, c.environment, c.lastSeen])).toEqual([['GET /users', 'production', '2026-01-01T00:00:00.000Z']]);
    expect(result.unmatched).toEqual({ 'malformed-span': 1 });
  });

  it('reads a method the instrumentation calls _OTHER as the method it kept beside it', () => {
    const body = traceExport([{ ...call, method: '_OTHER', url: 'http://users.internal/api/users' }]);
    body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.push({ key: 'http.request.method_original', value: { stringValue: 'PURGE' } });
    const result = matchCalls(readOtlpTraces(body, '2026-01-01T00:00:00.000Z').spans, lookup);
    // No operation is PURGE: the call is named as sent, not as `_OTHER`.
    expect(result.unfitted).toEqual(['PURGE /api/users to users-service in production']);
  });

  it('counts a CLIENT span nested in a CLIENT span of the same call once, whichever comes first, and a nested other call apart', () => {
    const outer = { ...call, route: '/api/users/{id}', spanId: '00000000000000a1' };
    const inner = { ...call, spanId: '00000000000000b2', parentSpanId: '00000000000000a1' };
    const other = { ...call, url: 'http://users.internal/api/users', spanId: '00000000000000c3', parentSpanId: '00000000000000a1' };
    for (const spans of [
      [inner, outer, other],
      [outer, inner, other],
    ]) {
      const result = matchCalls(readOtlpTraces(traceExport(spans), '2026-01-01T00:00:00.000Z').spans, lookup);
      expect(result.calls.map((c) => [c.operation, c.count])).toEqual([
        ['GET /users', 1],
        ['GET /users/{userId}', 1],
      ]);
      expect(result.confirmed).toBe(1);
    }
  });

  it('counts a nested pair once across the exports of one file too, the nested span read first', () => {
    const outer = { ...call, route: '/api/users/{id}', spanId: '00000000000000a1', parentSpanId: '0000000000000001' };
    const inner = { ...call, spanId: '00000000000000b2', parentSpanId: '00000000000000a1' };
    const tally = createCallTally(lookup);
    for (const spans of [[inner], [outer]]) tally.add(readOtlpTraces(traceExport(spans), '2026-01-01T00:00:00.000Z').spans);
    const result = tally.finish();
    expect(result.calls.map((c) => [c.operation, c.count])).toEqual([['GET /users/{userId}', 1]]);
    expect(result.confirmed).toBe(1);
  });

  it('refuses a body that is not an OTLP export', () => {
    expect(() => readOtlpTraces([], 'now')).toThrow(TelemetryError);
    expect(() => readOtlpTraces({ resourceSpans: [{ scopeSpans: 'x' }] }, 'now')).toThrow(/scopeSpans must be an array/);
    expect(readOtlpTraces({}, 'now')).toEqual({ spans: [], malformed: 0 });
  });
});
