// A use naming no statuses reads its fields in whatever success the provider answers. The gate looked them up in all
// the success responses at once, so a provider adding a 201 (or a 2XX) without the `id` web reads was let through
// because the 200 still had it: a wrong yes. A success response answered all along beside the 200 (a 202 with another
// body, a body-less 204) refuses nothing: web has lived with it. Through can-i-deploy, check and diff --consumers.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { json, object } from './users-statuses.js';

const answer = (...names: string[]) => ({ description: 'an answer', ...json(object(...names)) });
const orders = (responses: Record<string, object>, more: Record<string, object> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses } },
    ...more,
  },
});
// Answered all along: a 202 without `id` and a body-less 204, beside the 200 web reads `id` in.
const BEFORE = { '200': answer('id', 'total'), '202': answer('jobId'), '204': { description: 'nothing' } };
const LIST = { '/orders': { get: { responses: { '200': answer('count') } } } };
const USES = '  orders:\n    - operation: GET /orders/{id}\n      response: [id]';
const MISS = (status: string) =>
  `GET /orders/{id} of orders does not return \`id\` in its ${status} response, which web reads: that success response is new, and a use naming no \`statuses\` reads every success response`;

const session = useRegistry({ name: 'gate-added-success', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const blockers = async (version: string) => (await verdictOf('orders', version)).errors.map((e) => [e.code, e.consumer, e.field, e.message]);

describe('a use naming no statuses, when the provider adds a success response', () => {
  it('is refused when the added response lacks a field it reads; one answered all along refuses nothing', async () => {
    await publish('orders', '1.0.0', { contract: orders(BEFORE) });
    await deploy('orders', '1.0.0');
    await publish('web', '1.0.0', { consumes: USES });
    expect((await verdictOf('web', '1.0.0')).errors).toEqual([]);
    await deploy('web', '1.0.0');

    // A change elsewhere: the 202 and the 204 web has lived with do not turn into a refusal.
    await publish('orders', '1.1.0', { contract: orders(BEFORE, LIST) });
    expect(await blockers('1.1.0')).toEqual([]);
    // A 201 that returns `id`, and a body-less 205, take nothing from web.
    await publish('orders', '1.2.0', { contract: orders({ ...BEFORE, '201': answer('id'), '205': { description: 'reset' } }) });
    expect(await blockers('1.2.0')).toEqual([]);

    await publish('orders', '2.0.0', { contract: orders({ ...BEFORE, '201': answer('total') }) });
    expect(await blockers('2.0.0')).toEqual([['field-missing', 'web', 'id', MISS('201')]]);
    const text = await session.cli('can-i-deploy', '--service', 'orders', '--version', '2.0.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(MISS('201'));
    // A class of successes added is as new.
    await publish('orders', '2.1.0', { contract: orders({ ...BEFORE, '2XX': answer('total') }) });
    expect(await blockers('2.1.0')).toEqual([['field-missing', 'web', 'id', MISS('2XX')]]);

    // check, on the working tree of the same candidate: the same no.
    const checked = await session.cli('check', '--manifest', join(session.dir, 'orders-2.0.0', 'overseer.yaml'), '--against', 'production');
    expect(checked.code, checked.stdout).toBe(1);
    expect(checked.stdout).toContain(MISS('201'));

    // Once deployed, the 201 is one web lives with: the next version is not refused for it again.
    await deploy('orders', '2.0.0');
    await publish('orders', '2.0.1', { contract: orders({ ...BEFORE, '201': answer('total') }, LIST) });
    expect(await blockers('2.0.1')).toEqual([]);
  });

  it('is refused offline by diff --consumers, which says the base offers it', async () => {
    const dir = join(session.dir, 'offline');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'base.json'), JSON.stringify(orders(BEFORE)));
    await writeFile(join(dir, 'revision.json'), JSON.stringify(orders({ ...BEFORE, '201': answer('total') })));
    await writeFile(join(dir, 'same.json'), JSON.stringify(orders(BEFORE, LIST)));
    await writeFile(join(dir, 'web.yaml'), `service: web\nowners: ["@acme/web"]\nconsumes:\n${USES}\n`);
    const diff = (revision: string) =>
      session.cli('diff', join(dir, 'base.json'), join(dir, revision), '--service', 'orders', '--consumers', join(dir, 'web.yaml'));
    const refused = await diff('revision.json');
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.stdout).toContain(MISS('201'));
    expect(refused.stdout).toContain('the base offers it, the revision does not, and the gate refuses it');
    const kept = await diff('same.json');
    expect(kept.code, kept.stdout).toBe(0);
    expect(kept.stdout).not.toContain('does not return');
  });
});
