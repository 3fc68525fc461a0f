// `overseer check` on a manifest in the working tree: a use the candidate declares that its provider lacks is said to be
// declared at that file and line, as after publishing, not at "line 5 of the manifest of web candidate".

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';

let dir: string;
let registry: RegistryHere;
let env: Record<string, string>;
const cli = (args: string[], cwd?: string) => runCliHere(args, { env, ...(cwd && { cwd }) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-check-own-manifest-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  expect((await cli(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'])).code).toBe(0);
  expect((await cli(['environment', 'create', 'production'])).code).toBe(0);
  expect((await cli(['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'])).code).toBe(0);
  await mkdir(join(dir, 'web'));
  await writeFile(
    join(dir, 'web', 'overseer.yaml'),
    ['service: web', 'owners: ["@acme/web"]', 'consumes:', '  users-service:', '    - operation: GET /users/{id}', '      response: [id, nickname]', ''].join(
      '\n',
    ),
  );
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('overseer check of a manifest not published yet', () => {
  it('names the manifest file and line of a use the provider lacks', async () => {
    const checked = await cli(['check', '--manifest', 'web/overseer.yaml', '--against', 'production'], dir);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stdout).toContain(
      '  x field-missing: GET /users/{id} of users-service does not return `nickname`, which web reads\n      declared at web/overseer.yaml:5\n',
    );
    expect(checked.stdout).not.toContain('of the manifest of web candidate');
  });

  it('gives the file in the JSON too', async () => {
    const checked = await cli(['check', '--manifest', 'web/overseer.yaml', '--against', 'production', '--format', 'json'], dir);
    expect(checked.code).toBe(1);
    const [reason] = JSON.parse(checked.stdout).reasons;
    expect(reason).toMatchObject({ code: 'field-missing', consumer: 'web', declaredAt: { line: 5, file: 'web/overseer.yaml' } });
  });
});
