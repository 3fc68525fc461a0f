// Two versions of one consumer live in different environments (production runs web 1.0.0, staging web 1.1.0) is
// normal, and the gate judges each; `diff --consumers` refused their two manifests ("each service needs its own
// name", exit 2). It now judges each as well, and says which manifest each finding is about.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { text, usersReturning } from './users-contract.js';

const session = useRegistry({
  name: 'diff-consumer-versions',
  inDir: true,
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});
const production = gateSteps(
  (...args) => session.cli(...args),
  () => session.dir,
  'production',
);
const staging = gateSteps(
  (...args) => session.cli(...args),
  () => session.dir,
  'staging',
);

describe('diff --consumers given two versions of web', () => {
  it('judges each, as the gate judges each environment, and names the manifest of each finding', async () => {
    await production.publish('users', '1.0.0', { contract: usersReturning('1.0.0', { id: text, name: text, email: text }) });
    await production.deploy('users', '1.0.0');
    await staging.deploy('users', '1.0.0');
    // web 1.0.0, in production, reads `name`; web 1.1.0, in staging, stopped reading it, and misspells `email`.
    await production.publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [name]' });
    await production.deploy('web', '1.0.0');
    await staging.publish('web', '1.1.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, emial]' });
    await staging.deploy('web', '1.1.0');
    // 2.0.0 removes `name`.
    await production.publish('users', '2.0.0', { contract: usersReturning('2.0.0', { id: text, email: text }) });

    const inProduction = await production.verdictOf('users', '2.0.0');
    // JSON keeps the removal's repeat as a field-missing of `name` too (docs/OUTPUTS.md): one loss, web 1.0.0's.
    expect(inProduction.errors.map((r) => [r.code, r.consumer, r.field])).toEqual([
      ['breaks-consumer', 'web', undefined],
      ['field-missing', 'web', 'name'],
    ]);
    const inStaging = await staging.verdictOf('users', '2.0.0');
    expect(inStaging.errors.map((r) => [r.code, r.consumer, r.field])).toEqual([['field-missing', 'web', 'emial']]);

    const older = join('web-1.0.0', 'overseer.yaml');
    const newer = join('web-1.1.0', 'overseer.yaml');
    const diff = (...format: string[]) =>
      session.cli(
        'diff',
        join('users-1.0.0', 'openapi.json'),
        join('users-2.0.0', 'openapi.json'),
        '--service',
        'users',
        '--consumers',
        older,
        newer,
        ...format,
      );
    const shown = await diff();
    expect(shown.code, shown.stderr).toBe(1);
    const blocks = shown.stdout.split('\n\n')[0]!.split('\n');
    expect(blocks[0]).toBe('What blocks, by consumer');
    expect(blocks[1]).toBe('  web  owners: @acme/team');
    expect(blocks[2]).toBe(`    GET /users/{id}: response property \`name\` was removed (it was optional) (response-optional-property-removed) (in ${older})`);
    expect(blocks[3]).toMatch(
      new RegExp(
        `^ {4}GET /users/\\{id\\}: GET /users/\\{id\\} of users does not return \`emial\`, which web reads: did you mean email\\? \\(field-missing; declared at ${newer.replace(/[.]/g, '\\.')}:5;`,
      ),
    );

    const json = JSON.parse((await diff('--format', 'json')).stdout) as {
      summary: { blocking: number };
      changes: { consumerFiles?: Record<string, string[]> }[];
      unmet: { consumer: string; file?: string }[];
    };
    expect(json.summary.blocking).toBe(2);
    expect(json.changes.map((c) => c.consumerFiles)).toEqual([{ web: [older] }]);
    expect(json.unmet.map((u) => [u.consumer, u.file])).toEqual([['web', newer]]);
  });
});
