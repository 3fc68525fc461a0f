// A 3.1 contract split into files whose `$ref` names one that is not there (a typo, a file not committed): the CLI said
// `$ref to "/abs/path/schemas/user.yaml" is refused: cannot read it (ENOENT)`, no line, a refusal that was none and a
// code to look up. It now names the $ref as written, at its line, the folder looked in and the file a typo away.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const CONTRACT = [
  'openapi: 3.1.0',
  'info: {title: users, version: "1"}',
  'paths:',
  '  /users/{id}:',
  '    get:',
  '      responses:',
  '        "200":',
  '          description: a user',
  '          content:',
  '            application/json:',
  '              schema:',
  '                $ref: ./schemas/user.yaml#/User',
  '',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-missing-ref-'));
  await writeFile(path.join(dir, 'openapi.yaml'), CONTRACT);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const diff = () => runCliHere(['diff', 'openapi.yaml', 'openapi.yaml', '--allow-external-refs'], { cwd: dir });

describe('a $ref to a file that is not there', () => {
  it('names the $ref as written, its line and the folder it was looked for in', async () => {
    const r = await diff();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `openapi.yaml:12: $ref "./schemas/user.yaml#/User" names a file that cannot be read: schemas/user.yaml: no such file in schemas\n`,
    );
    expect(r.stderr).toContain('error ERR_CONTRACT_EXTERNAL_REF: ');
    expect(r.stderr).not.toContain('ENOENT');
  });

  it('names the file a typo away when there is one', async () => {
    await mkdir(path.join(dir, 'schemas'));
    await writeFile(path.join(dir, 'schemas', 'users.yaml'), 'User: {type: object}\n');
    const r = await diff();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`: schemas/user.yaml: no such file in schemas: did you mean schemas/users.yaml?\n`);
  });
});
