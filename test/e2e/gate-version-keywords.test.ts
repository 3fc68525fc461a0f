// End to end: the gate reads a provider's schemas by the version of its document, as the diff does. 3.1's `const` in a
// 3.0 document applies nowhere, so `oneOf: [{type: string, readOnly: true}, {const: null}]` there is a string or any
// value, writable, and a consumer that sends it is let through; in a 3.1 document it is read-only or null, and refused.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './cli-process.js';
import { gateSteps } from './gate-steps.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

let dir: string;
let registry: RegistryHere;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });
const { publish, deploy, verdictOf } = gateSteps(cli, () => dir);

function contract(openapi: string, title: string) {
  const nickname = { oneOf: [{ type: 'string', readOnly: true }, { const: null }] };
  const user = { type: 'object', properties: { name: { type: 'string' }, nickname } };
  const post = { requestBody: { content: { 'application/json': { schema: user } } }, responses: { '201': { description: 'created' } } };
  return { openapi, info: { title, version: '1.0.0' }, paths: { '/users': { post } } };
}
const sendsNickname = (provider: string) => `  ${provider}:\n    - operation: POST /users\n      request: [name, nickname]`;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-gate-version-keywords-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await cli('environment', 'create', 'production');
  await publish('users-service', '1.0.0', { contract: contract('3.0.3', 'users') });
  await publish('accounts-service', '1.0.0', { contract: contract('3.1.0', 'accounts') });
  await deploy('users-service', '1.0.0');
  await deploy('accounts-service', '1.0.0');
  await publish('admin-ui', '1.0.0', { consumes: sendsNickname('users-service') });
  await publish('billing-ui', '1.0.0', { consumes: sendsNickname('accounts-service') });
});

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a request field read-only only through a keyword of another version', () => {
  it('3.0: const applies nowhere, the field is writable, and a consumer sending it may deploy', async () => {
    const asked = await verdictOf('admin-ui', '1.0.0');
    expect(asked.errors).toEqual([]);
    expect(asked.code).toBe(0);
  });

  it('3.1: the same schema is read-only or null, and a consumer sending it is refused naming the field', async () => {
    const asked = await verdictOf('billing-ui', '1.0.0');
    expect(asked.code).toBe(1);
    expect(asked.errors.map((r) => [r.code, r.field])).toEqual([['request-field-rejected', 'nickname']]);
    expect(asked.errors[0].message).toContain('does not accept `nickname` in its request body, which billing-ui sends');
  });

  it('overseer diff --consumers, offline, agrees: nothing unmet for the 3.0 contract', async () => {
    const base = join(dir, 'users-base.json');
    await writeFile(base, JSON.stringify(contract('3.0.3', 'users')));
    await writeFile(join(dir, 'admin.yaml'), `service: admin-ui\nconsumes:\n${sendsNickname('users')}\n`);
    const diffed = await runCliHere(['diff', base, base, '--consumers', join(dir, 'admin.yaml'), '--service', 'users', '--format', 'json']);
    expect(diffed.code, diffed.stderr).toBe(0);
    expect(JSON.parse(diffed.stdout).unmet ?? []).toEqual([]);
  });
});
