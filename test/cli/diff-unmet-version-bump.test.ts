// A use the revision does not offer blocks `diff --consumers` as it refuses the gate; but a revision whose info.version
// moved too little for its changes (left at 1.0.0 while adding an operation, the usual pull request) had its summary
// recounted with the version finding and without those uses: "0 blocking -> safe", exit 0, a yes the gate then refused.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../e2e/cli-process.js';

const getUser = {
  get: {
    operationId: 'getUser',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
  },
};
const base = { openapi: '3.0.3', info: { title: 'users', version: '1.0.0' }, paths: { '/users/{id}': getUser } };
// An operation added (a minor change) and info.version left as it was: the bump is too small, a warning.
const revision = { ...base, paths: { ...base.paths, '/health': { get: { responses: { '200': { description: 'up' } } } } } };

// web reads `nickname`, which neither version returns: no change causes it, and the gate refuses the provider on it.
const manifest = `service: web
owners: ["@acme/web"]
consumes:
  users:
    - operation: GET /users/{id}
      response: [nickname]
`;

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-unmet-bump-'));
  await writeFile(join(dir, 'base.json'), JSON.stringify(base));
  await writeFile(join(dir, 'revision.json'), JSON.stringify(revision));
  await writeFile(join(dir, 'web.yaml'), manifest);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const diff = (format: string) =>
  runCli(['diff', 'base.json', 'revision.json', '--service', 'users', '--consumers', 'web.yaml', '--format', format], { cwd: dir });

describe('diff --consumers with a version bump too small and a use the revision does not offer', () => {
  it('still blocks on the use (exit 1), beside the version warning', async () => {
    const text = await diff('text');
    expect(text.code, text.stdout).toBe(1);
    expect(text.stdout).toContain('which web reads (field-missing; declared at web.yaml:5');
    expect(text.stdout).toContain('info.version 1.0.0 -> 1.0.0 did not change, but the changes need a minor bump');
    expect(text.stdout).toContain('0 breaking, 1 warning, 1 info; 1 blocking -> blocked');
  });

  it('counts it in the JSON summary', async () => {
    const json = await diff('json');
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toEqual({ breaking: 0, warning: 1, info: 1, blocking: 1 });
    expect(report.unmet.map((u: { code: string; field: string; blocking: boolean }) => [u.code, u.field, u.blocking])).toEqual([
      ['field-missing', 'nickname', true],
    ]);
  });
});
