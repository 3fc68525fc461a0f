// A change that breaks two consumers, a waiver covering one of them: it still blocks, for the other. Text, JUnit and the
// github annotations said `breaks: admin-console, profile-web` and `waived for profile-web` after, and SARIF's message
// named both and no waiver: a reader scanning `breaks:` for whom to call saw a consumer whose owners had agreed to lose
// the field. Every format now names under `breaks:` only those it blocks for, and the covered one after `waived for`.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const read = (operationId: string) => ({
  operationId,
  responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } },
});
const people = (fields: string[]) =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'people', version: '1.0.0' },
    paths: { '/users': { get: read('getUsers') } },
    components: { schemas: { Person: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
  });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diff-waived-for-formats-'));
  await mkdir(join(dir, 'consumers'));
  await writeFile(join(dir, 'base.json'), people(['id', 'nickname']));
  await writeFile(join(dir, 'revision.json'), people(['id']));
  for (const name of ['profile-web', 'admin-console']) {
    await writeFile(join(dir, `consumers/${name}.yaml`), `service: ${name}\nconsumes:\n  people:\n    - operation: GET /users\n      response: [nickname]\n`);
  }
  const waiver = [
    '- rule: response-optional-property-removed',
    '  operation: GET /users',
    '  consumer: profile-web',
    '  reason: profile-web no longer shows nicknames',
    '  expires: 2999-12-31',
    '',
  ];
  await writeFile(join(dir, 'waivers.yaml'), waiver.join('\n'));
});

const diff = (format: string) =>
  runCliHere(
    ['diff', 'base.json', 'revision.json', '--service', 'people', '--consumers', 'consumers/*.yaml', '--waivers', 'waivers.yaml', '--format', format],
    {
      cwd: dir,
    },
  );

describe('overseer diff, a change waived for one of the two consumers it breaks', () => {
  it('text names under breaks: only the consumer it blocks for, and not the waived one among the blocked', async () => {
    const run = await diff('text');
    expect(run.code, run.stderr).toBe(1);
    const line = run.stdout.split('\n').find((l) => l.includes('nickname') && l.includes('breaks:'));
    expect(line).toMatch(/\(blocking; breaks: admin-console \(GET \/users\); waived for profile-web\)$/);
    // What blocks, by consumer: the one it blocks for, and no section for the consumer the waiver covers.
    const blocks = run.stdout.slice(0, run.stdout.indexOf('\n\n'));
    expect(blocks.split('\n').filter((l) => /^ {2}\S/.test(l))).toEqual(['  admin-console  owners: none known']);
  });

  it('markdown says the same: only the consumer it blocks for among the blockers and in the Breaks column', async () => {
    const run = await diff('markdown');
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('| profile-web | none known |');
    expect(run.stdout).toContain('(waived for profile-web) | admin-console (GET /users) |');
  });

  it('JUnit says the same: breaks: admin-console, waived for: profile-web', async () => {
    const run = await diff('junit');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('breaks: admin-console (GET /users)&#10;');
    expect(run.stdout).toContain('waived for: profile-web');
    expect(run.stdout).not.toMatch(/breaks: [^&]*profile-web/);
  });

  it('SARIF says the same in its message, and keeps both lists in its properties', async () => {
    const run = await diff('sarif');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'response-optional-property-removed');
    expect(result.message.text).toContain('Breaks: admin-console (GET /users). Waived for: profile-web.');
    expect(result.properties).toMatchObject({ consumers: ['admin-console', 'profile-web'], waivedFor: ['profile-web'] });
  });

  it('the github annotation says the same', async () => {
    const run = await diff('github');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Breaks: admin-console (GET /users)%0A');
    expect(run.stdout).toContain('Waived for: profile-web');
    expect(run.stdout).not.toMatch(/Breaks: [^%]*profile-web/);
  });
});
