// A contract with an external $ref, given without --allow-external-refs: diff said ERR_CONTRACT_EXTERNAL_REF, while
// publish and check, refused by the registry, said ERR_CONTRACT_INVALID. The same fault gets the same code and advice.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const CONTRACT = `openapi: 3.0.3
info: {title: users, version: "1"}
paths:
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {$ref: "parts/user.yaml#/UserResponse"}
`;
const PART = 'UserResponse:\n  description: a user\n  content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}\n';

const session = useRegistry({
  name: 'external-ref-code',
  inDir: true,
  before: async ({ dir }) => {
    await mkdir(join(dir, 'parts'));
    await writeFile(join(dir, 'openapi.yaml'), CONTRACT);
    await writeFile(join(dir, 'parts/user.yaml'), PART);
    await writeFile(join(dir, 'overseer.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: openapi.yaml\n');
  },
});

const REFUSED =
  'error ERR_CONTRACT_EXTERNAL_REF: openapi.yaml:8: $ref to "parts/user.yaml#/UserResponse" is refused: only references inside the document ' +
  'are followed (--allow-external-refs allows local files beside it, never URLs)';

describe('a contract with an external $ref, without --allow-external-refs', () => {
  it('is refused with the same code, words and advice by diff, publish and check (exit 2)', async () => {
    for (const args of [['diff', 'openapi.yaml', 'openapi.yaml'], ['publish', '--version', '1.0.0'], ['check']]) {
      const r = await session.cli(...args);
      expect([r.code, r.stderr.split('\n').slice(0, 2)], args[0]).toEqual([2, [REFUSED, 'Run "overseer explain ERR_CONTRACT_EXTERNAL_REF" for what to do.']]);
    }
  });

  it('is published bundled with --allow-external-refs', async () => {
    const r = await session.cli('publish', '--version', '1.0.0', '--allow-external-refs');
    expect([r.code, r.stdout.split(' (')[0]]).toEqual([0, 'published: users-service 1.0.0']);
  });
});
