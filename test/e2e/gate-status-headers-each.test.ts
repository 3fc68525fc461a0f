// A response header a use reads (named in its `response` list) is read in each status the use expects, as its body
// fields are: the gate looked a header name up across the statuses together, so a provider adding a 409 without the
// `X-Request-Id` every other 4XX sends was let through for a consumer reading it on any client error (the 404's stood in
// for it), and a 201 added without the `ETag` a reader of any success reads. A body-less response sends headers too.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { json, object } from './users-statuses.js';

const header = { schema: { type: 'string' } };
const answer = (names: string[], headers: string[] = []) => ({
  description: 'an answer',
  ...(names.length > 0 ? json(object(...names)) : {}),
  ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, header])) } : {}),
});
const orders = (responses: Record<string, object>) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: { '/orders/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses } } },
});
const BEFORE = {
  '200': answer(['id'], ['ETag']),
  '400': answer(['message'], ['X-Request-Id']),
  '404': answer(['message'], ['X-Request-Id']),
};
const uses = (statuses: string | undefined, read: string) =>
  `  orders:\n    - operation: GET /orders/{id}\n${statuses ? `      statuses: ${statuses}\n` : ''}      response: [${read}]`;
const MISS = (consumer: string, read: string, status: string) =>
  `GET /orders/{id} of orders does not return \`${read}\` in its ${status} response, which ${consumer} reads`;
const NEW = ': that success response is new, and a use naming no `statuses` reads every success response';

const session = useRegistry({ name: 'gate-status-headers-each', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const blockers = async (version: string) => (await verdictOf('orders', version)).errors.map((e) => [e.consumer, e.message]);

describe('a response header read on named statuses, or on any success', () => {
  it('is read in each status alone: an added response without it refuses its readers, and no one else', async () => {
    await publish('orders', '1.0.0', { contract: orders(BEFORE) });
    await deploy('orders', '1.0.0');
    // web reads the request id on every client error; admin on the 404 alone; cache the ETag of any success.
    await publish('web', '1.0.0', { consumes: uses('[4XX]', 'X-Request-Id') });
    await publish('admin', '1.0.0', { consumes: uses('[404]', 'x-request-id') });
    await publish('cache', '1.0.0', { consumes: uses(undefined, 'etag') });
    for (const consumer of ['web', 'admin', 'cache']) {
      expect((await verdictOf(consumer, '1.0.0')).errors).toEqual([]);
      await deploy(consumer, '1.0.0');
    }

    await publish('orders', '2.0.0', { contract: orders({ ...BEFORE, '409': answer(['message']) }) });
    expect(await blockers('2.0.0')).toEqual([['web', MISS('web', 'X-Request-Id', '409')]]);
    // A body-less 409 sends headers all the same.
    await publish('orders', '2.1.0', { contract: orders({ ...BEFORE, '409': answer([]) }) });
    expect(await blockers('2.1.0')).toEqual([['web', MISS('web', 'X-Request-Id', '409')]]);
    // The 409 sending it: nobody is refused.
    await publish('orders', '2.2.0', { contract: orders({ ...BEFORE, '409': answer(['message'], ['x-request-id']) }) });
    expect(await blockers('2.2.0')).toEqual([]);

    // A success added without the ETag: cache is refused, with or without a body.
    await publish('orders', '3.0.0', { contract: orders({ ...BEFORE, '201': answer(['id']) }) });
    expect(await blockers('3.0.0')).toEqual([['cache', `${MISS('cache', 'etag', '201')}${NEW}`]]);
    await publish('orders', '3.1.0', { contract: orders({ ...BEFORE, '204': answer([]) }) });
    expect(await blockers('3.1.0')).toEqual([['cache', `${MISS('cache', 'etag', '204')}${NEW}`]]);
    await publish('orders', '3.2.0', { contract: orders({ ...BEFORE, '201': answer(['id'], ['ETag']) }) });
    expect(await blockers('3.2.0')).toEqual([]);
    const text = await session.cli('can-i-deploy', '--service', 'orders', '--version', '2.0.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(MISS('web', 'X-Request-Id', '409'));
  });
});
