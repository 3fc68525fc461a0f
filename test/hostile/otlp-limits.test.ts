// Telemetry a Collector would never send, posted to a real registry: a protobuf flood of empty messages (two bytes each
// on the wire, hundreds decoded) and a caller named by a megabyte. Each is refused or counted malformed, nothing of it
// is stored, and the registry keeps answering; attributes nested 10,000 deep or 100,000 on a span are read as any other.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { traceExport } from '../helpers/otlp.js';

const CONTRACT = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths:\n  /users:\n    get:\n      responses:\n        "200": {description: ok}\n';
const session = useRegistry({
  name: 'otlp-limits',
  before: async ({ registry }) => {
    const post = (urlPath: string, body: unknown, method = 'POST') =>
      fetch(`${registry.url}${urlPath}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/v1/services/users', { owners: ['@team'] }, 'PUT')).status).toBe(201);
    expect((await post('/v1/environments', { name: 'production' })).status).toBe(201);
    expect((await post('/v1/services/users/versions', { version: '1.0.0', contract: CONTRACT })).status).toBe(201);
    expect((await post('/v1/deployments', { service: 'users', version: '1.0.0', environment: 'production' })).status).toBe(201);
  },
});

const exportTraces = (body: BodyInit, contentType: string) =>
  fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType }, body });

const call = (consumer: string) => ({ consumer, environment: 'production', provider: 'users', method: 'GET', url: 'http://users/users' });

async function observedConsumers(): Promise<string[]> {
  const answer = await fetch(`${session.registry.url}/v1/services/users/usage?asProvider=true&environment=production`);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { uses: { consumer: string }[] }).uses.map((use) => use.consumer);
}

describe('OTLP exports no Collector sends', () => {
  it('refuses 3 MB of empty ResourceSpans (1.5 million messages) with 413 naming the bound, and still answers', async () => {
    // Field 1 (resourceSpans), length 0: an empty message, repeated.
    const flood = Buffer.alloc(3_000_000);
    for (let i = 0; i < flood.length; i += 2) flood[i] = 0x0a;
    const answer = await exportTraces(flood, 'application/json');
    // As OTLP/JSON it is not JSON at all; as protobuf it is the flood.
    expect(answer.status).toBe(400);
    const refused = await exportTraces(flood, 'application/x-protobuf');
    expect(refused.status).toBe(413);
    expect(Buffer.from(await refused.arrayBuffer()).toString('latin1')).toContain('ERR_BODY_TOO_LARGE: the export holds more than 1,000,000 protobuf messages');
    expect((await fetch(`${session.registry.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('takes an export of a few empty messages as before', async () => {
    const answer = await exportTraces(Buffer.from([0x0a, 0x00, 0x0a, 0x00]), 'application/x-protobuf');
    expect(answer.status).toBe(200);
  });

  it('counts a span whose service.name is a megabyte, or holds a control character, as malformed and stores neither', async () => {
    const body = JSON.stringify(traceExport([call('x'.repeat(1024 * 1024)), call('web\u0000app'), call('web-app')]));
    const answer = await exportTraces(body, 'application/json');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ partialSuccess: { rejectedSpans: 2 } });
    await expect.poll(observedConsumers, { timeout: 20_000 }).toEqual(['web-app']);
  }, 60_000);

  it('answers an OTLP/JSON export nested thousands deep without a 5xx, and its worker lives on to count the next export', async () => {
    // Small enough to be parsed on the event loop: sent to the worker as an object, 5,000 levels overflowed the stack of
    // the message's serialization (500), and 3,000 that of its reading in the worker process, which ended (503).
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const spans = JSON.stringify(traceExport([call('deep-app')]));
    const answers: string[] = [];
    for (const levels of [3000, 5000, 50_000]) {
      for (const body of [`{"x":${deep(levels)},${spans.slice(1)}`, `{"resourceSpans":${deep(levels)}}`]) {
        const answer = await exportTraces(body, 'application/json');
        answers.push(`${levels}: ${answer.status}`);
      }
    }
    expect(answers.filter((line) => !/: [24]\d\d$/.test(line))).toEqual([]);
    const after = await exportTraces(JSON.stringify(traceExport([call('after-app')])), 'application/json');
    expect(after.status).toBe(200);
    await expect.poll(observedConsumers, { timeout: 20_000 }).toContain('after-app');
  }, 60_000);

  it('answers attributes nested 10,000 deep (kvlistValue, arrayValue; JSON and protobuf) and 100,000 attributes on a span, and /healthz meanwhile', async () => {
    const kvlist = (levels: number) => `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels)}{"stringValue":"x"}${'}]}}'.repeat(levels)}`;
    const array = (levels: number) => `${'{"arrayValue":{"values":['.repeat(levels)}{"stringValue":"x"}${']}}'.repeat(levels)}`;
    // The span's attributes end with a placeholder the nested value is written over: JSON.stringify itself recurses.
    const withAttribute = (value: string) => {
      const body = traceExport([call('nested-app')]);
      body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.push({ key: 'nested', value: 'NESTED' as never });
      return JSON.stringify(body).replace('"NESTED"', value);
    };
    const many = traceExport([call('many-app')]);
    const attributes = many.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    for (let i = 0; i < 100_000; i++) attributes.push({ key: `a${i}`, value: { stringValue: 'v' } });
    const exports: [string, BodyInit, string][] = [
      ['kvlistValue', withAttribute(kvlist(10_000)), 'application/json'],
      ['arrayValue', withAttribute(array(10_000)), 'application/json'],
      ['protobuf kvlistValue', new Uint8Array(nestedProtobufAttribute(10_000)), 'application/x-protobuf'],
      ['100,000 attributes', JSON.stringify(many), 'application/json'],
    ];
    for (const [what, body, contentType] of exports) {
      const answer = exportTraces(body, contentType);
      expect((await fetch(`${session.registry.url}/healthz`)).status, what).toBe(200);
      expect((await answer).status, what).toBe(200);
    }
    await expect.poll(observedConsumers, { timeout: 20_000 }).toEqual(expect.arrayContaining(['nested-app', 'many-app']));
  }, 60_000);
});

/** A protobuf field: its tag byte, its length as a varint, its bytes. */
function field(tag: number, bytes: Buffer): Buffer {
  const length: number[] = [];
  let n = bytes.length;
  for (; n > 127; n >>>= 7) length.push((n & 127) | 128);
  return Buffer.concat([Buffer.from([tag, ...length, n]), bytes]);
}

/**
 * An ExportTraceServiceRequest of one CLIENT span named GET whose one attribute holds an AnyValue nested `levels` deep in
 * kvlistValue (AnyValue field 6, a KeyValueList of KeyValue{key 1, value 2}): field numbers as in opentelemetry-proto.
 */
function nestedProtobufAttribute(levels: number): Buffer {
  let value = field(0x0a, Buffer.from('x'));
  for (let i = 0; i < levels; i++) value = field(0x32, field(0x0a, Buffer.concat([field(0x0a, Buffer.from('k')), field(0x12, value)])));
  const attribute = field(0x4a, Buffer.concat([field(0x0a, Buffer.from('nested')), field(0x12, value)]));
  const span = Buffer.concat([field(0x2a, Buffer.from('GET')), Buffer.from([0x30, 3]), attribute]);
  return field(0x0a, field(0x12, field(0x12, span)));
}
