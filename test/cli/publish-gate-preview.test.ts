// `overseer publish` of a version that breaks a deployed consumer printed "published" and nothing more: the owners
// learned of the refusal at deploy time. It now says, per environment, what can-i-deploy will answer, without
// recording an ask in the audit trail and without failing the publication.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const users = ['--manifest', 'examples/users-service/overseer.yaml'];
const session = useRegistry({
  name: 'publish-gate-preview',
  setup: [
    ['publish', ...users, '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const auditTrail = async () => ((await (await fetch(`${session.registry.url}/v1/verdicts`)).json()) as { verdicts: unknown[] }).verdicts;

describe('publish says what the gate will say', () => {
  it('names the change, the consumer it breaks, the environment and the command to see why, and exits 0', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^published: users-service 2\.0\.0 \(/);
    // The field checkout-web reads is gone: one change, stated once though the gate also names the missing field.
    expect(r.stdout.split('\n').slice(1)).toEqual([
      '1 change breaks checkout-web in production: can-i-deploy will refuse; see overseer can-i-deploy --service users-service --version 2.0.0 --to production',
      '',
    ]);
    // Asked, not recorded: the audit trail and the notifications are for real asks.
    expect(await auditTrail()).toEqual([]);
  });

  it('adds nothing where every environment would take the version', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.1.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^published: users-service 1\.1\.0 \([^\n]*\)\n$/);
  });

  it("names a consumer's missing providers by the gate's reason where they are not deployed", async () => {
    const r = await session.cli('publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'orders-service and users-service are not deployed in staging: can-i-deploy will refuse; see overseer can-i-deploy --service checkout-web --version 1.0.1 --to staging',
      '',
    ]);
  });

  it('keeps --format json to the publication alone', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.0', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unchanged', version: { version: '2.0.0' } });
  });
});
