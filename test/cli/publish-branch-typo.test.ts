// `overseer publish --branch mian` made a new branch without a word: the version was not the latest on main, so
// `check --branch main` and main's notifications did not count it. Publish now warns, naming the branch meant.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'publish-branch-typo',
  setup: [['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--branch', 'main']],
});
const ORDERS = 'examples/orders-service/overseer.yaml';

describe('publish on a branch a typo away from a known one', () => {
  it('warns, naming the branch meant and the way to add it; the publication stands', async () => {
    const r = await session.cli('publish', '--manifest', ORDERS, '--version', '1.0.0', '--branch', 'mian');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('published: orders-service 1.0.0 (contract sha256 51069e98b0d5; uses users-service)\n');
    expect(r.stderr).toBe(
      "warning: branch 'mian' is new, a typo away from main: orders-service 1.0.0 is not the latest on main (check --branch main and " +
        'its notifications do not count it); if main was meant, publish it again with --branch main, which adds that branch\n',
    );
  });

  it('says nothing of a known branch, or of a new one near none', async () => {
    const again = await session.cli('publish', '--manifest', ORDERS, '--version', '1.0.0', '--branch', 'main');
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toContain('branch main added');
    const feature = await session.cli('publish', '--manifest', ORDERS, '--version', '1.0.1', '--branch', 'feature-login');
    expect([feature.code, feature.stderr]).toEqual([0, '']);
  });
});
