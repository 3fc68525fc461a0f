// The README's pre-commit hook, `overseer diff registry:users-service@production openapi.yaml`, judged the removal of
// an optional field that checkout-web, deployed in production, reads as "safe" (by level alone), where can-i-deploy
// refuses it; nothing said that production's consumers were not judged. A note on stderr now names them.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'diff-registry-consumers',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});
const V2 = 'examples/users-service/openapi.v2.yaml';

describe('diff against what an environment runs', () => {
  it('says which consumers deployed there it did not judge, and the command that does', async () => {
    const r = await session.cli('diff', 'registry:users-service@production', V2);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 blocking -> safe');
    expect(r.stderr).toBe(
      'note: 1 consumer of users-service deployed in production (checkout-web) was not judged: this diff judges changes by ' +
        'level alone; overseer check --env production judges the working copy against them, as can-i-deploy will\n',
    );
  });

  it('says nothing of it when the consumers are given, or the side is a version rather than an environment', async () => {
    const judged = await session.cli(
      'diff',
      'registry:users-service@production',
      V2,
      '--service',
      'users-service',
      '--consumers',
      'examples/checkout-web/overseer.yaml',
    );
    expect(judged.code).toBe(1);
    expect(judged.stderr).toBe('');
    const version = await session.cli('diff', 'registry:users-service@1.0.0', V2);
    expect(version.code).toBe(0);
    expect(version.stderr).toBe('');
  });
});
