// An environment whose name differs from an existing one only in case is refused: as a second environment it would
// hold the deployments a pipeline records under that spelling, and the gate asked about the first would find no
// consumer there and say yes. Against a registry run in the test's process, on a fresh SQLite file.

import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';

const session = useRegistry({ name: 'gate-environment-case', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);

describe('environment names that differ only in case', () => {
  it('refuses to create the twin (exit 2, naming the one that exists), and keeps one environment', async () => {
    const twin = await cli('environment', 'create', 'Production');
    expect(twin.code).toBe(2);
    expect(twin.stderr).toContain(
      "environment 'production' exists, and 'Production' differs from it only in case: deployments recorded in one would be missing from the gate asked about the other; use 'production'",
    );
    expect(await cli('environment', 'list')).toMatchObject({ code: 0, stdout: 'production\n' });
    // The deployment a pipeline records under the other spelling is refused too, pointing at the real one.
    const recorded = await cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'Production');
    expect(recorded).toMatchObject({ code: 2, stderr: expect.stringContaining('did you mean production?') });
  });

  it('still answers an existing environment, and another name, as before', async () => {
    expect((await cli('environment', 'create', 'production')).code).toBe(0);
    expect((await cli('environment', 'create', 'staging')).code).toBe(0);
    expect(await cli('environment', 'list')).toMatchObject({ code: 0, stdout: 'production\nstaging\n' });
  });
});
