// `overseer diff --consumers --waivers` reads a waiver as the gate does: a change in a schema two operations share,
// waived for one of them, is accepted for the consumers of that one, not for a consumer that calls only the other.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const read = (operationId: string) => ({
  operationId,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } },
});
const people = (fields: string[]) =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'people', version: '1.0.0' },
    paths: { '/users/{id}': { get: read('getUser') }, '/admins/{id}': { get: read('getAdmin') } },
    components: { schemas: { Person: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
  });

const waiver = (extra = '') =>
  [
    '- rule: response-optional-property-removed',
    '  operation: GET /users/{id}',
    `  reason: profile-web no longer shows nicknames${extra}`,
    '  expires: 2999-12-31',
    '',
  ].join('\n');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diff-waiver-scope-'));
  await mkdir(join(dir, 'consumers'));
  await writeFile(join(dir, 'base.json'), people(['id', 'nickname']));
  await writeFile(join(dir, 'revision.json'), people(['id']));
  await writeFile(
    join(dir, 'consumers/profile-web.yaml'),
    'service: profile-web\nconsumes:\n  people:\n    - operation: GET /users/{id}\n      response: [nickname]\n',
  );
  await writeFile(join(dir, 'consumers/admin-console.yaml'), 'service: admin-console\nconsumes:\n  people:\n    - GET /admins/{id}\n');
  await writeFile(join(dir, 'waivers.yaml'), waiver());
});

const diff = (...extra: string[]) =>
  runCliHere(['diff', 'base.json', 'revision.json', '--service', 'people', '--consumers', 'consumers/*.yaml', '--format', 'json', ...extra], { cwd: dir });

describe('overseer diff --consumers --waivers, a waiver naming one operation of a shared schema', () => {
  it('still blocks for the consumer of the other operation, and says the waiver covered the first', async () => {
    const before = await diff();
    expect(before.code, before.stderr).toBe(1);
    const removal = JSON.parse(before.stdout).changes.find((c: any) => c.id === 'response-optional-property-removed');
    expect(removal.consumers).toEqual(['admin-console', 'profile-web']);

    const after = await diff('--waivers', 'waivers.yaml');
    expect(after.code, after.stdout).toBe(1);
    const report = JSON.parse(after.stdout);
    const judged = report.changes.find((c: any) => c.id === 'response-optional-property-removed');
    expect(report.summary.blocking).toBe(1);
    expect(judged).toMatchObject({ waivedFor: ['profile-web'] });
    expect(judged.waived).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain('waiver-unused');
  });

  it('passes once a waiver names the other operation too', async () => {
    await writeFile(join(dir, 'both.yaml'), `${waiver()}${waiver(' and admins').replace('GET /users/{id}', 'GET /admins/{id}')}`);
    const both = await diff('--waivers', 'both.yaml');
    expect(both.code, both.stdout).toBe(0);
    const report = JSON.parse(both.stdout);
    expect(report.summary.blocking).toBe(0);
    const judged = report.changes.find((c: any) => c.id === 'response-optional-property-removed');
    expect(judged.waived.reason.split('; ').sort()).toEqual(['profile-web no longer shows nicknames', 'profile-web no longer shows nicknames and admins']);
  });

  it('blocks for a consumer that calls both operations while the waiver names one, and passes once both are named', async () => {
    await mkdir(join(dir, 'desk'));
    await writeFile(join(dir, 'desk/support-desk.yaml'), 'service: support-desk\nconsumes:\n  people:\n    - GET /users/{id}\n    - GET /admins/{id}\n');
    const desk = (...extra: string[]) =>
      runCliHere(['diff', 'base.json', 'revision.json', '--service', 'people', '--consumers', 'desk/*.yaml', '--format', 'json', ...extra], { cwd: dir });
    const one = await desk('--waivers', 'waivers.yaml');
    expect(one.code, one.stdout).toBe(1);
    const report = JSON.parse(one.stdout);
    expect(report.summary.blocking).toBe(1);
    const judged = report.changes.find((c: any) => c.id === 'response-optional-property-removed');
    expect(judged.consumers).toEqual(['support-desk']);
    expect(judged.waived).toBeUndefined();
    expect(judged.waivedFor).toBeUndefined();

    await writeFile(join(dir, 'both.yaml'), `${waiver()}${waiver(' and admins').replace('GET /users/{id}', 'GET /admins/{id}')}`);
    const both = await desk('--waivers', 'both.yaml');
    expect(both.code, both.stdout).toBe(0);
  });
});
