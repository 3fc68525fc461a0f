// A migration's remaining users may be counted from traces alone: billing-worker declares GET /users only, but its
// spans show it calling the deprecated POST /users. `overseer migrations` names it as seen calling, not declaring, so
// that its owners know the call is in their code, not in their manifest, and says when it was last seen, which is how long
// its calls keep the part in use; JSON lists such users under `observed`, and the times under `lastSeen`.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { REPO_ROOT } from './cli-process.js';
import { useRegistry } from './registry-session.js';
import { waitForCaller } from './usage-wait.js';

const session = useRegistry({
  name: 'migrations-observed',
  inDir: true,
  serveEnv: { OVERSEER_USAGE_FLUSH_MS: '100' },
  before: async ({ dir }) => {
    const contract = await readFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), 'utf8');
    await writeFile(join(dir, 'users.v1.yaml'), contract);
    const deprecated = contract.replace('      operationId: createUser\n', '      operationId: createUser\n      deprecated: true\n');
    expect(deprecated).not.toBe(contract);
    await writeFile(join(dir, 'users.v1.1.yaml'), deprecated);
    await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./users.v1.yaml\n');
    await writeFile(join(dir, 'billing.yaml'), 'service: billing-worker\nowners: ["@acme/billing"]\nconsumes:\n  users-service:\n    - GET /users\n');
    await writeFile(join(dir, 'signup.yaml'), 'service: signup-web\nowners: ["@acme/growth"]\nconsumes:\n  users-service:\n    - POST /users\n');
  },
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'users.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'users.yaml', '--contract', 'users.v1.1.yaml', '--version', '1.1.0'],
    ['publish', '--manifest', 'billing.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'signup.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production'],
    ['record-deployment', '--service', 'billing-worker', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'signup-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

// When billing-worker was seen: its calls keep the part in use until they leave the usage window.
const AT = Date.now() - 60 * 60 * 1000;
const LAST = new Date(AT).toISOString();

const migrations = (...more: string[]) => session.cli('migrations', '--service', 'users-service', '--environment', 'production', ...more);

describe('a migration user seen in traces only', () => {
  it('is named as seen calling, not declaring, beside a consumer that declares the part', async () => {
    const call = {
      consumer: 'billing-worker',
      environment: 'production',
      provider: 'users-service',
      method: 'POST',
      url: 'http://users.internal/users',
      at: AT,
    };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
    await waitForCaller(session.registry.url, 'users-service', 'billing-worker', 'production');
    const r = await migrations();
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      'Migrations of users-service:\n' +
        '  [production] POST /users (the whole operation)\n' +
        `    deprecated since 1.1.0; still used by billing-worker (seen calling it in traces, last ${LAST}, not declared), signup-web\n`,
    );
  });

  it('is listed under "observed" in JSON, and marked in markdown', async () => {
    const json = JSON.parse((await migrations('--format', 'json')).stdout);
    expect(json.migrations).toEqual([
      expect.objectContaining({
        operation: 'POST /users',
        users: ['billing-worker', 'signup-web'],
        observed: ['billing-worker'],
        lastSeen: { 'billing-worker': LAST },
        ready: false,
      }),
    ]);
    const markdown = (await migrations('--format', 'markdown')).stdout;
    expect(markdown).toContain(`| billing-worker (seen calling it in traces, last ${LAST}, not declared), signup-web | no |`);
  });
});
