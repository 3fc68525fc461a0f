// `check --branch` and `check` against the latest versions count a consumer whose manifest misspells the provider, as
// can-i-deploy does in an environment: before, only environments looked for such consumers, so a pull request's
// check against the main branch said yes to a removal that the deploy was later refused for.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const contract = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1.0.0' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
          },
        },
      },
    },
  },
});

const session = useRegistry({ name: 'check-misdirected' });
const { publish } = gateStepsOf(session);
let candidate: string;

beforeAll(async () => {
  await publish('users', '1.0.0', { contract: contract(['id', 'name']) }, '--branch', 'main');
  // typo's manifest says `user`: no service has that name, users is a letter away.
  await publish('typo', '1.0.0', { consumes: '  user:\n    - operation: GET /users/{id}\n      response: [name]' }, '--branch', 'main');
  // The pull request's users drops `name`.
  const folder = join(session.dir, 'users-next');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(['id'])));
  candidate = join(folder, 'overseer.yaml');
  await writeFile(candidate, 'service: users\nowners: ["@acme/team"]\nprovides: ./openapi.json\n');
}, 60_000);

describe('check of a provider whose consumer misspells it', () => {
  it.each([[['--branch', 'main']], [[]]])('refuses the removal typo reads, with %j', async (scope) => {
    const r = await session.cli('check', '--manifest', candidate, ...scope, '--format', 'json');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const verdict = JSON.parse(r.stdout) as { reasons: { severity: string; consumer?: string; declaredAs?: string; field?: string }[] };
    const blocking = verdict.reasons.filter((reason) => reason.severity === 'error');
    // The removal and the field it loses: both typo's, both saying the name its manifest wrote.
    expect(blocking.map((reason) => [reason.consumer, reason.declaredAs, reason.field ?? 'name'])).toEqual([
      ['typo', 'user', 'name'],
      ['typo', 'user', 'name'],
    ]);
  });
});
