// Deployments that go wrong on their way in must never leave the gate a state that says yes: two recordings of one
// service racing, a version never published, an environment spelt another way or not created yet. Through the CLI,
// against a real registry in the test's process; each probe ends by asking the gate about a breaking version.

import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';

const publish = (service: string, version = '1.0.0', contract?: string) => [
  'publish',
  '--manifest',
  `examples/${service}/overseer.yaml`,
  ...(contract ? ['--contract', contract] : []),
  '--version',
  version,
  '--branch',
  'main',
];
const session = useRegistry({
  name: 'hunt-deployments',
  setup: [
    ['environment', 'create', 'production'],
    publish('users-service'),
    publish('checkout-web'),
    publish('checkout-web', '1.1.0'),
    // Drops the e-mail address checkout-web shows on its receipt.
    publish('users-service', '2.0.0', 'examples/users-service/openapi.v2.yaml'),
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
  ],
});
const cli = (...args: string[]) => session.cli(...args);
const deploy = (service: string, version: string, environment: string) =>
  cli('record-deployment', '--service', service, '--version', version, '--env', environment);
const askBreaking = (environment: string) => cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', environment);

describe('deployments recorded wrongly leave the gate no yes', () => {
  it('two recordings of one consumer racing: one version is live, and the gate judges against it', async () => {
    const raced = await Promise.all([deploy('checkout-web', '1.0.0', 'production'), deploy('checkout-web', '1.1.0', 'production')]);
    expect(raced.map((r) => r.code)).toEqual([0, 0]);
    const listed = await cli('consumers', '--service', 'users-service', '--environment', 'production', '--format', 'json');
    const consumers = (JSON.parse(listed.stdout) as { consumers: Array<{ consumer: string; version: string }> }).consumers;
    expect(consumers.filter((c) => c.consumer === 'checkout-web')).toHaveLength(1);
    const asked = await askBreaking('production');
    expect(asked.code, asked.stdout).toBe(1);
    expect(asked.stdout).toContain('checkout-web');
  });

  it('a version never published, an environment spelt another way, one never created: refused, and no environment appears', async () => {
    const attempts = [
      [deploy('checkout-web', '3.0.0', 'production'), 'ERR_VERSION_UNKNOWN'],
      [deploy('checkout-web', '1.0.0', 'Production'), 'ERR_ENVIRONMENT_UNKNOWN'],
      [deploy('checkout-web', '1.0.0', 'production '), 'ERR_REQUEST_INVALID'],
      [deploy('checkout-web', '1.0.0', 'staging'), 'ERR_ENVIRONMENT_UNKNOWN'],
    ] as const;
    for (const [attempt, code] of attempts) {
      const result = await attempt;
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`error ${code}:`);
    }
    expect(await cli('environment', 'list')).toMatchObject({ code: 0, stdout: 'production\n' });
    // The gate asked about the misspelt or missing environment decides nothing; asked about the real one, it still refuses.
    for (const environment of ['Production', 'staging', 'production ']) {
      const asked = await askBreaking(environment);
      expect(asked.code, `${environment}: ${asked.stdout}${asked.stderr}`).toBe(2);
      expect(asked.stdout).not.toMatch(/DEPLOYABLE/);
    }
    expect((await askBreaking('production')).code).toBe(1);
  });
});
