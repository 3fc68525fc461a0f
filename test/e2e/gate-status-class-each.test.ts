// A use naming a class of statuses (`statuses: [4XX]`) reads its fields in every response of that class. The gate
// looked a field up in all of them at once, so a provider adding a 409 without the `message` every other 4XX has was let
// through for a consumer that reads `message` on any client error (a 404 having it stood in for the 409): a wrong yes.
// Against a real registry through the CLI, and offline through diff --consumers, whose text said the base failed the
// use too (it does not: no rule names a response added, so nothing else in the report said what took it away).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const body = (...names: string[]) => ({
  description: 'an answer',
  content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) } } },
});
const orders = (responses: Record<string, object>) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: { '/orders/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses } } },
});
const BEFORE = { '200': body('id'), '400': body('message'), '404': body('message'), '204': { description: 'nothing' } };
const AFTER = { ...BEFORE, '409': body('detail') };
const USES = (statuses: string) => `  orders:\n    - operation: GET /orders/{id}\n      statuses: ${statuses}\n      response: [message]`;
const MISS = 'GET /orders/{id} of orders does not return `message` in its 409 response, which web reads';

const session = useRegistry({ name: 'gate-status-class-each', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a use reading a field on a class of statuses', () => {
  it('is refused when one response of the class lacks the field, though another has it; a body-less 204 misses nothing', async () => {
    await publish('orders', '1.0.0', { contract: orders(BEFORE) });
    await deploy('orders', '1.0.0');
    await publish('web', '1.0.0', { consumes: USES('[4XX]') });
    expect((await verdictOf('web', '1.0.0')).errors).toEqual([]);
    await deploy('web', '1.0.0');

    await publish('orders', '2.0.0', { contract: orders(AFTER) });
    const asked = await verdictOf('orders', '2.0.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(1);
    expect(asked.errors.map((e) => [e.code, e.consumer, e.message])).toEqual([['field-missing', 'web', MISS]]);
    const text = await session.cli('can-i-deploy', '--service', 'orders', '--version', '2.0.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(MISS);

    // Two codes named alike: each is read on its own. A class of successes passes over the 204, which has no body.
    await publish('web', '1.1.0', { consumes: USES('[404, 409]') });
    await publish('admin', '1.0.0', { consumes: '  orders:\n    - operation: GET /orders/{id}\n      statuses: [2XX]\n      response: [id]' });
    await deploy('orders', '2.0.0');
    expect((await verdictOf('web', '1.1.0')).errors.map((e) => e.message)).toEqual([MISS]);
    expect((await verdictOf('admin', '1.0.0')).code).toBe(0);

    // diff --consumers, offline, as the Action runs it: the same no.
    const dir = join(session.dir, 'offline');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'base.json'), JSON.stringify(orders(BEFORE)));
    await writeFile(join(dir, 'revision.json'), JSON.stringify(orders(AFTER)));
    await writeFile(join(dir, 'web.yaml'), `service: web\nowners: ["@acme/web"]\nconsumes:\n${USES('[4XX]')}\n`);
    const diff = await session.cli('diff', join(dir, 'base.json'), join(dir, 'revision.json'), '--service', 'orders', '--consumers', join(dir, 'web.yaml'));
    expect(diff.code, diff.stdout).toBe(1);
    expect(diff.stdout).toContain(MISS);
    expect(diff.stdout).toContain('1 blocking -> blocked');
    // The base offers it: the text does not say the base fails it too.
    expect(diff.stdout).toContain('the base offers it, the revision does not, and the gate refuses it');
    expect(diff.stdout).not.toContain('the base fails it too');
  });
});
