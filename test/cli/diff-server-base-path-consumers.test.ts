// A base path gone from the document's servers moves every operation served under it: the consumers calling those
// operations must be named (they were left out as nobody's, so the report read "no consumer" while web's calls to
// /v1/a would find nothing). An operation that names its own servers is not moved by the document's list. Since round 37
// no base path of the base is kept, so whatever URL web calls is gone: it blocks, rather than warning (a wrong yes).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const contract = (base: string) => `openapi: 3.0.3
info: {title: api, version: 1.0.0}
servers: [{url: 'https://api.example.com${base}'}]
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
  /b:
    servers: [{url: 'https://files.example.com/v1'}]
    get:
      responses:
        '200': {description: ok}
`;
const manifest = (service: string, operation: string) => `service: ${service}\nconsumes:\n  api:\n    - ${operation}\n`;
const CHANGE = 'server https://api.example.com/v1 is no longer listed and no server keeps its base path /v1';

let dir = '';
const diff = (...args: string[]) =>
  runCliHere([
    'diff',
    join(dir, 'base.yaml'),
    join(dir, 'revision.yaml'),
    '--service',
    'api',
    '--consumers',
    join(dir, 'web.yaml'),
    '--consumers',
    join(dir, 'files.yaml'),
    ...args,
  ]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-base-path-'));
  await writeFile(join(dir, 'base.yaml'), contract('/v1'));
  await writeFile(join(dir, 'revision.yaml'), contract('/v2'));
  await writeFile(join(dir, 'web.yaml'), manifest('web', 'GET /a'));
  await writeFile(join(dir, 'files.yaml'), manifest('files', 'GET /b'));
});

describe('overseer diff --consumers when the document’s base path changes', () => {
  it('blocks for the consumer of an operation served under it, and not one served elsewhere', async () => {
    const r = await diff();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`What blocks, by consumer\n  web  owners: none known\n    GET /a: ${CHANGE} (api-server-base-path-changed)\n`);
    expect(r.stdout).toContain('(blocking; breaks: web (GET /a))');
    expect(r.stdout).not.toContain('files (');
  });

  it('--format json lists the operations it moves and whom it breaks', async () => {
    const r = await diff('--format', 'json');
    const report = JSON.parse(r.stdout) as { changes: Record<string, unknown>[] };
    const change = report.changes.find((c) => c.id === 'api-server-base-path-changed');
    expect(change).toMatchObject({ level: 'warning', operations: ['GET /a'], consumers: ['web'] });
    expect(change).not.toHaveProperty('warnedConsumers');
  });
});
