// OpenAPI 3.x's Responses Object describes a range (`2XX`) for every code in it that has no key of its own. A `200`
// rewritten as `2XX` is still described to the client that reads it: it was reported as `response 200 was removed`
// (breaking) and the bodies were never compared. The reverse, `2XX` narrowed to `200`, promises fewer codes, one of which
// every client of the range read already: info, with 200's body compared with the range's.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const body = (properties: string[]) => ({
  description: 'ok',
  content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) } } },
});
const users = (responses: Record<string, string[]>) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: Object.fromEntries(Object.entries(responses).map(([status, fields]) => [status, body(fields)])),
      },
    },
  },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-status-range-'));
  const files: Record<string, object> = {
    'exact.json': users({ '200': ['id', 'name'] }),
    'range.json': users({ '2XX': ['id', 'name'] }),
    'range-without-name.json': users({ '2XX': ['id'] }),
    'range-and-201.json': users({ '2XX': ['id', 'name'], '201': ['id'] }),
    'exact-without-name.json': users({ '200': ['id'] }),
    'only-201-as-3xx.json': users({ '3XX': ['id', 'name'] }),
  };
  for (const [name, contract] of Object.entries(files)) await writeFile(join(dir, name), JSON.stringify(contract));
  await writeFile(join(dir, 'web.yaml'), 'service: web\nconsumes:\n  users:\n    - operation: GET /users/{id}\n      response: [name]\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const diff = (base: string, revision: string, ...more: string[]) => runCliHere(['diff', base, revision, ...more], { cwd: dir });

describe('a response status moved to or from its range (2XX)', () => {
  it('200 now 2XX: the client still gets 200, described by the range; nothing breaks', async () => {
    const run = await diff('exact.json', 'range.json');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('response 2XX was added; it now describes 200 (response-success-status-added)');
    expect(run.stdout).not.toContain('response 200 was removed');
    expect(run.stdout).toContain('0 breaking, 1 warning, 1 info');
  });

  it('200 now 2XX: a field the range no longer returns is the loss its consumer sees', async () => {
    const run = await diff('exact.json', 'range-without-name.json', '--service', 'users', '--consumers', 'web.yaml');
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('GET /users/{id}: response property `name` was removed');
    expect(run.stdout).not.toContain('response 200 was removed');
  });

  it('2XX now 200: a client that read any 2XX reads 200 as before (info), and 200 is compared with the range', async () => {
    const run = await diff('range.json', 'exact.json', '--format', 'json');
    expect(run.code, run.stdout).toBe(0);
    const changes = JSON.parse(run.stdout)
      .changes.filter((c: { id: string }) => c.id !== 'api-version-bump-too-small')
      .map((c: { id: string; level: string; message: string }) => [c.id, c.level, c.message]);
    expect(changes).toEqual([
      ['response-status-range-narrowed', 'info', 'response 2XX was narrowed: only 200 is still described, which a client that read any 2XX reads as before'],
    ]);
  });

  it('2XX now 200 with a field dropped: the comparison with the range still blocks its reader', async () => {
    const run = await diff('range.json', 'exact-without-name.json', '--service', 'users', '--consumers', 'web.yaml');
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('response property `name` was removed');
    expect(run.stdout).toContain('response-status-range-narrowed');
  });

  it('2XX dropped with no code of it left: removed, breaking', async () => {
    const run = await diff('range.json', 'only-201-as-3xx.json');
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('response 2XX was removed (response-success-status-removed)');
  });

  it('an explicit 201 beside the range: compared with the range that described it, not reported as added', async () => {
    const run = await diff('range.json', 'range-and-201.json', '--format', 'json');
    const changes = JSON.parse(run.stdout)
      .changes.filter((c: { id: string }) => c.id !== 'api-version-bump-too-small')
      .map((c: { id: string; message: string }) => [c.id, c.message]);
    expect(changes).toEqual([['response-optional-property-removed', expect.stringContaining('`name`')]]);
  });
});
