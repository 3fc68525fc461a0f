// The pull-request comment counted what blocks as changes and consumers as versions: one removal and one use the
// revision does not offer read "2 changes would break 1 consumer", and web with two live versions read "any of the 2
// consumers". It now counts changes apart from unmet uses, and services apart from their versions, as the other doors
// count them (can-i-deploy's reasons, `diff --consumers` in text and markdown).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useActionDoor } from './action-door.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { diffUsers, text, usersReturning } from './users-contract.js';

const orders = (version: string, paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

const session = useRegistry({ name: 'doors-count-alike', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);
const door = useActionDoor(session);

beforeAll(async () => {
  await publish('users', '1.0.0', { contract: usersReturning('1.0.0', { id: text, name: text, email: text }) });
  await deploy('users', '1.0.0');
  await publish('orders', '1.0.0', { contract: orders('1.0.0', ['/orders']) });
  await deploy('orders', '1.0.0');
  // web 1.0.0 reads `name`; web 1.1.0, rolling out beside it, misspells `email`; both list orders.
  const listsOrders = '\n  orders:\n    - GET /orders';
  await publish('web', '1.0.0', { consumes: `  users:\n    - operation: GET /users/{id}\n      response: [name]${listsOrders}` });
  await deploy('web', '1.0.0');
  await publish('web', '1.1.0', { consumes: `  users:\n    - operation: GET /users/{id}\n      response: [id, emial]${listsOrders}` });
  expect((await session.cli('record-deployment', '--service', 'web', '--version', '1.1.0', '--env', 'production', '--rolling')).code).toBe(0);
  // users 2.0.0 removes `name`; orders 1.1.0 adds an operation nobody uses.
  await publish('users', '2.0.0', { contract: usersReturning('2.0.0', { id: text, email: text }) });
  await publish('orders', '1.1.0', { contract: orders('1.1.0', ['/orders', '/orders/{id}']) });
}, 120_000);

/** The Action on pull request `number` of `service`, from `from` to `to`: its exit code and the comment's verdict line. */
async function comment(number: number, service: string, from: string, to: string) {
  const contract = (version: string) => readFile(join(session.dir, `${service}-${version}`, 'openapi.json'), 'utf8');
  const action = await door.run({ number, base: await contract(from), revision: await contract(to) }, { service });
  return { code: action.code, verdict: action.comment.split('\n')[3], tally: action.comment.split('\n')[5] };
}

describe('one removal that breaks web 1.0.0 and one use of web 1.1.0 that users never offered', () => {
  it('the comment says 1 change and 1 use, and the other doors count the 2 alike', async () => {
    const action = await comment(3, 'users', '1.0.0', '2.0.0');
    expect(action.code).toBe(1);
    expect(action.verdict).toBe(
      '1 change would break 1 consumer deployed in production; and web declares 1 use the revision does not offer (no change caused it: the base lacks it too).',
    );
    expect(action.tally).toMatch(/^\*\*2 blocking\*\* \(breaks web\) · /);

    const gate = await session.cli('can-i-deploy', '--service', 'users', '--version', '2.0.0', '--to', 'production');
    expect(gate.stdout.split('\n')[0]).toBe('NOT DEPLOYABLE: users 2.0.0 to production (2 blocking reasons)');
    const manifests = ['1.0.0', '1.1.0'].map((v) => join(session.dir, `web-${v}`, 'overseer.yaml'));
    const diff = (format: string) => diffUsers(session, '--consumers', ...manifests, '--format', format);
    expect((await diff('text')).stdout).toContain('0 breaking, 1 warning, 0 info; 2 blocking -> blocked');
    const markdown = (await diff('markdown')).stdout;
    expect(markdown.split('\n')[0]).toBe('### :no_entry: 1 blocking change and 1 use the revision does not offer');
    expect(markdown).toContain('0 breaking, 1 warning, 0 info; 2 blocking.');
  });
});

describe('a change that breaks nobody, with web live in two versions', () => {
  it('the comment counts web once, and says its versions', async () => {
    const action = await comment(4, 'orders', '1.0.0', '1.1.0');
    expect(action.code).toBe(0);
    expect(action.verdict).toBe('No change breaks the one consumer (2 versions live) deployed in production.');
  });
});
