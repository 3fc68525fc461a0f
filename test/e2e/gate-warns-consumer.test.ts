// A warning refuses no deploy, but the gate's answer names the consumers that use what it reaches (`warns-consumer`,
// severity warning): the provider's owners learn whom to tell. Against a real registry, through the CLI.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { '200': { description: 'ok' } };
const orders = (version: string, scopes: Record<string, string>) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version },
  components: { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes } } } } },
  paths: { '/orders': { get: { security: [{ oauth: ['read'] }], responses: ok } }, '/health': { get: { responses: ok } } },
});

const session = useRegistry({ name: 'gate-warns-consumer', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a warning that reaches what a deployed consumer uses', () => {
  it('is deployable, and the verdict names that consumer alone with the change', async () => {
    await publish('orders', '1.0.0', { contract: orders('1.0.0', { read: 'read orders', write: 'write orders' }) });
    await deploy('orders', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  orders:\n    - operation: GET /orders' });
    await deploy('web', '1.0.0');
    await publish('probe', '1.0.0', { consumes: '  orders:\n    - operation: GET /health' });
    await deploy('probe', '1.0.0');

    await publish('orders', '1.1.0', { contract: orders('1.1.0', { read: 'read orders' }) });
    const asked = await verdictOf('orders', '1.1.0');
    expect(asked.code).toBe(0);
    expect(asked.verdict.decision).toBe('deployable');
    expect(asked.reasons).toEqual([
      expect.objectContaining({
        code: 'warns-consumer',
        severity: 'warning',
        consumer: 'web',
        message: expect.stringContaining('orders 1.1.0 changes what web 1.0.0'),
        changes: [expect.objectContaining({ id: 'api-security-component-oauth-scope-removed', level: 'warning' })],
      }),
    ]);

    const text = await cli('can-i-deploy', '--service', 'orders', '--version', '1.1.0', '--to', 'production');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^DEPLOYABLE: [^\n]*\(1 note\)\n {2}- warns-consumer: orders 1\.1\.0 changes what web 1\.0\.0 [^\n]*scope write was removed/);
    expect(text.stdout).not.toContain('probe');
  });
});
